package io.callpath.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL left running on our data directory by a callpath that was killed (kill -9, OOM killer, power off of the
 * JVM only). Found by its {@code postmaster.pid}; called only while we hold the {@link DataDirectoryLock}, so its owner
 * is gone. It is stopped, not reused: it was not started by us (we would not see it die), it may run with an older
 * callpath's settings (fsync off) and on another port. A fast shutdown rolls back nothing we counted as written.
 */
final class LeftoverPostmaster {

    private static final Logger log = LoggerFactory.getLogger(LeftoverPostmaster.class);
    private static final Duration FAST_SHUTDOWN_WAIT = Duration.ofSeconds(30);

    private LeftoverPostmaster() {}

    /** Stops a running leftover postmaster, or removes a stale pid file whose pid now belongs to another program. */
    static void dealWith(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        Optional<PidFile> found = read(pidFile);
        if (found.isEmpty()) {
            return;
        }
        PidFile leftover = found.get();
        Optional<ProcessHandle> process = ProcessHandle.of(leftover.pid()).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            // PostgreSQL itself replaces a pid file whose process is gone (after a crash of the postmaster)
            log.info(
                    "database found postmaster.pid of PostgreSQL pid={} in {}, not running any more; it did not stop cleanly "
                            + "and recovers from its WAL now",
                    leftover.pid(),
                    dataDirectory);
            return;
        }
        if (!isPostgres(leftover.pid())) {
            log.info(
                    "database found a stale postmaster.pid in {} whose pid {} now belongs to another program; removed it",
                    dataDirectory,
                    leftover.pid());
            deleteQuietly(pidFile);
            return;
        }
        long started = System.nanoTime();
        EmbeddedPostmaster.signal(leftover.pid(), "INT");
        boolean stopped = waitForExit(process.get(), FAST_SHUTDOWN_WAIT);
        if (!stopped) {
            process.get().destroyForcibly();
            stopped = waitForExit(process.get(), Duration.ofSeconds(10));
        }
        log.warn(
                "database found PostgreSQL pid={} port={} still running on {}, left by a callpath that did not stop (killed?); "
                        + "{} it in {} ms before starting our own",
                leftover.pid(),
                leftover.port(),
                dataDirectory,
                stopped ? "stopped" : "could not stop",
                (System.nanoTime() - started) / 1_000_000);
        if (!stopped) {
            throw new IllegalStateException("PostgreSQL pid " + leftover.pid() + " left on " + dataDirectory
                    + " does not stop; kill it (kill -9 " + leftover.pid() + ") and start callpath again");
        }
    }

    record PidFile(long pid, String port) {}

    static Optional<PidFile> read(Path pidFile) {
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.ISO_8859_1);
            if (lines.isEmpty() || lines.get(0).isBlank()) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0).trim());
            return Optional.of(new PidFile(pid, lines.size() > 3 ? lines.get(3).trim() : "?"));
        } catch (IOException | NumberFormatException e) {
            log.info(
                    "database ignores an unreadable {} ({}); PostgreSQL checks it again at start",
                    pidFile,
                    e.getMessage());
            return Optional.empty();
        }
    }

    private static boolean isPostgres(long pid) {
        Path comm = Path.of("/proc", String.valueOf(pid), "comm");
        try {
            if (Files.exists(comm)) {
                return Files.readString(comm, StandardCharsets.ISO_8859_1)
                        .trim()
                        .startsWith("postgres");
            }
        } catch (IOException ignored) {
            // fall back to what the JDK can see
        }
        return ProcessHandle.of(pid)
                .flatMap(handle -> handle.info().command())
                .map(command -> command.endsWith("/postgres") || command.equals("postgres"))
                .orElse(false);
    }

    private static boolean waitForExit(ProcessHandle process, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (process.isAlive() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !process.isAlive();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn(
                    "could not remove {} ({}); remove it by hand if PostgreSQL refuses to start", file, e.getMessage());
        }
    }
}
