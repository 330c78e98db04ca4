package io.callpath.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Peer (c): the least a FastAGI server can be — a thread per connection that reads the agi_ header and sends the
 * recorded commands of the script it names (incoming, answered, hangup), one reply awaited per command; a script it
 * has no commands for is closed at once. Child JVM main: {@code --port P [--sequence F]
 * [--max-connections N] [--read-timeout-ms T]}.
 */
public final class RawSocketServer implements AutoCloseable {

    private static final long SESSION_STACK_BYTES = 256 * 1024;
    private static final String NETWORK_SCRIPT = "agi_network_script:";

    private final ServerSocket serverSocket;
    private final CommandSequence sequence;
    private final Semaphore connectionSlots;
    private final int readTimeoutMillis;
    private final AtomicLong sessionCounter = new AtomicLong();
    private final Thread acceptor;

    public RawSocketServer(int port, CommandSequence sequence, int maxConnections, int readTimeoutMillis)
            throws IOException {
        this.serverSocket = new ServerSocket(port, 4096, InetAddress.getLoopbackAddress());
        this.sequence = sequence;
        this.connectionSlots = new Semaphore(maxConnections);
        this.readTimeoutMillis = readTimeoutMillis;
        this.acceptor = new Thread(this::acceptLoop, "raw-agi-acceptor");
        acceptor.start();
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException closed) {
                return;
            }
            if (!connectionSlots.tryAcquire()) {
                // over the bound: close at once, as a loaded server would
                closeQuietly(socket);
                continue;
            }
            Thread session = new Thread(
                    null,
                    () -> runSession(socket),
                    "raw-agi-session-" + sessionCounter.incrementAndGet(),
                    SESSION_STACK_BYTES);
            session.setDaemon(true);
            session.start();
        }
    }

    private void runSession(Socket socket) {
        try (socket) {
            socket.setSoTimeout(readTimeoutMillis);
            socket.setTcpNoDelay(true);
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            String script = "";
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                // of the header only the script matters: the bare peer has no logic
                if (line.startsWith(NETWORK_SCRIPT)) {
                    script = CommandSequence.scriptOf(line.substring(NETWORK_SCRIPT.length()));
                }
            }
            for (String command : sequence.commands(script)) {
                out.write((command + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (!readReply(in)) {
                    return;
                }
            }
        } catch (IOException ignored) {
            // a peer that vanished or timed out ends its session; the load generator counts it
        } finally {
            connectionSlots.release();
        }
    }

    /** Reads one reply, skipping an unsolicited HANGUP and multi-line 520 usage text; false on end of stream. */
    private static boolean readReply(BufferedReader in) throws IOException {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.equals("HANGUP")) {
                continue;
            }
            if (!line.startsWith("520-")) {
                return true;
            }
            // usage text may itself contain "200 result=1 (...)": only "520 " ends it
            for (String usage = in.readLine(); usage != null; usage = in.readLine()) {
                if (usage.startsWith("520 ")) {
                    return true;
                }
            }
            return false;
        }
        return false;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do for a socket we are refusing
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("try") // the server serves on its own threads until the child is told to stop
    public static void main(String[] args) throws IOException {
        CommandSequence sequence = CommandSequence.load(ChildControl.stringArg(args, "--sequence", "default"));
        try (RawSocketServer server = new RawSocketServer(
                ChildControl.intArg(args, "--port", 0),
                sequence,
                ChildControl.intArg(args, "--max-connections", 20_000),
                ChildControl.intArg(args, "--read-timeout-ms", 600_000))) {
            ChildControl.announceReadyAndServe();
        } catch (SocketException e) {
            System.err.println("raw server stopped: " + e.getMessage());
        }
        System.exit(0);
    }
}
