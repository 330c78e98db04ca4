package io.callpath.sim;

import io.callpath.events.CallSummary;
import io.callpath.events.Phase;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Turns a summary measured by the server's real clocks during a scaled run back into audio time: every duration
 * is divided by the time scale. Server overhead is scaled up with it (1 ms of real work at scale 0.01 reads 100 ms).
 * Only for a remote server ({@code simulate --target}); in-process runs read exact {@link SimulatedTime} instead.
 */
public final class AudioTime {

    private AudioTime() {}

    public static CallSummary of(CallSummary real, double timeScale) {
        if (!(timeScale > 0)) {
            throw new IllegalArgumentException("timeScale must be above 0, was " + timeScale);
        }
        Map<Phase, Long> phases = new EnumMap<>(Phase.class);
        real.phaseMillis().forEach((phase, millis) -> phases.put(phase, audio(millis, timeScale)));
        Long timeToSeller = real.timeToSellerMillis() == null ? null : audio(real.timeToSellerMillis(), timeScale);
        return new CallSummary(
                real.linkedId(),
                real.line(),
                real.did(),
                real.campaign(),
                real.source(),
                real.callerNumber(),
                real.route(),
                real.t0(),
                real.t0() == null || timeToSeller == null ? null : real.t0().plusMillis(timeToSeller),
                timeToSeller,
                phases,
                real.outcome(),
                real.outcomeReason(),
                real.abandonPhase(),
                real.seller(),
                real.sellerDepartment(),
                real.assistantInvolved(),
                real.transfers(),
                real.repeatCaller(),
                real.t0() == null || real.endedAt() == null
                        ? null
                        : real.t0()
                                .plusMillis(audio(
                                        Duration.between(real.t0(), real.endedAt())
                                                .toMillis(),
                                        timeScale)),
                audio(real.promoWhileRingingMillis(), timeScale));
    }

    private static long audio(long realMillis, double timeScale) {
        return Math.round(realMillis / timeScale);
    }
}
