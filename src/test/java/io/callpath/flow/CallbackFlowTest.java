package io.callpath.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.config.CallpathConfig;
import io.callpath.config.ConfigLoader;
import io.callpath.flow.CallbackJobs.Confirmation;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class CallbackFlowTest {

    private static final CallpathConfig CONFIG = ConfigLoader.load(Path.of("config/simulate.yaml"));
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
    private static final CallbackAttempt ATTEMPT = new CallbackAttempt(17, 2);

    @Test
    void aSellerWhoAcceptsDialsTheCallerOnlyOnceTheAttemptIsConfirmedToHoldTheJob() {
        AnsweringJobs jobs = new AnsweringJobs(CompletableFuture.completedFuture(true));
        ScriptedChannel seller = sellerWhoAccepts();

        new CallbackFlow(CONFIG, jobs, CLOCK).run(seller);

        assertThat(jobs.answered).containsExactly(ATTEMPT);
        assertThat(seller.dials()).singleElement().asString().contains("U(callpath-callback-answered^17-2)");
    }

    @Test
    void anAttemptThatNoLongerHoldsTheJobNeverDialsTheCallerNorWritesAFailure() {
        AnsweringJobs jobs = new AnsweringJobs(CompletableFuture.completedFuture(false));
        ScriptedChannel seller = sellerWhoAccepts();

        new CallbackFlow(CONFIG, jobs, CLOCK).run(seller);

        assertThat(seller.dials()).isEmpty();
        assertThat(jobs.failed).isEmpty();
    }

    @Test
    void aCallerWhoCalledInAfterTheSellerAnsweredIsNotDialledAndNoFailureIsWritten() {
        AnsweringJobs jobs = new AnsweringJobs(CompletableFuture.completedFuture(true), Confirmation.CALLER_CALLED_IN);
        ScriptedChannel seller = sellerWhoAccepts();

        new CallbackFlow(CONFIG, jobs, CLOCK).run(seller);

        assertThat(jobs.confirmed).containsExactly(ATTEMPT);
        assertThat(seller.dials()).isEmpty();
        assertThat(jobs.failed).isEmpty();
    }

    @Test
    void anAttemptThatNoLongerHoldsTheJobIsNotAskedAboutTheCaller() {
        AnsweringJobs jobs = new AnsweringJobs(CompletableFuture.completedFuture(false));

        new CallbackFlow(CONFIG, jobs, CLOCK).run(sellerWhoAccepts());

        assertThat(jobs.confirmed).isEmpty();
    }

    @Test
    void anAttemptWhoseSellerAnsweredWriteWasLostNeverDialsTheCallerAndFailsTheAttempt() {
        AnsweringJobs jobs =
                new AnsweringJobs(CompletableFuture.failedFuture(new IllegalStateException("not written")));
        ScriptedChannel seller = sellerWhoAccepts();

        new CallbackFlow(CONFIG, jobs, CLOCK).run(seller);

        assertThat(seller.dials()).isEmpty();
        assertThat(jobs.failed).containsExactly(ATTEMPT + " not_confirmed");
    }

    private static ScriptedChannel sellerWhoAccepts() {
        return new ScriptedChannel(FlowFixture.request(
                        ScriptNames.CALLBACK,
                        Map.of(),
                        List.of(ATTEMPT.text(), "main", "32", "5550100"),
                        "PJSIP/101-00000007",
                        "en",
                        "5550100",
                        ""))
                .press("callpath/callback", '1')
                .dial("PJSIP/5550100", "ANSWER")
                .withVariable("DIALSTATUS", "ANSWER");
    }

    /** Answers every seller-answered write with {@code held} and every confirm with {@code confirmation}; records the rest. */
    private static final class AnsweringJobs implements CallbackJobs {
        final CompletableFuture<Boolean> held;
        final Confirmation confirmation;
        final List<CallbackAttempt> answered = new ArrayList<>();
        final List<CallbackAttempt> confirmed = new ArrayList<>();
        final List<String> failed = new ArrayList<>();

        AnsweringJobs(CompletableFuture<Boolean> held) {
            this(held, Confirmation.HELD);
        }

        AnsweringJobs(CompletableFuture<Boolean> held, Confirmation confirmation) {
            this.held = held;
            this.confirmation = confirmation;
        }

        @Override
        public void queue(CallbackRequest request) {}

        @Override
        public void cancel(String number, String reason, Instant at) {}

        @Override
        public Optional<CallbackJob> claim(Set<String> lines, String server, Instant now, Duration lease) {
            return Optional.empty();
        }

        @Override
        public CompletableFuture<Boolean> sellerAnswered(
                CallbackAttempt attempt, String seller, Instant at, Instant leaseUntil) {
            answered.add(attempt);
            return held;
        }

        @Override
        public CompletableFuture<Confirmation> confirm(CallbackAttempt attempt, Instant at) {
            confirmed.add(attempt);
            return CompletableFuture.completedFuture(confirmation);
        }

        @Override
        public void connected(CallbackAttempt attempt, Instant at) {}

        @Override
        public void attemptFailed(CallbackAttempt attempt, String reason, Instant at) {
            failed.add(attempt + " " + reason);
        }

        @Override
        public int expireLeases(Instant now) {
            return 0;
        }
    }
}
