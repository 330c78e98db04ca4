package io.callpath.e2e;

import io.callpath.config.CallpathConfig;
import io.callpath.events.CallEvent;
import io.callpath.flow.CallbackTrigger;
import io.callpath.store.PostgresCallbackJobs;
import io.callpath.store.SharedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/** A fake-PBX call's events through the real callback trigger into the shared PostgreSQL's callbacks table. */
final class TriggeredCallbacks {

    private TriggeredCallbacks() {}

    /** Feeds {@code events} to a {@link CallbackTrigger} on {@code config} and waits until the jobs it queued are written. */
    static void queue(CallpathConfig config, List<CallEvent> events) {
        try (PostgresCallbackJobs jobs =
                new PostgresCallbackJobs(SharedPostgres.database().dataSource(), "e2e")) {
            CallbackTrigger trigger = new CallbackTrigger(config, jobs);
            events.forEach(trigger::accept);
            jobs.drain(Duration.ofSeconds(10));
        }
    }

    /** Deletes {@code number}'s callbacks and their events, so that each test sees only its own job. */
    static void clear(String number) throws SQLException {
        try (Connection connection = SharedPostgres.database().dataSource().getConnection();
                PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM callback_events WHERE callback_id IN (SELECT id FROM callbacks WHERE number = ?); "
                                + "DELETE FROM callbacks WHERE number = ?")) {
            delete.setString(1, number);
            delete.setString(2, number);
            delete.execute();
        }
    }
}
