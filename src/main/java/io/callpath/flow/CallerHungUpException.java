package io.callpath.flow;

/** The caller (or the leg this session runs on) hung up. An outcome, not an error. */
public final class CallerHungUpException extends RuntimeException {

    public CallerHungUpException(String whatWasRunning) {
        super("hung up during " + whatWasRunning, null, false, false);
    }
}
