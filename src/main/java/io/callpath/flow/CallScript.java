package io.callpath.flow;

/** What runs for one FastAGI script name (incoming, answered, handoff, hangup). */
public interface CallScript {

    /**
     * Runs the session to its end. Exceptions from the channel propagate to the session edge,
     * which records the outcome; the script records its own events as it goes.
     */
    void run(Channel channel);
}
