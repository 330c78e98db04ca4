package io.callpath.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.config.DatabaseSettings;
import io.callpath.store.Database;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Faults with real processes: a callpath child JVM ({@link FaultServer}) serving simulated calls with its embedded
 * PostgreSQL, and a fault done to it under load. Per fault: calls in the database, events acknowledged, events lost,
 * duplicates, time to recover; the table goes to {@code target/fault-table.md}. Not part of {@code mvn verify} (it
 * takes minutes); run it with
 * {@code mvn -B -ntp test -Dtest=FaultSuite -Dsurefire.failIfNoSpecifiedTests=false} (as root for the full-spool
 * fault, which mounts a small tmpfs).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SuppressWarnings(
        "try") // Scenario.close() waits for child processes; the cleanup Database is started only to be stopped
class FaultSuite {

    private static final int CALLS = 600;
    private static final int CONCURRENCY = 30;
    /** Longer than the driver's 10 s socket timeout: writes in flight fail and go to the spool. */
    private static final Duration FREEZE = Duration.ofSeconds(15);

    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(120);
    private static final List<String> rows = new ArrayList<>();

    @Test
    @Order(1)
    void killMinus9OfThePostmasterUnderLoad() throws Exception {
        try (Scenario scenario = new Scenario("kill-postmaster")) {
            ChildCallpath child = scenario.startChild();
            SimulatedLoad load = SimulatedLoad.start(child.port(), CALLS, CONCURRENCY);
            underLoad(child);
            long inFlight = child.latest().number("live");
            long killedAt = System.currentTimeMillis();
            signal(child.postmasterPid(), "KILL");
            child.await(killedAt, state -> !"UP".equals(state.text("health")), Duration.ofSeconds(20));
            ChildCallpath.State back =
                    child.await(killedAt, state -> state.healthy() && state.number("restarts") == 1, RECOVERY_LIMIT);
            load.await();
            ChildCallpath.State last = child.stop();
            scenario.record(
                    "kill -9 of the postmaster under load",
                    inFlight,
                    last.number("accepted"),
                    back.at() - killedAt,
                    "restarted by the supervisor, spool replayed; recover = kill to the writer committing again");
        }
    }

    @Test
    @Order(2)
    void stopAndContinueOfThePostgresProcessesUnderLoad() throws Exception {
        try (Scenario scenario = new Scenario("stop-cont")) {
            Frozen run = frozenUnderLoad(scenario, false, ChildCallpath.State::healthy, child -> {});
            scenario.record(
                    "SIGSTOP of the postmaster alone for 15 s under load, then SIGCONT",
                    run.inFlight(),
                    run.last().number("accepted"),
                    run.recoverMillis(),
                    "its backends keep serving the pool's open connections");
        }
    }

    @Test
    @Order(3)
    void stopAndContinueOfEveryPostgresProcessUnderLoad() throws Exception {
        try (Scenario scenario = new Scenario("freeze")) {
            Frozen run = frozenUnderLoad(scenario, true, FaultSuite::drained, child -> {});
            assertThat(run.last().number("spooled"))
                    .as("writes timed out and went to the spool")
                    .isPositive();
            scenario.record(
                    "SIGSTOP of every PostgreSQL process (postmaster and backends) for 15 s under load, then SIGCONT",
                    run.inFlight(),
                    run.last().number("accepted"),
                    run.recoverMillis(),
                    "writes time out after 10 s and are spooled; recover = SIGCONT to the writer committing again");
        }
    }

    @Test
    @Order(4)
    void killMinus9OfCallpathThenARestartOnTheSameDataDirectory() throws Exception {
        try (Scenario scenario = new Scenario("kill-callpath")) {
            ChildCallpath first = scenario.startChild();
            SimulatedLoad load = SimulatedLoad.start(first.port(), CALLS, CONCURRENCY);
            underLoad(first);
            first.await(0, state -> state.number("written") >= 1_000, Duration.ofSeconds(60));
            ChildCallpath.State before = first.latest();
            long inFlight = before.number("live");
            long killedAt = System.currentTimeMillis();
            first.kill9();
            ChildCallpath.State lastReport = first.latest();
            load.await();
            ChildCallpath second = scenario.startChild();
            ChildCallpath.State back = second.await(killedAt, ChildCallpath.State::healthy, RECOVERY_LIMIT);
            SimulatedLoad.start(second.port(), CALLS / 3, CONCURRENCY).await();
            ChildCallpath.State last = second.stop();
            // acknowledged = committed or in the spool (which a kill -9 of the JVM does not touch) at its last report
            long acked = lastReport.number("written") + lastReport.number("spooled") + last.number("accepted");
            long inMemory = lastReport.number("accepted") - lastReport.number("written") - lastReport.number("spooled");
            scenario.recordWithAcked(
                    "kill -9 of callpath under load, then `serve` again on the same data directory",
                    inFlight,
                    acked,
                    back.at() - killedAt,
                    "leftover postmaster stopped at start, then " + CALLS / 3
                            + " more calls; recover = kill to the new server writing; " + inMemory
                            + " events were only in memory at the kill (not acknowledged)");
        }
    }

    @Test
    @Order(5)
    void anUnusableSpoolWhileTheDatabaseIsFrozen() throws Exception {
        try (Scenario scenario = new Scenario("unusable-spool")) {
            Files.writeString(scenario.spool, "a file where the spool directory should be");
            Frozen run = frozenUnderLoad(
                    scenario,
                    true,
                    FaultSuite::drained,
                    child -> assertThat(child.latest().text("spoolWritable")).isEqualTo("false"));
            assertThat(run.last().number("spooled")).isZero();
            scenario.record(
                    "spool path unusable (a file) + PostgreSQL frozen 15 s under load",
                    run.inFlight(),
                    run.last().number("accepted"),
                    run.recoverMillis(),
                    "events held in memory, written after SIGCONT");
        }
    }

    @Test
    @Order(6)
    void aFullSpoolWhileTheDatabaseIsFrozen() throws Exception {
        try (Scenario scenario = new Scenario("full-spool")) {
            Files.createDirectories(scenario.spool);
            Assumptions.assumeTrue(
                    run("mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", scenario.spool.toString()) == 0,
                    "needs root and mount(8) for a 128 KB tmpfs as the spool");
            try {
                Frozen run = frozenUnderLoad(scenario, true, FaultSuite::drained, child -> {});
                ChildCallpath.State full = run.child()
                        .first(run.thawedAt() - FREEZE.toMillis(), state -> "false".equals(state.text("spoolWritable")))
                        .orElseThrow(() -> new AssertionError("the spool never filled"));
                scenario.record(
                        "spool on a full 128 KB tmpfs + PostgreSQL frozen 15 s under load",
                        run.inFlight(),
                        run.last().number("accepted"),
                        run.recoverMillis(),
                        "the spool took " + full.number("spooled") + " events, then was full; the rest held in memory");
            } finally {
                run("umount", "-l", scenario.spool.toString());
            }
        }
    }

    @AfterAll
    static void writeTable() throws IOException {
        List<String> table = new ArrayList<>();
        table.add("| fault | calls | events acked | lost | duplicates | recover |");
        table.add("|---|---:|---:|---:|---:|---|");
        table.addAll(rows);
        Path file = Path.of("target", "fault-table.md");
        Files.createDirectories(file.getParent());
        Files.write(file, table, StandardCharsets.UTF_8);
        table.forEach(System.out::println);
    }

    /** What a freeze of PostgreSQL under load left: the calls in flight at the freeze, the SIGCONT, the first state
     *  that counts as recovered after it and the child's last state (after its flush). */
    private record Frozen(
            ChildCallpath child, long inFlight, long thawedAt, ChildCallpath.State back, ChildCallpath.State last) {

        long recoverMillis() {
            return back.at() - thawedAt;
        }
    }

    /** A child under load ({@link #CALLS} at {@link #CONCURRENCY}) whose PostgreSQL is frozen for {@link #FREEZE}. */
    private static Frozen frozenUnderLoad(
            Scenario scenario,
            boolean everyProcess,
            Predicate<ChildCallpath.State> recovered,
            Consumer<ChildCallpath> atStart)
            throws Exception {
        ChildCallpath child = scenario.startChild();
        atStart.accept(child);
        SimulatedLoad load = SimulatedLoad.start(child.port(), CALLS, CONCURRENCY);
        underLoad(child);
        long inFlight = child.latest().number("live");
        long thawed = frozenFor(child, FREEZE, everyProcess);
        ChildCallpath.State back = child.await(thawed, recovered, RECOVERY_LIMIT);
        load.await();
        return new Frozen(child, inFlight, thawed, back, child.stop());
    }

    /** Healthy again with the queue that built up while frozen written down. */
    private static boolean drained(ChildCallpath.State state) {
        return state.healthy() && state.number("queued") < 1_000;
    }

    /** Waits until calls are in flight: the fault must hit a server in the middle of its work. */
    private static void underLoad(ChildCallpath child) throws InterruptedException {
        child.await(0, state -> state.number("live") >= CONCURRENCY / 2, Duration.ofSeconds(60));
        Thread.sleep(1_000);
    }

    /**
     * SIGSTOP to the postmaster (and, with {@code everyProcess}, to each of its children: PostgreSQL puts every backend
     * in a session of its own, so a process group signal reaches the postmaster only) for {@code duration}, then
     * SIGCONT; returns the time of the SIGCONT.
     */
    private static long frozenFor(ChildCallpath child, Duration duration, boolean everyProcess) throws Exception {
        List<Long> pids = new ArrayList<>(List.of(child.postmasterPid()));
        if (everyProcess) {
            ProcessHandle.of(child.postmasterPid())
                    .orElseThrow()
                    .descendants()
                    .forEach(process -> pids.add(process.pid()));
        }
        for (long pid : pids) {
            signal(pid, "STOP");
        }
        Thread.sleep(duration.toMillis());
        long thawed = System.currentTimeMillis();
        for (long pid : pids) {
            signal(pid, "CONT");
        }
        return thawed;
    }

    private static void signal(long pid, String signal) throws Exception {
        int exit = run("kill", "-s", signal, String.valueOf(pid));
        assertThat(exit).as("kill -s " + signal + " " + pid).isZero();
    }

    private static int run(String... command) throws Exception {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    /** One fault's directories, config, the children it started, and its row. */
    private static final class Scenario implements AutoCloseable {

        private final Path root;
        private final Path data;
        private final Path spool;
        private final Path config;
        private final List<ChildCallpath> children = new ArrayList<>();
        private final String name;

        Scenario(String name) throws IOException {
            this.name = name;
            root = Files.createTempDirectory("callpath-fault-" + name);
            data = root.resolve("pgdata");
            spool = root.resolve("spool");
            config = root.resolve("callpath.yaml");
        }

        ChildCallpath startChild() throws Exception {
            String yaml = Files.readString(Path.of("config", "simulate.yaml"))
                            .replace("port: 4573", "port: " + freePort())
                            .replace("dataDirectory: var/simulate-pgdata", "dataDirectory: " + data)
                            .replace("spoolDirectory: var/simulate-spool", "spoolDirectory: " + spool)
                    + "\nhttp:\n  port: 0\n";
            Files.writeString(config, yaml);
            ChildCallpath child = ChildCallpath.start(config, root.resolve("callpath.log"));
            children.add(child);
            return child;
        }

        void record(String fault, long inFlight, long acked, long recoverMillis, String note) throws SQLException {
            recordWithAcked(fault, inFlight, acked, recoverMillis, note);
        }

        /** Reads the data directory after the last child stopped: every acknowledged event once, none twice. */
        void recordWithAcked(String fault, long inFlight, long acked, long recoverMillis, String note)
                throws SQLException {
            long calls;
            long present;
            long duplicates;
            DatabaseSettings settings = new DatabaseSettings(
                    null, "postgres", "", data, 0, root.resolve("verify-spool"), 1000, 100, 2, Duration.ofMillis(200));
            try (Database database = Database.start(settings, Map.of());
                    Connection connection = database.dataSource().getConnection();
                    Statement statement = connection.createStatement()) {
                calls = single(statement, "SELECT count(*) FROM calls");
                present = single(statement, "SELECT count(DISTINCT event_id) FROM call_events");
                duplicates = single(statement, "SELECT count(*) - count(DISTINCT event_id) FROM call_events")
                        + single(
                                statement,
                                "SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM call_events "
                                        + "WHERE type = 'CALL_ARRIVED' GROUP BY linked_id) AS arrivals");
            }
            long lost = Math.max(0, acked - present);
            rows.add(String.format(
                    Locale.ROOT,
                    "| %s (%d calls in flight; %s) | %d | %d | %d | %d | %.1f s |",
                    fault,
                    inFlight,
                    note,
                    calls,
                    acked,
                    lost,
                    duplicates,
                    recoverMillis / 1000.0));
            System.out.println(rows.get(rows.size() - 1) + " present=" + present);
            assertThat(lost).as("acknowledged events missing from PostgreSQL").isZero();
            assertThat(duplicates).as("duplicate events").isZero();
            assertThat(calls).isPositive();
        }

        private static long single(Statement statement, String sql) throws SQLException {
            try (ResultSet row = statement.executeQuery(sql)) {
                row.next();
                return row.getLong(1);
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            }
        }

        @Override
        public void close() throws Exception {
            children.forEach(ChildCallpath::close);
            Path logs = Files.createDirectories(Path.of("target", "fault-logs"));
            List<String> states = new ArrayList<>();
            children.forEach(child -> states.addAll(child.stateLines()));
            Files.write(logs.resolve(name + "-states.txt"), states);
            if (Files.exists(root.resolve("callpath.log"))) {
                Files.copy(
                        root.resolve("callpath.log"),
                        logs.resolve(name + "-callpath.log"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            // a child killed by a failed assertion leaves its postmaster: the next start on the directory stops it
            try (Database ignored = Database.start(
                    new DatabaseSettings(
                            null,
                            "postgres",
                            "",
                            data,
                            0,
                            root.resolve("verify-spool"),
                            1000,
                            100,
                            2,
                            Duration.ofMillis(200)),
                    Map.of())) {
                // started and stopped: no postmaster left behind
            } catch (RuntimeException e) {
                System.err.println("cleanup of " + data + " failed: " + e.getMessage());
            }
            run("rm", "-rf", root.toString());
        }
    }
}
