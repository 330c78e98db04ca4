package io.callpath.flow;

import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code callback-answered} script: the Dial U() gosub on the caller's leg of a callback, run when they answer.
 * Argument: the attempt ({@code JOB-ATTEMPT}, {@link CallbackAttempt}). Records the moment seller and caller talk:
 * the callback's t_seller.
 */
public final class CallbackAnsweredFlow implements AgiScript {

    private static final Logger log = LoggerFactory.getLogger(CallbackAnsweredFlow.class);

    private final CallbackJobs jobs;
    private final Clock clock;

    public CallbackAnsweredFlow(CallbackJobs jobs, Clock clock) {
        this.jobs = jobs;
        this.clock = clock;
    }

    @Override
    public void run(Channel channel) {
        String argument = channel.request().arguments().isEmpty()
                ? ""
                : channel.request().arguments().get(0);
        Optional<CallbackAttempt> attempt = CallbackAttempt.parse(argument);
        if (attempt.isEmpty()) {
            log.warn(
                    "callback-answered called without a job and attempt ({}); see extensions-callpath.conf",
                    argument.trim());
            return;
        }
        jobs.connected(attempt.get(), clock.instant());
        log.info("callback job={} connected: seller and caller talk", attempt.get());
    }
}
