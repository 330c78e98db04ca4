package io.callpath.flow;

import io.callpath.config.CallbackConfig;
import io.callpath.config.CallpathConfig;
import io.callpath.config.DepartmentConfig;
import io.callpath.config.LineConfig;
import io.callpath.config.Prompt;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code callback} script, on the seller's channel that an AMI Originate rang and the seller answered. Arguments:
 * the attempt ({@code JOB-ATTEMPT}), line, seconds the caller waited, the caller's number. Whispers "Callback. A caller
 * hung up after N seconds" and the line's whisper, takes the department's accept key, then dials the caller with the
 * line's caller id, but only once the database confirmed that this attempt still holds the job (that write runs while
 * the whisper plays) and that the caller did not call in since the seller answered; the {@code callback-answered}
 * gosub on the caller's leg records the moment they talk.
 */
public final class CallbackFlow implements AgiScript {

    private static final Logger log = LoggerFactory.getLogger(CallbackFlow.class);
    static final String SECONDS_PROMPT = "callpath/callback-seconds";
    /** How long a job stays claimed once its seller took it: the conversation. */
    static final Duration TALK_LEASE = Duration.ofHours(4);
    /** How long a seller who accepted waits, at most, for the database to confirm the attempt before the caller is dialled. */
    static final Duration CONFIRM_LIMIT = Duration.ofSeconds(5);

    private final CallpathConfig config;
    private final CallbackJobs jobs;
    private final Clock clock;

    public CallbackFlow(CallpathConfig config, CallbackJobs jobs, Clock clock) {
        this.config = config;
        this.jobs = jobs;
        this.clock = clock;
    }

    @Override
    public void run(Channel channel) {
        List<String> arguments = channel.request().arguments();
        Optional<CallbackAttempt> attempt =
                arguments.isEmpty() ? Optional.empty() : CallbackAttempt.parse(arguments.get(0));
        Optional<LineConfig> line = arguments.size() < 4 ? Optional.empty() : config.lineNamed(arguments.get(1));
        if (attempt.isEmpty() || line.isEmpty()) {
            log.warn(
                    "callback script called with arguments {}: expected job-attempt, line, seconds, number "
                            + "(extensions-callpath.conf, [callpath-callback])",
                    arguments);
            return;
        }
        CallbackAttempt job = attempt.get();
        CallbackConfig callback = line.get().callback();
        String number = arguments.get(3);
        if (!Pattern.matches(callback.callablePattern(), number)) {
            log.warn("callback job={}: number does not match callablePattern; not dialled", job);
            jobs.attemptFailed(job, "not_callable", clock.instant());
            return;
        }
        String seller = AnsweredFlow.dialStringOf(channel.request().channelName());
        try {
            CompletableFuture<Boolean> held = jobs.sellerAnswered(
                    job, seller, clock.instant(), clock.instant().plus(TALK_LEASE));
            Optional<DepartmentConfig> department =
                    Optional.ofNullable(config.departments().get(line.get().callbackDepartment()));
            if (!whisperAndAccept(channel, callback, line.get(), department, arguments.get(2))) {
                log.info("callback job={} seller={} declined", job, seller);
                jobs.attemptFailed(job, "seller_declined", clock.instant());
                return;
            }
            // a caller who phoned in while the whisper played is in a call with us: asked after the accept key
            Instant acceptedAt = clock.instant();
            Optional<CallbackJobs.Confirmation> confirmed = within(
                    held.thenCompose(stillHeld -> stillHeld
                            ? jobs.confirm(job, acceptedAt)
                            : CompletableFuture.completedFuture(CallbackJobs.Confirmation.NOT_HELD)),
                    CONFIRM_LIMIT);
            if (confirmed.isEmpty()) {
                log.warn(
                        "callback job={}: the database did not confirm the attempt (waited up to {} s); the caller "
                                + "is not dialled now and the job is retried after its back-off: check the database",
                        job,
                        CONFIRM_LIMIT.toSeconds());
                jobs.attemptFailed(job, "not_confirmed", clock.instant());
                return;
            }
            if (confirmed.get() == CallbackJobs.Confirmation.NOT_HELD) {
                log.info(
                        "callback job={}: the attempt no longer holds the job (retried, cancelled or ended); "
                                + "the caller is not dialled",
                        job);
                return;
            }
            if (confirmed.get() == CallbackJobs.Confirmation.CALLER_CALLED_IN) {
                log.info(
                        "callback job={} seller={}: the caller called in after the seller answered; the job ends "
                                + "caller_called_in and the caller is not dialled",
                        job,
                        seller);
                return;
            }
            jobs.sellerAccepted(job, clock.instant());
            channel.setVariable("CALLERID(num)", callback.callerId());
            channel.exec(
                    "Dial",
                    callback.dialFor(number) + ","
                            + Math.max(1, callback.ringTime().toSeconds()) + ",U(callpath-callback-answered^"
                            + job.text() + ")");
            String status = channel.variable("DIALSTATUS").orElse("");
            if (!status.equals("ANSWER")) {
                log.info("callback job={} caller did not answer (DIALSTATUS={})", job, status);
                jobs.attemptFailed(
                        job,
                        "caller_" + (status.isEmpty() ? "unknown" : status.toLowerCase(java.util.Locale.ROOT)),
                        clock.instant());
            }
        } catch (CallerHungUpException hungUp) {
            log.info("callback job={} seller={} hung up before the caller answered", job, seller);
            jobs.attemptFailed(job, "seller_hung_up", clock.instant());
        }
    }

    private boolean whisperAndAccept(
            Channel channel,
            CallbackConfig callback,
            LineConfig line,
            Optional<DepartmentConfig> department,
            String waitedSeconds) {
        Optional<Character> acceptKey = department.flatMap(DepartmentConfig::acceptDigit);
        String escape = acceptKey.map(String::valueOf).orElse("");
        Optional<Character> pressed = PromptPlayer.play(channel, callback.whisper(), escape, PromptPlayer.NOTICE_LIMIT)
                .pressed();
        if (pressed.isEmpty() && waitedSeconds.matches("[0-9]{1,6}")) {
            channel.exec("SayNumber", waitedSeconds);
            pressed = PromptPlayer.play(channel, Prompt.of(SECONDS_PROMPT), escape, PromptPlayer.NOTICE_LIMIT)
                    .pressed();
        }
        if (pressed.isEmpty() && line.whisper() != null) {
            pressed = PromptPlayer.play(channel, line.whisper(), escape, PromptPlayer.NOTICE_LIMIT)
                    .pressed();
        }
        if (acceptKey.isEmpty() || pressed.equals(acceptKey)) {
            return true;
        }
        DepartmentConfig accepting = department.get();
        return PromptPlayer.readDigit(channel, accepting.acceptPrompt(), accepting.acceptTimeout())
                .equals(acceptKey);
    }

    /** The future's value if it comes within {@code limit}; empty when it does not (or failed). */
    private static <T> Optional<T> within(CompletableFuture<T> future, Duration limit) {
        try {
            return Optional.of(future.get(limit.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException notConfirmed) {
            return Optional.empty();
        }
    }
}
