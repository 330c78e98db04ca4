package io.callpath.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds the embedded PostgreSQL a running {@code callpath serve} owns, so {@code report} reads the same data
 * instead of failing to start a second server on a locked data directory.
 */
final class RunningEmbeddedDatabase {

    private RunningEmbeddedDatabase() {}

    /** The JDBC URL of the live postmaster of {@code dataDirectory}, if one runs. */
    static Optional<String> url(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        try {
            // postmaster.pid: line 1 the pid, line 4 the port (PostgreSQL's documented layout).
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.size() < 4) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0).trim());
            boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            return alive
                    ? Optional.of("jdbc:postgresql://localhost:"
                            + Integer.parseInt(lines.get(3).trim()) + "/postgres")
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
