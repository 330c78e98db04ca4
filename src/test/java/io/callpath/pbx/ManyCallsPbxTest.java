package io.callpath.pbx;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** 200 callers at once on one Asterisk and one callpath: every call recorded, none failed, both logs clean. */
class ManyCallsPbxTest {

    static final int CALLS = 200;
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(180);

    static PbxRig rig;
    static final List<PlacedCall> placed = new ArrayList<>();

    @BeforeAll
    static void placeCalls() {
        rig = PbxRig.builder("many-calls").start();
        // Asterisk's own back-pressure notice when 400 channels start within a second: its manager's event queue passes
        // 3,000 tasks (seen on a quiet 2-core machine too); it concerns Asterisk's AMI event routing, not a call
        rig.expectAsteriskProblem(
                "taskprocessor\\.c: Taskprocessor 'stasis/m:manager:core-[0-9a-f]+' queue reached 3000 scheduled tasks");
        // its logger's queue of verbose lines overflows the same way on a loaded machine; this test reads CEL, not the
        // log
        rig.expectAsteriskProblem("logger: Log queue threshold \\(1000\\) exceeded\\.  Discarding new messages\\.");
        for (int index = 0; index < CALLS; index++) {
            // half press 1 (sales: accept key), half press 2 (service: no accept key), at slightly different moments
            String key = index % 2 == 0 ? "1" : "2";
            placed.add(rig.call("5551000", "a-w" + (1_500 + index % 10 * 100) + "-d" + key + "-w40000"));
        }
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void everyCallIsRecordedAndReachesASellerAndTheMedianAgreesWithAsterisksClock() {
        List<CallResult> results = rig.awaitAll(placed, CALL_TIMEOUT);
        List<Double> deltas = new ArrayList<>();
        List<Double> lags = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (CallResult result : results) {
            CallRow row = result.row();
            if (!"reached_seller".equals(row.outcome())
                    || row.timeToSellerMs() == null
                    || row.phaseSum() != row.timeToSellerMs()) {
                wrong.add(row.toString());
                continue;
            }
            deltas.add(result.timeToSellerDeltaMillis());
            lags.add(result.asteriskBridgeLagMillis());
        }
        if (!deltas.isEmpty()) {
            PbxDeltas.record("200 at once: key 1 (accept) or 2, reached", CALLS, deltas);
            PbxDeltas.record("200 at once: Asterisk's lag, answered AGI end -> bridge", CALLS, lags);
        }
        assertThat(wrong)
                .as("calls that did not reach a seller, or whose phases do not sum")
                .isEmpty();
        // The typical call agrees with Asterisk's clock as a single call does. Each call's own delta is reported in
        // target/pbx-deltas.txt, not asserted: under load Asterisk bridges a few calls tens of ms after callpath's
        // accept, and how many depends on how busy the machine is (tests never assert on wall-clock speed).
        assertThat(median(deltas))
                .as("median callpath minus CEL time-to-seller (ms)")
                .isBetween(-CallRoutesPbxTest.TOLERANCE_MS, CallRoutesPbxTest.TOLERANCE_MS);
        rig.assertNoUnexpectedProblems();
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
