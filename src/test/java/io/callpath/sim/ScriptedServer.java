package io.callpath.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A tiny FastAGI server for tests: each script name runs a handler that talks raw AGI over a real socket. As a
 * {@code @RegisterExtension} field ({@link #started()}) it is closed after each test, which fails when a handler threw.
 */
final class ScriptedServer implements AutoCloseable, AfterEachCallback {

    /** What a test does with one session. */
    interface Handler {
        void handle(Peer peer) throws Exception;
    }

    /** The server's side of one FastAGI connection. */
    static final class Peer {
        final Map<String, String> header;
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        Peer(Map<String, String> header, Socket socket, BufferedReader in) throws IOException {
            this.header = header;
            this.socket = socket;
            this.in = in;
            this.out = socket.getOutputStream();
        }

        String script() {
            return header.getOrDefault("agi_network_script", "");
        }

        /** Sends one command and returns Asterisk's reply line (a 520 usage text up to its last line). */
        String send(String command) throws IOException {
            out.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            String line = in.readLine();
            if (line != null && line.startsWith("520-")) {
                String next;
                while ((next = in.readLine()) != null && !next.startsWith("520 ")) {
                    line = line + "\n" + next;
                }
            }
            return line;
        }

        /** The next line Asterisk sends on its own, or null if none comes within {@code millis}. */
        String unsolicited(int millis) throws IOException {
            socket.setSoTimeout(millis);
            try {
                return in.readLine();
            } catch (SocketTimeoutException e) {
                return null;
            } finally {
                socket.setSoTimeout(5000);
            }
        }
    }

    private final ServerSocket server;
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final List<String> scriptsSeen = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    ScriptedServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "scripted-agi-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A server listening on a free loopback port. */
    static ScriptedServer started() {
        try {
            return new ScriptedServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        close();
        assertThat(failures()).as("handler failures").isEmpty();
    }

    ScriptedServer on(String scriptName, Handler handler) {
        handlers.put(scriptName, handler);
        return this;
    }

    int port() {
        return server.getLocalPort();
    }

    /** Exceptions and assertion errors thrown by handlers: a test must check this is empty. */
    List<Throwable> failures() {
        return List.copyOf(failures);
    }

    List<String> scriptsSeen() {
        return List.copyOf(scriptsSeen);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread session = new Thread(() -> serve(socket), "scripted-agi-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(5000);
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            Map<String, String> header = new LinkedHashMap<>();
            String line;
            while ((line = in.readLine()) != null && !line.isEmpty()) {
                int colon = line.indexOf(": ");
                if (colon > 0) {
                    header.put(line.substring(0, colon), line.substring(colon + 2));
                }
            }
            String script = header.getOrDefault("agi_network_script", "").split("\\?")[0];
            scriptsSeen.add(header.getOrDefault("agi_network_script", ""));
            Handler handler = handlers.get(script);
            if (handler != null) {
                handler.handle(new Peer(header, socket, in));
            }
        } catch (Throwable e) {
            failures.add(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
