package io.callpath.bench;

import io.callpath.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One peer server in a child JVM on our classpath, started through bash so it can raise its file limit;
 * gives its CPU time (from the OS) and its used heap after GC (asked over stdin).
 */
@SuppressWarnings("try") // close() waits for the child JVM to exit, and an interrupt there should end the benchmark
final class ServerProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final int port;
    private final Process process;
    private final BlockingQueue<String> controlLines = new ArrayBlockingQueue<>(64);

    private ServerProcess(String name, int port, Process process) {
        this.name = name;
        this.port = port;
        this.process = process;
        Thread drain = new Thread(this::drainStdout, "child-stdout-" + name);
        drain.setDaemon(true);
        drain.start();
    }

    /**
     * Starts {@code mainClass} with {@code --port <free port>} prepended to {@code args} and waits for its READY line.
     *
     * @param jvmOptions e.g. -Xmx512m -Xss256k
     * @param environment extra environment variables (CALLPATH_LOG_LEVEL, ...)
     */
    static ServerProcess start(
            String name, String mainClass, List<String> jvmOptions, List<String> args, Map<String, String> environment)
            throws IOException, InterruptedException {
        int port = freeLoopbackPort();
        List<String> java = new ArrayList<>();
        java.add(ChildJvm.java());
        java.addAll(jvmOptions);
        productionLogging().ifPresent(java::add);
        java.add("-cp");
        java.add(ChildJvm.classPath());
        java.add(mainClass);
        java.add("--port");
        java.add(Integer.toString(port));
        java.addAll(args);
        // the hard limit may be below 65536 (it is 20000 on the bench machine): take what we may
        String script = "ulimit -n 65536 2>/dev/null || ulimit -n \"$(ulimit -Hn)\"; exec \"$@\"";
        List<String> command = new ArrayList<>(List.of("bash", "-c", script, "bash"));
        command.addAll(java);
        // the child logs as in production (callpath: one INFO line per call) into a file, as journald would take it
        Path log = Path.of("target", "bench-logs", name + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        builder.environment().putAll(environment);
        ServerProcess server = new ServerProcess(name, port, builder.start());
        String ready = null;
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        // poll in short steps so a child that dies at once fails the run at once
        while (ready == null && server.process.isAlive() && System.nanoTime() < deadline) {
            ready = server.controlLines.poll(200, TimeUnit.MILLISECONDS);
        }
        if (!ChildControl.READY.equals(ready)) {
            server.close();
            throw new IOException(name + " did not start within " + START_TIMEOUT + " (got " + ready + ")");
        }
        return server;
    }

    /** The production logback.xml (not the quiet test one), so the children log what a deployed server logs. */
    private static java.util.Optional<String> productionLogging() {
        URL config = ServerProcess.class.getClassLoader().getResource("logback.xml");
        if (config == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("-Dlogback.configurationFile=" + config);
    }

    private static int freeLoopbackPort() throws IOException {
        // a tiny race with other processes; acceptable on a bench machine, never used in tests
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private void drainStdout() {
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                // only the control protocol matters; the child's own logging is dropped
                if (line.equals(ChildControl.READY)
                        || line.startsWith(ChildControl.HEAP + " ")
                        || line.startsWith(ChildControl.STATS + " ")) {
                    controlLines.offer(line);
                }
            }
        } catch (IOException ended) {
            // the child exited
        }
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** CPU time (user + system) the child has used so far, as the OS reports it. */
    Duration cpuTime() {
        return process.toHandle()
                .info()
                .totalCpuDuration()
                .orElseThrow(() -> new IllegalStateException("the OS does not report CPU time for " + name));
    }

    /**
     * CPU time of the helper processes a child started, alive now: the processes whose command line names
     * {@link #helperMarker(int)} (callpath's embedded PostgreSQL: pg_ctl detaches the postmaster, so it is found by
     * its data directory) and their descendants (the backends, pooled for the whole run). Zero for the bare peers.
     */
    Duration helperCpuTime() {
        String marker = helperMarker(port);
        return ProcessHandle.allProcesses()
                .filter(handle -> handle.info()
                        .commandLine()
                        .filter(line -> line.contains(marker))
                        .isPresent())
                .flatMap(root -> java.util.stream.Stream.concat(java.util.stream.Stream.of(root), root.descendants()))
                .distinct()
                .map(handle -> handle.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus);
    }

    /** What a child's helper processes carry in their command line (a directory name), to find their CPU time. */
    static String helperMarker(int port) {
        return "callpath-bench-a-" + port + "-";
    }

    /** Used heap after a full GC in the child, in bytes. */
    long usedHeapAfterGc() throws IOException, InterruptedException {
        OutputStream stdin = process.getOutputStream();
        stdin.write((ChildControl.HEAP + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        String reply = controlLines.poll(REPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (reply == null) {
            throw new IOException(name + " did not report its heap within " + REPLY_TIMEOUT);
        }
        return Long.parseLong(reply.substring(ChildControl.HEAP.length() + 1));
    }

    /** The child's own counts (callpath: events produced, written to PostgreSQL, spooled, queued). */
    String stats() throws IOException, InterruptedException {
        OutputStream stdin = process.getOutputStream();
        stdin.write((ChildControl.STATS + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        String reply = controlLines.poll(REPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (reply == null) {
            throw new IOException(name + " did not report its stats within " + REPLY_TIMEOUT);
        }
        return reply.substring(ChildControl.STATS.length() + 1);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        try {
            OutputStream stdin = process.getOutputStream();
            stdin.write((ChildControl.STOP + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.close();
        } catch (IOException alreadyGone) {
            // the child is gone already
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
