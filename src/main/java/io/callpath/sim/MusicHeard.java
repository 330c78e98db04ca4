package io.callpath.sim;

import java.time.Duration;

/**
 * Music on hold the caller heard during one Dial with {@code m(class)}: from the Dial's start until the caller was
 * bridged (after the called party's U() whisper, as on Asterisk 22), the Dial ended, or the caller hung up.
 *
 * @param musicClass the class named in {@code m(...)}
 * @param from       since the caller channel's creation (t0), audio time
 * @param to         since t0, audio time
 */
public record MusicHeard(String musicClass, Duration from, Duration to) {

    public Duration length() {
        return to.minus(from);
    }
}
