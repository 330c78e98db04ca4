package io.callpath.flow;

/** The channel cannot be used any more: the peer went silent, closed, or spoke something that is not AGI. */
public final class ChannelFailureException extends RuntimeException {

    public ChannelFailureException(String message) {
        super(message);
    }

    public ChannelFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
