package io.callpath.flow;

/** A script body: runs one session on a channel, recording through the session's recorder. */
public interface SessionScript {

    void run(Channel channel, CallRecorder recorder);
}
