package io.callpath.fault;

import static org.awaitility.Awaitility.await;

import io.callpath.testing.ChildJvm;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * {@code callpath serve --config FILE} in a child JVM, as an operator runs it (production logging into a file), on the
 * port it picked itself (server.port 0, read back from its log); stopped with a real SIGTERM.
 */
final class CallpathProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("FastAGI listening on [^ ]+:(\\d+) ");
    private static final Pattern SERVING = Pattern.compile("callpath serving on ");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final Path log;

    private CallpathProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Writes {@code root/callpath.yaml} for a fault test: loopback on port 0, HTTP on port 0, the embedded database and
     * the spool under {@code root}, line {@code main} (DID 5551000, key 1: department {@code sales}). The three texts are
     * YAML lines added under {@code server:}, under the line and under {@code sales:}.
     */
    static Path writeConfig(Path root, String server, String line, String sales) throws IOException {
        String config = "server:\n  bind: 127.0.0.1\n  port: 0\n  allow: [127.0.0.1]\n" + server.indent(2)
                + "http:\n  port: 0\n"
                + "database:\n  dataDirectory: \"" + root.resolve("pgdata") + "\"\n  spoolDirectory: \""
                + root.resolve("spool") + "\"\n"
                + "lines:\n  - name: main\n    dids: [\"5551000\"]\n" + line.indent(4)
                + "    menu:\n      options:\n        \"1\": sales\n"
                + "departments:\n  sales:\n" + sales.indent(4);
        Path file = root.resolve("callpath.yaml");
        Files.writeString(file, config, StandardCharsets.UTF_8);
        return file;
    }

    /** {@link #serve} of the config in {@code configFile}, logging into {@code target/fault-logs/NAME.log}. */
    static CallpathProcess serve(Path configFile, String logName) throws IOException {
        return serve(configFile, Path.of("target", "fault-logs", logName + ".log"));
    }

    static CallpathProcess serve(Path config, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ChildJvm.java());
        command.add("-Xmx512m");
        URL logback = CallpathProcess.class.getClassLoader().getResource("logback.xml");
        if (logback != null) {
            command.add("-Dlogback.configurationFile=" + logback);
        }
        command.add("-cp");
        command.add(ChildJvm.classPath());
        command.add("io.callpath.Main");
        command.add("serve");
        command.add("--config");
        command.add(config.toString());
        Files.createDirectories(log.getParent());
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("CALLPATH_DATABASE_URL");
        return new CallpathProcess(builder.start(), log);
    }

    /** The FastAGI port, once the child has started whole ("callpath serving"); fails if it dies or takes too long. */
    int awaitListening() throws IOException, InterruptedException {
        awaitLog(SERVING, START_TIMEOUT);
        String line = awaitLog(LISTENING, START_TIMEOUT);
        Matcher matcher = LISTENING.matcher(line);
        if (!matcher.find()) {
            throw new IllegalStateException(line);
        }
        return Integer.parseInt(matcher.group(1));
    }

    /** Waits for a log line matching {@code pattern}; fails when the child exits first or the time is up. */
    String awaitLog(Pattern pattern, Duration timeout) throws IOException, InterruptedException {
        try {
            return await("callpath logs " + pattern)
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> firstLogLine(pattern), Optional::isPresent)
                    .orElseThrow();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    "callpath did not log " + pattern + " within " + timeout + "; its log:\n"
                            + String.join("\n", logLines()),
                    e);
        }
    }

    private Optional<String> firstLogLine(Pattern pattern) throws IOException {
        Optional<String> found =
                logLines().stream().filter(line -> pattern.matcher(line).find()).findFirst();
        if (found.isEmpty() && !process.isAlive()) {
            throw new AssertionError("callpath exited (" + process.exitValue() + ") before logging " + pattern
                    + "; its log:\n" + String.join("\n", logLines()));
        }
        return found;
    }

    List<String> logLines() throws IOException {
        return Files.readAllLines(log, StandardCharsets.UTF_8);
    }

    /** kill -9: no shutdown hook runs, the embedded postmaster is left behind. */
    void kill9() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM, as systemd or docker stop send it. */
    void sigterm() {
        process.destroy();
    }

    /** The exit code, once the child has exited within {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("callpath did not exit within " + timeout);
        }
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
