package io.callpath.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A raw-socket FastAGI server for tests that replays a transcript's {@code >>>} commands at their recorded times
 * (scaled) and notes every byte of the fake's answers that differs from the recorded {@code <<<}.
 */
final class ReplayServer implements AutoCloseable {

    private static final int READ_TIMEOUT_MILLIS = 5000;
    private static final long MIN_GAP_NANOS = 50_000_000L;

    private final Transcript transcript;
    private final double timeScale;
    private final Set<String> headersToCompare;
    private final ServerSocket server;
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<Thread> handlers = new CopyOnWriteArrayList<>();
    private final CountDownLatch finished;
    private final Thread acceptor;

    ReplayServer(Transcript transcript, double timeScale, Set<String> headersToCompare) throws IOException {
        this.transcript = transcript;
        this.timeScale = timeScale;
        this.headersToCompare = headersToCompare;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.finished = new CountDownLatch(transcript.connections().size());
        this.acceptor = new Thread(this::acceptLoop, "replay-accept-" + transcript.name());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Differences found so far, each in words; empty when the fake matched the recording. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    boolean awaitAllConnections(long seconds) throws InterruptedException {
        return finished.await(seconds, TimeUnit.SECONDS);
    }

    private void acceptLoop() {
        int count = 0;
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread handler = new Thread(() -> replay(socket), "replay-" + transcript.name() + "-" + count++);
                handler.setDaemon(true);
                handlers.add(handler);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void replay(Socket socket) {
        long acceptedNanos = System.nanoTime();
        try (socket) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] header = readHeader(in);
            String script = scriptOf(header);
            Transcript.Connection recorded = match(script);
            if (recorded == null) {
                problems.add("unexpected connection for script " + script);
                return;
            }
            // the recording's server listened on 4573; ours on an ephemeral port
            byte[] expectedHeader = text(recorded.header())
                    .replace("127.0.0.1:4573/", "127.0.0.1:" + port() + "/")
                    .getBytes(StandardCharsets.UTF_8);
            if (headersToCompare.contains(recorded.script())
                    && !Arrays.equals(text(header).getBytes(StandardCharsets.UTF_8), expectedHeader)) {
                problems.add("header of " + script + " differs:\n  expected "
                        + new String(expectedHeader, StandardCharsets.UTF_8) + "\n  actual   " + text(header));
            }
            long lastSent = 0;
            boolean lastHadNoReply = false;
            for (Transcript.Step step : recorded.steps()) {
                long due = acceptedNanos + (long) (step.atSeconds() * timeScale * 1e9);
                if (lastHadNoReply) {
                    due = Math.max(due, lastSent + MIN_GAP_NANOS);
                }
                sleepUntil(due);
                if (in.available() > 0) {
                    // Asterisk had said nothing more at this point: an early reply (e.g. to a pipelined command) is a
                    // difference
                    problems.add(script + ": unexpected bytes before " + text(step.command()) + ": "
                            + text(in.readNBytes(in.available())));
                }
                out.write(step.command());
                out.flush();
                lastSent = System.nanoTime();
                lastHadNoReply = step.expected().length == 0;
                byte[] actual = readLines(in, lineCount(step.expected()));
                compare(script, step, actual);
                if (step.expectEndOfStream()) {
                    int next = readOrEnd(in);
                    if (next != -1) {
                        problems.add(script + ": expected end of stream after " + text(step.command()) + ", got a byte "
                                + next);
                    }
                    return;
                }
            }
        } catch (IOException e) {
            problems.add("connection broke: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finished.countDown();
        }
    }

    private void compare(String script, Transcript.Step step, byte[] actual) {
        String command = text(step.command());
        String expectedText = text(step.expected());
        String actualText = text(actual);
        if (command.contains("DIALEDTIME") || command.contains("ANSWEREDTIME")) {
            // these are the caller channel's age in seconds: real timing of the replay, not a protocol fact
            expectedText = expectedText.replaceAll("\\b\\d+\\b", "N");
            actualText = actualText.replaceAll("\\b\\d+\\b", "N");
        }
        if (!expectedText.equals(actualText)) {
            problems.add(script + ": after " + command + "\n  expected " + expectedText + "\n  actual   " + actualText);
        }
    }

    private Transcript.Connection match(String script) {
        for (Transcript.Connection c : transcript.connections()) {
            if (c.script().equals(script)) {
                return c;
            }
        }
        String name = script.split("\\?")[0];
        for (Transcript.Connection c : transcript.connections()) {
            if (c.script().split("\\?")[0].equals(name)) {
                return c;
            }
        }
        return null;
    }

    private static byte[] readHeader(InputStream in) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("end of stream inside the header");
            }
            header.write(b);
            if (b == '\n' && previous == '\n') {
                return header.toByteArray();
            }
            previous = b;
        }
    }

    private static String scriptOf(byte[] header) {
        for (String line : new String(header, StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("agi_network_script: ")) {
                return line.substring("agi_network_script: ".length());
            }
        }
        return "";
    }

    private static int lineCount(byte[] reply) {
        int lines = 0;
        for (byte b : reply) {
            if (b == '\n') {
                lines++;
            }
        }
        return lines;
    }

    /** Reads whole reply lines: a value such as DIALEDTIME_MS may have more digits than recorded on a slow machine. */
    private static byte[] readLines(InputStream in, int lines) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        int seen = 0;
        try {
            while (seen < lines) {
                int next = in.read();
                if (next < 0) {
                    break;
                }
                bytes.write(next);
                if (next == '\n') {
                    seen++;
                }
            }
        } catch (SocketTimeoutException e) {
            // report what arrived; the comparison names the difference
        }
        return bytes.toByteArray();
    }

    private static int readOrEnd(InputStream in) throws IOException {
        try {
            return in.read();
        } catch (SocketTimeoutException e) {
            return -2;
        }
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long remaining = nanos - System.nanoTime();
        if (remaining > 0) {
            TimeUnit.NANOSECONDS.sleep(remaining);
        }
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8).replace("\r", "\\r").replace("\n", "\\n");
    }

    @Override
    public void close() throws IOException {
        server.close();
        List<Thread> running = new ArrayList<>(handlers);
        for (Thread handler : running) {
            try {
                handler.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
