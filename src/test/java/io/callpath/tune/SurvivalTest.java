package io.callpath.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.callpath.sim.Span;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SurvivalTest {

    @Test
    void kaplanMeierCountsCensoredWaitsAsStillWaiting() {
        // 1 event, 2 cut off, 3 event, 4 event, 5 cut off, 6 event: S = 5/6, x 3/4, x 2/3, x 0
        Survival survival = Survival.of(List.of(
                Observation.event(1),
                Observation.censored(2),
                Observation.event(3),
                Observation.event(4),
                Observation.censored(5),
                Observation.event(6)));

        assertThat(survival.happenedBy(1)).isCloseTo(1 / 6.0, within(1e-9));
        assertThat(survival.happenedBy(2)).isCloseTo(1 / 6.0, within(1e-9));
        assertThat(survival.happenedBy(3)).isCloseTo(1 - 5 / 6.0 * 3 / 4.0, within(1e-9));
        assertThat(survival.happenedBy(4)).isCloseTo(1 - 5 / 6.0 * 3 / 4.0 * 2 / 3.0, within(1e-9));
        assertThat(survival.happenedBy(6)).isCloseTo(1, within(1e-9));
        assertThat(survival.events()).isEqualTo(4);
        assertThat(survival.observations()).isEqualTo(6);
        // at 2 there are still 5 waits running; at 3 only 4
        assertThat(survival.trustedUntil()).isEqualTo(2);
    }

    @Test
    void phonesThatNeverAnswerShowAsThePlateauAndTheSpanIsFittedToThoseThatDo() {
        Random random = new Random(7);
        List<Observation> rings = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            boolean answers = random.nextDouble() < 0.7;
            long answerAfter = 2000 + (long) (random.nextDouble() * 6000);
            // some callers hang up while it rings, at any time up to 12 s: those rings are cut off, not missed
            long callerLeaves = random.nextDouble() < 0.2 ? (long) (random.nextDouble() * 12_000) : Long.MAX_VALUE;
            long ringTimeout = 15_000;
            long end = Math.min(callerLeaves, ringTimeout);
            rings.add(answers && answerAfter <= end ? Observation.event(answerAfter) : Observation.censored(end));
        }
        Survival survival = Survival.of(rings);

        assertThat(survival.plateau()).isCloseTo(0.7, within(0.03));
        Span span = SpanFit.of(survival, survival.plateau());
        assertThat(span.min().toMillis()).isCloseTo(2000, within(400L));
        assertThat(span.max().toMillis()).isCloseTo(8000, within(400L));
    }

    @Test
    void aTimeoutThatCutsOffTheSlowAnswersStillGivesTheWholeSpan() {
        Random random = new Random(11);
        List<Observation> rings = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            long answerAfter = 2000 + (long) (random.nextDouble() * 10_000);
            long timeout = 8000;
            rings.add(answerAfter <= timeout ? Observation.event(answerAfter) : Observation.censored(timeout));
        }

        Span span = SpanFit.of(Survival.of(rings), 1);

        assertThat(span.min().toMillis()).isCloseTo(2000, within(500L));
        assertThat(span.max().toMillis()).isCloseTo(12_000, within(800L));
    }

    @Test
    void noEventsGiveAZeroSpan() {
        assertThat(SpanFit.of(Survival.of(List.of(Observation.censored(5))), 1)).isEqualTo(Span.of(Duration.ZERO));
    }

    @Test
    void theSameCallersUnderTheSameConfigDifferByNothing() {
        boolean[] within = {true, false, true, true, false};
        boolean[] none = new boolean[5];

        PairedBootstrap.Interval interval = PairedBootstrap.serviceLevelDifference(within, none, within, none, 1);

        assertThat(interval.low()).isZero();
        assertThat(interval.high()).isZero();
        assertThat(interval.above(0)).isFalse();
    }

    @Test
    void aConfigThatServesEveryCallerTheOtherMissedIsDistinguishablyBetter() {
        boolean[] before = new boolean[200];
        boolean[] after = new boolean[200];
        for (int i = 0; i < 200; i++) {
            before[i] = i % 4 == 0;
            after[i] = i % 2 == 0;
        }

        PairedBootstrap.Interval interval =
                PairedBootstrap.serviceLevelDifference(before, new boolean[200], after, new boolean[200], 1);

        assertThat(interval.above(0)).isTrue();
        assertThat(interval.low()).isLessThan(0.25).isGreaterThan(0.15);
    }
}
