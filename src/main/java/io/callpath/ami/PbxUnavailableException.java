package io.callpath.ami;

/** The manager connection is down or refused the action; the message says which, for a person to read. */
public final class PbxUnavailableException extends RuntimeException {

    public PbxUnavailableException(String message) {
        super(message);
    }
}
