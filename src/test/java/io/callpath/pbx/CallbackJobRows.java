package io.callpath.pbx;

import io.callpath.store.Sql;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;

/** A number's callback job as the callback PBX tests read it: its latest {@code callbacks} row and its event types. */
final class CallbackJobRows {

    private CallbackJobRows() {}

    /** The number's latest job (column label -> value) once it is in {@code state} (in any state when null). */
    static Map<String, Object> await(PbxRig rig, String number, String state, Duration timeout) {
        return Awaitility.await("callback of " + number + " " + (state == null ? "in any state" : state))
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> latest(rig, number),
                        job -> job.isPresent()
                                && (state == null || state.equals(job.get().get("state"))))
                .orElseThrow();
    }

    static Optional<Map<String, Object>> latest(PbxRig rig, String number) {
        return Sql.rows(rig.dataSource(), "SELECT * FROM callbacks WHERE number = ? ORDER BY id DESC LIMIT 1", number)
                .stream()
                .findFirst();
    }

    /** The job's {@code callback_events} types in the order they were written ("queued", "claimed", ...). */
    static List<String> eventTypes(PbxRig rig, Map<String, Object> job) {
        return Sql.rows(
                        rig.dataSource(),
                        "SELECT type FROM callback_events WHERE callback_id = ? ORDER BY id",
                        job.get("id"))
                .stream()
                .map(row -> (String) row.get("type"))
                .toList();
    }
}
