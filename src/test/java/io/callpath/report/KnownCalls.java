package io.callpath.report;

import io.callpath.events.CallSummary;
import io.callpath.events.Outcome;
import io.callpath.events.Phase;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A fixed day of calls whose numbers are worked out by hand in the tests. */
final class KnownCalls {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private KnownCalls() {}

    static List<CallSummary> day() {
        return List.of(
                reached(
                        "a",
                        Phase.INFORMER,
                        25_000,
                        Phase.MENU,
                        5_000,
                        Phase.ASSISTANT_RINGING,
                        3_000,
                        Phase.ASSISTANT_TALKING,
                        17_000,
                        Phase.TRANSFER_HOLD,
                        4_000,
                        Phase.SELLER_RINGING,
                        3_000,
                        Phase.WHISPER,
                        1_000),
                reached("b", Phase.MENU, 3_000, Phase.SELLER_RINGING, 4_000, Phase.WHISPER, 1_000),
                reached("c", Phase.SELLER_RINGING, 8_000, Phase.WHISPER, 1_000),
                reached("d", Phase.MENU, 4_000, Phase.SELLER_RINGING, 5_000, Phase.WHISPER, 1_000),
                reached(
                        "e",
                        Phase.INFORMER,
                        12_000,
                        Phase.MENU,
                        3_000,
                        Phase.SELLER_RINGING,
                        6_000,
                        Phase.WHISPER,
                        1_000),
                reached("f", Phase.SELLER_RINGING, 3_000, Phase.WHISPER, 1_000),
                abandoned("g", Phase.INFORMER, Phase.INFORMER, 3_000),
                abandoned("h", Phase.INFORMER, Phase.INFORMER, 5_000),
                abandoned("i", Phase.SELLER_RINGING, Phase.INFORMER, 20_000, Phase.SELLER_RINGING, 15_000),
                call("j", Outcome.ABANDONED, null, Map.of(), 8_000),
                call("k", Outcome.NO_SELLER, "after_hours", phases(Phase.INFORMER, 9_000), 9_000),
                call(
                        "l",
                        Outcome.NO_SELLER,
                        "assistant_only",
                        phases(Phase.ASSISTANT_RINGING, 2_000, Phase.ASSISTANT_TALKING, 40_000),
                        42_000),
                call("m", Outcome.FAILED, "no_department_configured", phases(Phase.MENU, 1_000), 1_000),
                call("n", null, null, phases(Phase.INFORMER, 7_000), null));
    }

    static CallSummary reached(String linkedId, Object... phasesAndMillis) {
        Map<Phase, Long> phases = phases(phasesAndMillis);
        long timeToSeller = phases.values().stream().mapToLong(Long::longValue).sum();
        return new CallSummary(
                linkedId,
                "main",
                "74950000001",
                "winter",
                "google",
                "79160000000",
                "sales",
                T0,
                T0.plusMillis(timeToSeller),
                timeToSeller,
                phases,
                Outcome.REACHED_SELLER,
                null,
                null,
                "PJSIP/101",
                "sales",
                false,
                0,
                false,
                T0.plusMillis(timeToSeller + 120_000));
    }

    static CallSummary abandoned(String linkedId, Phase abandonPhase, Object... phasesAndMillis) {
        Map<Phase, Long> phases = phases(phasesAndMillis);
        long waited = phases.values().stream().mapToLong(Long::longValue).sum();
        return new CallSummary(
                linkedId,
                "main",
                null,
                null,
                null,
                null,
                null,
                T0,
                null,
                null,
                phases,
                Outcome.ABANDONED,
                null,
                abandonPhase,
                null,
                null,
                false,
                0,
                false,
                T0.plusMillis(waited));
    }

    static CallSummary call(
            String linkedId, Outcome outcome, String reason, Map<Phase, Long> phases, Integer endedAfter) {
        return new CallSummary(
                linkedId,
                "main",
                null,
                null,
                null,
                null,
                null,
                T0,
                null,
                null,
                phases,
                outcome,
                reason,
                null,
                null,
                null,
                false,
                0,
                false,
                endedAfter == null ? null : T0.plusMillis(endedAfter));
    }

    static Map<Phase, Long> phases(Object... phasesAndMillis) {
        Map<Phase, Long> phases = new EnumMap<>(Phase.class);
        for (int i = 0; i < phasesAndMillis.length; i += 2) {
            phases.put((Phase) phasesAndMillis[i], ((Number) phasesAndMillis[i + 1]).longValue());
        }
        return phases;
    }
}
