package io.callpath.desk;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.ami.NoPbx;
import io.callpath.config.CallpathConfig;
import io.callpath.config.ConfigLoader;
import io.callpath.config.SmallConfigs;
import io.callpath.events.CallEvent;
import io.callpath.events.EventType;
import io.callpath.events.Phase;
import io.callpath.flow.CallbackAttempt;
import io.callpath.flow.CallbackCalls;
import io.callpath.flow.CallbackJob;
import io.callpath.flow.CallbackJobs;
import io.callpath.flow.CallbackJobs.Confirmation;
import io.callpath.flow.CallbackRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The seller's callback card from the steps the scheduler and the callback scripts take, on a clock the test moves:
 * a phone rung past its ring time was missed, a decline and an offered callback say so, and the newer of a callback
 * and an inbound call is the one a seller's desk shows.
 */
class DeskCallbacksTest {

    private static final Instant T = Instant.parse("2026-05-04T10:00:00Z");
    private static final CallpathConfig CONFIG = ConfigLoader.parse(SmallConfigs.ONE_LINE.replace("""
                  dial: [PJSIP/201]
            """, """
                  dial: [PJSIP/201]
                callback: {enabled: true, maxAttempts: 3, ringTime: 20s}
            """), "test");

    private final MovableClock clock = new MovableClock(T);
    private final DeskCalls calls = new DeskCalls(clock);
    private final DeskCallbacks desk = new DeskCallbacks(CONFIG, calls, clock);
    private final Queue queue = new Queue();
    private final CallbackJobs jobs = desk.watching(queue);
    private final List<String> rung = new ArrayList<>();
    private final CallbackCalls ringing = desk.watching((CallbackCalls) (job, seller, ringTime) -> {
        rung.add(seller);
        return CompletableFuture.completedFuture(null);
    });
    private final Desks desks = new Desks(CONFIG, calls, desk, event -> {}, new NoPbx(), clock);

    @Test
    void aCallbackNobodyAnswersShowsAsMissedOnceItsRingTimeIsOverThenLeavesTheDesk() {
        CallbackJob job = claimAndRing("abandoned");

        assertThat(desk.atSeller("PJSIP/101").orElseThrow().state()).isEqualTo(CallbackView.State.RINGING);
        assertThat(desk.atSeller("PJSIP/102")).isEmpty();
        clock.now = T.plusSeconds(19);
        assertThat(desk.atSeller("PJSIP/101").orElseThrow().state()).isEqualTo(CallbackView.State.RINGING);
        clock.now = T.plusSeconds(20);
        CallbackView missed = desk.atSeller("PJSIP/101").orElseThrow();
        assertThat(missed.state()).isEqualTo(CallbackView.State.MISSED);
        assertThat(missed.detail()).isEqualTo("seller_noanswer");
        assertThat(missed.stateMillis()).isEqualTo(T.plusSeconds(20).toEpochMilli());
        assertThat(missed.jobId()).isEqualTo(job.id());
        clock.now = T.plusSeconds(20).plus(DeskCallbacks.KEEP_ENDED).plusMillis(1);
        assertThat(desk.atSeller("PJSIP/101")).isEmpty();
    }

    @Test
    void anOfferedCallbackTheSellerDeclinesSaysTheCallerAskedForItAndThatTheSellerDeclined() {
        claimAndRing("offered");
        clock.now = T.plusSeconds(4);
        jobs.sellerAnswered(
                new CallbackAttempt(7, 1),
                "PJSIP/101",
                clock.instant(),
                clock.instant().plusSeconds(60));
        assertThat(desk.atSeller("PJSIP/101").orElseThrow().state()).isEqualTo(CallbackView.State.WHISPER);
        clock.now = T.plusSeconds(9);
        jobs.attemptFailed(new CallbackAttempt(7, 1), "seller_declined", clock.instant());

        CallbackView view = desk.atSeller("PJSIP/101").orElseThrow();
        assertThat(view.state()).isEqualTo(CallbackView.State.DECLINED);
        assertThat(view.origin()).isEqualTo("offered");
        assertThat(view.number()).isEqualTo("5550701");
        assertThat(view.line()).isEqualTo("main");
        assertThat(view.waitedMillis()).isEqualTo(21_000);
        assertThat(view.hungUpMillis()).isEqualTo(T.minusSeconds(40).toEpochMilli());
        assertThat(view.attempt()).isEqualTo(1);
        assertThat(view.maxAttempts()).isEqualTo(3);
        assertThat(queue.failed).containsExactly("7 seller_declined");
    }

    @Test
    void aCallbackWhoseCallerCalledInDuringTheWhisperShowsAsEndedNotAsACallerWhoDidNotAnswer() {
        CallbackJob job = claimAndRing("abandoned");
        jobs.sellerAnswered(job.thisAttempt(), "PJSIP/101", T.plusSeconds(4), T.plusSeconds(60));
        queue.confirmation = Confirmation.CALLER_CALLED_IN;

        assertThat(jobs.confirm(job.thisAttempt(), T.plusSeconds(9)))
                .isCompletedWithValue(Confirmation.CALLER_CALLED_IN);

        CallbackView view = desk.atSeller("PJSIP/101").orElseThrow();
        assertThat(view.state()).isEqualTo(CallbackView.State.ENDED);
        assertThat(view.detail()).isEqualTo("caller_called_in");
        assertThat(view.stateMillis()).isEqualTo(T.plusSeconds(9).toEpochMilli());
    }

    @Test
    void aCallbackThisServerDidNotQueueShowsWithoutItsOrigin() {
        queue.next = Optional.of(job());
        jobs.claim(Set.of("main"), "here", T, Duration.ofSeconds(35));
        ringing.ringSeller(queue.next.get(), "PJSIP/101", Duration.ofSeconds(20));

        assertThat(desk.atSeller("PJSIP/101").orElseThrow().origin()).isEmpty();
    }

    @Test
    void theSellersDeskShowsTheNewerOfACallbackAndAnInboundCall() {
        ringInbound("1777777777.1", T.minusSeconds(5));
        claimAndRing("abandoned");

        Map<String, Object> page = desks.sellerPage("101").orElseThrow();
        assertThat(page.get("call")).isNull();
        assertThat(((CallbackView) page.get("callback")).number()).isEqualTo("5550701");

        ringInbound("1777777777.2", T.plusSeconds(2));
        clock.now = T.plusSeconds(3);
        page = desks.sellerPage("101").orElseThrow();
        assertThat(((DeskView) page.get("call")).linkedId()).isEqualTo("1777777777.2");
        assertThat(page.get("callback")).isNull();
    }

    @Test
    void theFlowsStepsReachTheQueueUnchanged() {
        CallbackJob job = claimAndRing("abandoned");
        jobs.sellerAccepted(new CallbackAttempt(job.id(), job.attempt()), T.plusSeconds(5));
        assertThat(desk.atSeller("PJSIP/101").orElseThrow().state()).isEqualTo(CallbackView.State.CALLING_CALLER);
        jobs.connected(new CallbackAttempt(job.id(), job.attempt()), T.plusSeconds(9));
        assertThat(desk.atSeller("PJSIP/101").orElseThrow().state()).isEqualTo(CallbackView.State.TALKING);
        jobs.cancel("5550799", "called_in", T);

        assertThat(queue.queued).hasSize(1);
        assertThat(queue.connected).containsExactly(7L);
        assertThat(queue.cancelled).containsExactly("5550799");
        assertThat(rung).containsExactly("PJSIP/101");
    }

    private CallbackJob claimAndRing(String origin) {
        jobs.queue(new CallbackRequest(
                "5550701",
                "main",
                "sales",
                "1777777700.1",
                origin,
                T.minusSeconds(40),
                Duration.ofSeconds(21),
                T.minusSeconds(10),
                3,
                Duration.ofMinutes(2),
                2));
        queue.next = Optional.of(job());
        CallbackJob job =
                jobs.claim(Set.of("main"), "here", T, Duration.ofSeconds(35)).orElseThrow();
        ringing.ringSeller(job, "PJSIP/101", Duration.ofSeconds(20));
        return job;
    }

    private static CallbackJob job() {
        return new CallbackJob(7, "5550701", "main", "sales", 1, T.minusSeconds(40), 21_000);
    }

    private void ringInbound(String linkedId, Instant t0) {
        calls.accept(new CallEvent(
                UUID.randomUUID(),
                linkedId,
                "s",
                EventType.CALL_ARRIVED,
                null,
                t0,
                0,
                Map.of("caller", "5550800", "line", "main")));
        calls.accept(new CallEvent(
                UUID.randomUUID(),
                linkedId,
                "s",
                EventType.PHASE_STARTED,
                Phase.SELLER_RINGING,
                t0.plusSeconds(1),
                1_000,
                Map.of("phones", "PJSIP/101", "department", "sales")));
    }

    /** The callback queue as the flow sees it, in memory: what it was handed, and the job it hands out next. */
    private static final class Queue implements CallbackJobs {
        final List<CallbackRequest> queued = new ArrayList<>();
        final List<String> cancelled = new ArrayList<>();
        final List<Long> connected = new ArrayList<>();
        final List<String> failed = new ArrayList<>();
        Optional<CallbackJob> next = Optional.empty();
        Confirmation confirmation = Confirmation.HELD;

        @Override
        public void queue(CallbackRequest request) {
            queued.add(request);
        }

        @Override
        public void cancel(String number, String reason, Instant at) {
            cancelled.add(number);
        }

        @Override
        public Optional<CallbackJob> claim(Set<String> lines, String server, Instant now, Duration lease) {
            return next;
        }

        @Override
        public CompletableFuture<Boolean> sellerAnswered(
                CallbackAttempt attempt, String seller, Instant at, Instant leaseUntil) {
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public CompletableFuture<Confirmation> confirm(CallbackAttempt attempt, Instant at) {
            return CompletableFuture.completedFuture(confirmation);
        }

        @Override
        public void connected(CallbackAttempt attempt, Instant at) {
            connected.add(attempt.jobId());
        }

        @Override
        public void attemptFailed(CallbackAttempt attempt, String reason, Instant at) {
            failed.add(attempt.jobId() + " " + reason);
        }

        @Override
        public int expireLeases(Instant now) {
            return 0;
        }
    }

    /** A wall clock the test sets. */
    private static final class MovableClock extends Clock {
        volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
