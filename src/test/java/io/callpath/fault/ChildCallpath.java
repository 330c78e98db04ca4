package io.callpath.fault;

import io.callpath.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** A {@link FaultServer} child JVM: its READY line, every STATE line it printed (with its time), kill -9 and stop. */
final class ChildCallpath implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    /** One STATE line. */
    record State(long at, Map<String, String> fields) {
        long number(String name) {
            return Long.parseLong(fields.get(name));
        }

        String text(String name) {
            return fields.get(name);
        }

        boolean healthy() {
            return "UP".equals(text("health")) && Boolean.parseBoolean(text("reachable"));
        }
    }

    private final Process process;
    private final List<State> states = new ArrayList<>();
    private final List<String> stateLines = new ArrayList<>();
    private volatile String ready;
    private volatile String stopped;
    private final long startedNanos = System.nanoTime();

    private ChildCallpath(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "fault-child-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    static ChildCallpath start(Path config, Path log) throws IOException, InterruptedException {
        // production logging (logback.xml: stderr, INFO), not the tests' quiet one, into the scenario's log file
        String logging = "-Dlogback.configurationFile="
                + ChildCallpath.class.getClassLoader().getResource("logback.xml");
        List<String> command = List.of(
                ChildJvm.java(),
                "-Xmx512m",
                logging,
                "-cp",
                ChildJvm.classPath(),
                FaultServer.class.getName(),
                config.toString());
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        ChildCallpath child = new ChildCallpath(builder.start());
        try {
            Awaitility.await("callpath child ready")
                    .atMost(START_TIMEOUT)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        if (!child.process.isAlive()) {
                            throw new IllegalStateException("callpath child exited at start (see " + log + ")");
                        }
                        return child.ready != null && child.latest() != null;
                    });
        } catch (RuntimeException e) {
            child.process.destroyForcibly();
            throw new IllegalStateException("callpath child did not start (see " + log + ")", e);
        }
        return child;
    }

    private void read() {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("READY ")) {
                    ready = line;
                } else if (line.startsWith("STATE ")) {
                    synchronized (states) {
                        Map<String, String> fields = fields(line);
                        states.add(new State(Long.parseLong(fields.get("t")), fields));
                        stateLines.add(line);
                    }
                } else if (line.startsWith("STOPPED ")) {
                    stopped = line;
                }
            }
        } catch (IOException ended) {
            // the child is gone
        }
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : line.split(" ")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                fields.put(pair.substring(0, equals), pair.substring(equals + 1));
            }
        }
        return fields;
    }

    int port() {
        return Integer.parseInt(fields(ready).get("port"));
    }

    long postmasterPid() {
        return Long.parseLong(fields(ready).get("pgpid"));
    }

    long pid() {
        return process.pid();
    }

    /** Seconds from the launch of this JVM to its READY line's arrival are not kept; this is the time it took so far. */
    Duration age() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    State latest() {
        synchronized (states) {
            return states.isEmpty() ? null : states.get(states.size() - 1);
        }
    }

    /** The first STATE at or after {@code sinceMillis} that matches, waiting up to {@code timeout} for it. */
    State await(long sinceMillis, Predicate<State> condition, Duration timeout) throws InterruptedException {
        try {
            return Awaitility.await("a matching STATE")
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> first(sinceMillis, condition), Optional::isPresent)
                    .orElseThrow();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no STATE matched within " + timeout + "; latest: " + latest(), e);
        }
    }

    Optional<State> first(long sinceMillis, Predicate<State> condition) {
        synchronized (states) {
            return states.stream()
                    .filter(state -> state.at() >= sinceMillis)
                    .filter(condition)
                    .findFirst();
        }
    }

    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Flush, shut down, exit; the last STATE (after the flush) and whether the flush wrote everything. */
    State stop() throws IOException, InterruptedException {
        OutputStream in = process.getOutputStream();
        in.write("stop\n".getBytes(StandardCharsets.UTF_8));
        in.flush();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("callpath child did not stop within 120 s");
        }
        Thread.sleep(200); // the reader takes the last lines
        if (stopped == null || !stopped.contains("flushed=true")) {
            throw new AssertionError("the writer's flush did not finish: " + stopped + "; latest " + latest());
        }
        return latest();
    }

    /** Every STATE line, for the scenario's record in target/fault-logs. */
    List<String> stateLines() {
        synchronized (states) {
            return List.copyOf(stateLines);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
