package io.callpath.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * One embedded PostgreSQL server process, a direct child of this JVM (not daemonised by pg_ctl), so callpath sees when it
 * dies and nothing but {@link #stop} stops it: no JVM shutdown hook, and in its own session ({@code setsid}) so a Ctrl-C
 * in the terminal does not reach it before the calls are finished. Durable: fsync and synchronous_commit on, so a
 * commit the writer counts survives a kill -9 of the postmaster and a power loss.
 * <p>
 * As root it runs under {@code unshare -U} (PostgreSQL refuses to run as root; in a new user namespace it is not).
 */
final class EmbeddedPostmaster {

    static final String LOG_FILE = "postgres.log";
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final Process process;
    private final Path dataDirectory;
    private final int port;

    private EmbeddedPostmaster(Process process, Path dataDirectory, int port) {
        this.process = process;
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /** Runs initdb when {@code dataDirectory} has no cluster yet (an empty or missing directory). */
    static void initIfNeeded(Path installation, Path dataDirectory) {
        if (Files.exists(dataDirectory.resolve("PG_VERSION"))) {
            return;
        }
        try {
            Files.createDirectories(dataDirectory);
            Path log = dataDirectory.resolveSibling(dataDirectory.getFileName() + "-initdb.log");
            List<String> command = command(
                    installation,
                    "initdb",
                    List.of("-A", "trust", "-U", "postgres", "-D", dataDirectory.toString(), "-E", "UTF-8"));
            Process initdb = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                    .start();
            if (!initdb.waitFor(120, TimeUnit.SECONDS) || initdb.exitValue() != 0) {
                initdb.destroyForcibly();
                throw new IllegalStateException("initdb of " + dataDirectory + " failed: " + tail(log));
            }
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "could not create the embedded PostgreSQL in " + dataDirectory + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during initdb of " + dataDirectory, e);
        }
    }

    /**
     * Starts the postmaster on {@code port} and waits until it answers a query (crash recovery after a kill -9 included).
     *
     * @throws IllegalStateException naming PostgreSQL's own reason (from its log) when it exits or does not answer in time
     */
    static EmbeddedPostmaster start(Path installation, Path dataDirectory, int port, Duration startupWait) {
        List<String> arguments = new ArrayList<>(List.of("-D", dataDirectory.toString(), "-p", String.valueOf(port)));
        for (String setting : List.of(
                "fsync=on",
                "synchronous_commit=on",
                "full_page_writes=on",
                // ~420 bytes of WAL per event: at 50,000 events/s the default 1GB asks for a checkpoint every ~27 s,
                // and
                // after each one the first change of every page (each leaf of the random event_id index) is logged
                // whole
                "max_wal_size=4GB",
                "timezone=UTC",
                "max_connections=300",
                "listen_addresses=localhost",
                "unix_socket_directories=")) {
            arguments.add("-c");
            arguments.add(setting);
        }
        Path log = dataDirectory.resolve(LOG_FILE);
        Process process;
        try {
            process = new ProcessBuilder(command(installation, "postgres", arguments))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not run the embedded PostgreSQL: " + e.getMessage(), e);
        }
        EmbeddedPostmaster postmaster = new EmbeddedPostmaster(process, dataDirectory, port);
        postmaster.awaitReady(startupWait, log);
        return postmaster;
    }

    private void awaitReady(Duration startupWait, Path log) {
        long deadline = System.nanoTime() + startupWait.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "embedded PostgreSQL exited with code " + process.exitValue() + " at start: " + tail(log));
            }
            try (Connection connection = DriverManager.getConnection(jdbcUrl(port), connectionProperties());
                    Statement statement = connection.createStatement()) {
                statement.execute("SELECT 1");
                return;
            } catch (SQLException notYet) {
                last = notYet;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new IllegalStateException("interrupted while the embedded PostgreSQL started", e);
            }
        }
        stop();
        throw new IllegalStateException("embedded PostgreSQL did not answer on port " + port + " within "
                + startupWait.toSeconds() + " s (" + (last == null ? "" : last.getMessage()) + "): " + tail(log));
    }

    private static Properties connectionProperties() {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        properties.setProperty("connectTimeout", "2");
        properties.setProperty("socketTimeout", "5");
        return properties;
    }

    static String jdbcUrl(int port) {
        return "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return port;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Completes when the postmaster process ends, for whatever reason. */
    java.util.concurrent.CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /** Fast shutdown (SIGINT: open transactions roll back, a checkpoint is written); SIGKILL if it hangs. */
    void stop() {
        if (!process.isAlive()) {
            return;
        }
        signal(process.pid(), "INT");
        try {
            if (!process.waitFor(STOP_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Exit code and PostgreSQL's last words, for the log line that says it died. */
    String exitDescription() {
        int code = process.exitValue();
        String how = code > 128 ? "killed by signal " + (code - 128) : "exit code " + code;
        return how + "; last log lines: " + tail(dataDirectory.resolve(LOG_FILE));
    }

    /** Sends a signal by name with kill(1): Java can only send TERM and KILL, and PostgreSQL's fast shutdown is INT. */
    static void signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, String.valueOf(pid))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code setsid [unshare -U] <installation>/bin/<program> arguments…} */
    private static List<String> command(Path installation, String program, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add("setsid");
        if (runningAsRoot()) {
            command.add("unshare");
            command.add("-U");
        }
        command.add(installation.resolve("bin").resolve(program).toString());
        command.addAll(arguments);
        return command;
    }

    private static boolean runningAsRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    /** The last lines of a log file joined on one line: PostgreSQL's reason for a failed start. */
    static String tail(Path log) {
        try {
            if (!Files.exists(log)) {
                return "(no log)";
            }
            List<String> lines = Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log " + log + " unreadable: " + e.getMessage() + ")";
        }
    }
}
