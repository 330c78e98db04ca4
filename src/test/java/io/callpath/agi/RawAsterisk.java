package io.callpath.agi;

import io.callpath.sim.AgiRequestHeader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A raw-socket stand-in for Asterisk: sends exact bytes and records the command lines the server sends back. */
final class RawAsterisk implements AutoCloseable {

    private static final int READ_TIMEOUT_MILLIS = 5_000;

    private final Socket socket;
    private final InputStream input;
    private final OutputStream output;

    private RawAsterisk(Socket socket) throws IOException {
        this.socket = socket;
        this.socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        this.input = socket.getInputStream();
        this.output = socket.getOutputStream();
    }

    static RawAsterisk connect(int port) throws IOException {
        return connectFrom("127.0.0.1", port);
    }

    static RawAsterisk connectFrom(String localAddress, int port) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), READ_TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        return new RawAsterisk(socket);
    }

    /** A header as Asterisk 22 sends it (transcript 06), for {@code agi://host:port/<networkScript>}. */
    static String header(String networkScript, String callerName, String... arguments) {
        return AgiRequestHeader.of(networkScript, "Local/s@incoming-00000001;2", "1795732346.3")
                .server("127.0.0.1:4573")
                .caller("5551234", callerName)
                .dnid("5550100")
                .at("incoming", "s", 3)
                .threadId("140264298882752")
                .arguments(arguments)
                .text();
    }

    /** Opens a session of {@code script} with a plain caller. */
    RawAsterisk open(String script) throws IOException {
        send(header(script, "Alice Caller"));
        return this;
    }

    void send(String text) throws IOException {
        output.write(text.getBytes(StandardCharsets.UTF_8));
        output.flush();
    }

    /** The next line the server sent; fails when none arrives within 5 s or the server closed. */
    String nextCommand() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int next = input.read();
            if (next < 0) {
                throw new AssertionError("server closed instead of sending a command; got so far: " + line);
            }
            if (next == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(next);
        }
    }

    /** Replies to the next command after checking it is {@code expected}. */
    void expect(String expected, String reply) throws IOException {
        String command = nextCommand();
        if (!command.equals(expected)) {
            throw new AssertionError("expected command <" + expected + "> but got <" + command + ">");
        }
        send(reply);
    }

    /** Everything the server still sends, until it closes; fails when it does not close within 5 s. */
    String readUntilClosed() throws IOException {
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        try {
            input.transferTo(rest);
        } catch (SocketTimeoutException stillOpen) {
            throw new AssertionError("server did not close the connection; got: " + rest);
        } catch (IOException reset) {
            // A reset is a close too: the server refused or cut the connection.
        }
        return rest.toString(StandardCharsets.UTF_8);
    }

    /** Nothing arrives within {@code millis}: the server is still waiting for us. */
    boolean silentFor(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            int next = input.read();
            if (next >= 0) {
                throw new AssertionError("server sent " + (char) next + " while it should wait");
            }
            return false;
        } catch (SocketTimeoutException quiet) {
            return true;
        } finally {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
