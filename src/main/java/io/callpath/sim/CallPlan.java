package io.callpath.sim;

import java.util.List;

/**
 * One simulated call, drawn from the caller model before any flow runs, so two flows can face the same callers.
 *
 * @param index        position in the run, from 0
 * @param callerNumber caller id number; a repeat call has its first call's number
 * @param repeatOf     index of the earlier call this one repeats (it is placed after that call ended), or -1
 * @param cues         the caller's key presses and hang-up
 * @param partySeed    seed for the behaviour of each phone the call rings ({@link CallPbx})
 */
public record CallPlan(int index, String callerNumber, int repeatOf, List<Cue> cues, long partySeed) {

    public CallPlan {
        cues = List.copyOf(cues);
    }

    public boolean repeat() {
        return repeatOf >= 0;
    }

    /** The caller dialling {@code did}. */
    public CallerScript script(String did) {
        CallerScript.Builder builder = CallerScript.calling(did).from(callerNumber, "Caller " + (index + 1));
        cues.forEach(builder::cue);
        return builder.build();
    }
}
