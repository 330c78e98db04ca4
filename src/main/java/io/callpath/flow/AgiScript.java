package io.callpath.flow;

/**
 * What the FastAGI server runs for one script name (incoming, answered, handoff, hangup, callback,
 * callback-answered): a {@link SessionRunner} around a {@link CallFlow}, or a script that records on its own.
 */
public interface AgiScript {

    /**
     * Runs the session to its end. Exceptions from the channel propagate to the session edge,
     * which records the outcome; the script records its own events as it goes.
     */
    void run(Channel channel);
}
