package io.callpath.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.store.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * callpath killed (kill -9) while a caller is in the menu, with real processes: the caller's session is cut, the
 * dialplan falls back, and the call's hang-up handler reaches the restarted callpath. The call is recorded as a
 * failure (interrupted) with its end, never as the caller's abandon.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CrashInTheMenuTest {

    private static final String LINKED_ID = "1796000000.900";

    @TempDir
    Path root;

    @Test
    void callWhoseServerDiedInTheMenuIsInterruptedNotAbandoned() throws Exception {
        Path configFile = CallpathProcess.writeConfig(
                root, "shutdownGrace: 5s", "informer:\n  prompt: callpath/informer", "sellers: [PJSIP/101]");
        Instant t0 = Instant.now();
        String t0Text = t0.getEpochSecond() + "." + String.format("%06d", t0.getNano() / 1000);
        try (CallpathProcess first = CallpathProcess.serve(configFile, "crash-in-menu-1")) {
            int port = first.awaitListening();
            try (RawAgiSession caller = RawAgiSession.open(port, "incoming", LINKED_ID, "5551000")) {
                assertThat(caller.answerUntil(
                                "GET DATA callpath/menu", "200 result=1 (" + LINKED_ID + " " + t0Text + ")\n"))
                        .startsWith("GET DATA callpath/menu");
                // the caller listens to the menu; the writer commits the arrival meanwhile (lost or not, the verdict is
                // the same)
                Thread.sleep(1_000);
                first.kill9();
                assertThat(caller.closedByServer()).isTrue();
            }
        }
        try (CallpathProcess second = CallpathProcess.serve(configFile, "crash-in-menu-2")) {
            int port = second.awaitListening();
            // the dialplan's fallback rang the assistants; the caller hangs up, the hang-up handler runs
            try (RawAgiSession handler = RawAgiSession.open(port, "hangup?leg=caller", LINKED_ID, LINKED_ID)) {
                assertThat(handler.nextCommand()).startsWith("GET FULL VARIABLE");
                handler.send("200 result=1 (" + LINKED_ID + "|16|ANSWER|" + t0Text + ")\n");
                assertThat(handler.closedByServer()).isTrue();
            }
            second.sigterm();
            second.awaitExit(Duration.ofSeconds(60));
        }
        try (Database database = ChildDatabase.open(root);
                Connection connection = database.dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT outcome, outcome_reason, abandon_phase, ended_at FROM calls WHERE linked_id = ?")) {
            query.setString(1, LINKED_ID);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).as("a row for the call").isTrue();
                assertThat(row.getString("outcome")).isEqualTo("failed");
                assertThat(row.getString("outcome_reason")).isEqualTo("interrupted");
                assertThat(row.getString("abandon_phase")).isNull();
                assertThat(row.getTimestamp("ended_at")).isNotNull();
            }
        }
    }
}
