package io.callpath.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.store.Database;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overload with silent connections ahead, with real processes: {@code callpath serve} (maxSessions 10) in a child
 * JVM; 10 silent connections fill the sessions, 70 more silent ones wait over the limit, then 20 real calls arrive.
 * Each call hears OVERLOADED and is recorded (FAILED overloaded) whatever waits ahead of it. The time each call
 * waited for its status is printed for BENCHMARKS.md, never asserted.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OverloadBehindSilentConnectionsTest {

    private static final int MAX_SESSIONS = 10;
    private static final int SILENT_OVER_THE_LIMIT = 70;
    private static final int CALLS = 20;

    @TempDir
    Path root;

    @Test
    void everyCallOverTheLimitHearsOverloadedAndIsRecordedWhateverWaitsAhead() throws Exception {
        Path configFile = CallpathProcess.writeConfig(
                root,
                "maxSessions: " + MAX_SESSIONS + "\nheaderTimeout: 3s\nshutdownGrace: 10s",
                "",
                "sellers: [PJSIP/101]");
        List<Socket> silent = new ArrayList<>();
        List<String> linkedIds = new ArrayList<>();
        long[] waitedMicros = new long[CALLS];
        try (CallpathProcess callpath = CallpathProcess.serve(configFile, "overload-silent")) {
            int port = callpath.awaitListening();
            for (int i = 0; i < MAX_SESSIONS + SILENT_OVER_THE_LIMIT; i++) {
                silent.add(new Socket(InetAddress.getLoopbackAddress(), port));
            }
            for (int call = 0; call < CALLS; call++) {
                String linkedId = "1796000000." + (500 + call);
                linkedIds.add(linkedId);
                waitedMicros[call] = overloadedCall(port, linkedId);
            }
            for (Socket connection : silent.subList(MAX_SESSIONS, silent.size())) {
                assertThat(firstLine(connection)).isEqualTo("SET VARIABLE CALLPATH_STATUS \"OVERLOADED\"");
            }
            callpath.sigterm();
            callpath.awaitExit(Duration.ofSeconds(60));
        } finally {
            for (Socket connection : silent) {
                connection.close();
            }
        }
        assertThat(recordedOverloaded(linkedIds)).isEqualTo(CALLS);
        String inOrder = java.util.Arrays.toString(java.util.Arrays.stream(waitedMicros)
                .map(micros -> micros / 1000)
                .toArray());
        java.util.Arrays.sort(waitedMicros);
        System.out.printf(
                "fault overload-behind-silent: calls=%d silentAhead=%d waitedForStatusMs p50=%.1f max=%.1f (in order, ms: %s)%n",
                CALLS,
                SILENT_OVER_THE_LIMIT,
                waitedMicros[CALLS / 2] / 1000.0,
                waitedMicros[CALLS - 1] / 1000.0,
                inOrder);
    }

    /** One call as Asterisk places it over the limit; returns the microseconds from connect to its status. */
    private static long overloadedCall(int port, String linkedId) throws IOException {
        long start = System.nanoTime();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(RawAgiSession.header("incoming", linkedId, "5551000").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String status = firstLine(socket);
            long waited = (System.nanoTime() - start) / 1_000;
            assertThat(status).isEqualTo("SET VARIABLE CALLPATH_STATUS \"OVERLOADED\"");
            out.write("200 result=1\n".getBytes(StandardCharsets.UTF_8));
            assertThat(firstLine(socket)).isEqualTo("GET FULL VARIABLE \"${CHANNEL(linkedid)}\"");
            out.write(("200 result=1 (" + linkedId + ")\n").getBytes(StandardCharsets.UTF_8));
            assertThat(socket.getInputStream().read())
                    .as("closed after the refusal")
                    .isEqualTo(-1);
            return waited;
        }
    }

    private static String firstLine(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int next = in.read(); next != '\n'; next = in.read()) {
            if (next < 0) {
                throw new AssertionError("closed before a whole line; got " + line);
            }
            line.write(next);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private long recordedOverloaded(List<String> linkedIds) throws Exception {
        try (Database database = ChildDatabase.open(root);
                Connection connection = database.dataSource().getConnection();
                PreparedStatement query =
                        connection.prepareStatement("SELECT count(*) FROM calls WHERE linked_id = ANY (?)"
                                + " AND outcome = 'failed' AND outcome_reason = 'overloaded'")) {
            query.setArray(1, connection.createArrayOf("text", linkedIds.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
