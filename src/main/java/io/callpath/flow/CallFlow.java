package io.callpath.flow;

/**
 * A flow's body (InboundFlow, AnsweredFlow, ...): runs one session on a channel, recording through the session's
 * recorder. {@link SessionRunner} turns it into the {@link AgiScript} the server runs.
 */
public interface CallFlow {

    void run(Channel channel, CallRecorder recorder);
}
