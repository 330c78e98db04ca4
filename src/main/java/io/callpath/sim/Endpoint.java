package io.callpath.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a dialled endpoint (a seller's or assistant's phone) behaves when the fake PBX rings it.
 *
 * @param behaviour   answers, busy, never answers, unreachable
 * @param answerAfter ring time before answering (audio time), for {@link Behaviour#ANSWERS}
 * @param talk        how long the bridged conversation lasts before this endpoint hangs up
 * @param cues        what the person presses on their own leg (e.g. the accept key during the whisper)
 * @param transferTo  department the endpoint blind-transfers the caller to after {@code transferAfter}; empty = none
 * @param transferAfter talk time before the blind transfer
 */
public record Endpoint(
        Behaviour behaviour,
        Duration answerAfter,
        Duration talk,
        List<Cue> cues,
        String transferTo,
        Duration transferAfter) {

    /** What happens when this endpoint is rung. */
    public enum Behaviour {
        ANSWERS,
        BUSY,
        NEVER_ANSWERS,
        UNREACHABLE
    }

    public Endpoint {
        Objects.requireNonNull(behaviour, "behaviour == null");
        Objects.requireNonNull(answerAfter, "answerAfter == null");
        Objects.requireNonNull(talk, "talk == null");
        Objects.requireNonNull(transferTo, "transferTo == null");
        Objects.requireNonNull(transferAfter, "transferAfter == null");
        cues = List.copyOf(cues);
    }

    public static Endpoint answersAfter(Duration ring) {
        return new Endpoint(Behaviour.ANSWERS, ring, Duration.ofSeconds(30), List.of(), "", Duration.ZERO);
    }

    public static Endpoint busy() {
        return new Endpoint(Behaviour.BUSY, Duration.ZERO, Duration.ZERO, List.of(), "", Duration.ZERO);
    }

    public static Endpoint neverAnswers() {
        return new Endpoint(Behaviour.NEVER_ANSWERS, Duration.ZERO, Duration.ZERO, List.of(), "", Duration.ZERO);
    }

    public static Endpoint unreachable() {
        return new Endpoint(Behaviour.UNREACHABLE, Duration.ZERO, Duration.ZERO, List.of(), "", Duration.ZERO);
    }

    /** The same endpoint, talking for {@code duration} once bridged. */
    public Endpoint talking(Duration duration) {
        return new Endpoint(behaviour, answerAfter, duration, cues, transferTo, transferAfter);
    }

    /** The same endpoint, pressing {@code digit} {@code intoPrompt} after the first prompt that listens for keys (the whisper). */
    public Endpoint pressingDuringWhisper(char digit, Duration intoPrompt) {
        List<Cue> more = new ArrayList<>(cues);
        more.add(Cue.pressInNextKeyCommand(digit, intoPrompt));
        return new Endpoint(behaviour, answerAfter, talk, more, transferTo, transferAfter);
    }

    /** The same endpoint with extra cues on its own leg. */
    public Endpoint withCues(List<Cue> extra) {
        List<Cue> more = new ArrayList<>(cues);
        more.addAll(extra);
        return new Endpoint(behaviour, answerAfter, talk, more, transferTo, transferAfter);
    }

    /** The same endpoint as an assistant who blind-transfers the caller to {@code department} after {@code after} of talk. */
    public Endpoint transferringTo(String department, Duration after) {
        return new Endpoint(behaviour, answerAfter, talk, cues, department, after);
    }
}
