package io.callpath.store;

import java.time.Instant;

/**
 * The metrics database's state as a health check reads it ({@link Database#health()}).
 *
 * @param state     what the database is doing now
 * @param since     when it entered that state (wall clock)
 * @param restarts  how often the embedded PostgreSQL was restarted after it died, since callpath started
 * @param detail    why it is in this state, in words for an operator ("" when up)
 */
public record DatabaseHealth(State state, Instant since, int restarts, String detail) {

    /** The states of the database; only {@link #UP} takes writes and lookups. */
    public enum State {
        /** being started (embedded) or migrated (external) for the first time */
        STARTING,
        /** answering: the event writer and the repeat-caller lookups can use it */
        UP,
        /** the embedded PostgreSQL died, or the external one cannot be migrated yet: events go to the spool */
        DOWN,
        /** the embedded PostgreSQL is being started again after it died */
        RESTARTING,
        /** {@link Database#close()} is stopping it */
        STOPPING,
        /** stopped by {@link Database#close()} */
        STOPPED
    }

    /** True when the event writer and repeat-caller lookups can use the database: what a readiness check wants. */
    public boolean up() {
        return state == State.UP;
    }
}
