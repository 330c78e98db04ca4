package io.callpath.flow;

/** Asterisk handed us something we cannot use (a linkedid that would split a command, ...): the caller's call, not our bug. */
public final class BadInputException extends RuntimeException {

    /** @param reason what was wrong, in words an operator can act on; one line, no caller text unescaped */
    public BadInputException(String reason) {
        super(reason);
    }
}
