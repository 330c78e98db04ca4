package io.callpath.fault;

import io.callpath.sim.AgiRequestHeader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** One FastAGI session played by hand over a raw socket, with the header Asterisk 22 sends (transcript 06). */
final class RawAgiSession implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawAgiSession(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects and sends the header of {@code networkScript} for the caller channel {@code uniqueId}. */
    static RawAgiSession open(int port, String networkScript, String uniqueId, String argument) throws IOException {
        RawAgiSession session = new RawAgiSession(new Socket(InetAddress.getLoopbackAddress(), port));
        session.send(header(networkScript, uniqueId, argument));
        return session;
    }

    /** An incoming call's header; the caller channel's uniqueid is its call's linkedid. */
    static String header(String networkScript, String uniqueId, String argument) {
        return AgiRequestHeader.of(networkScript, "PJSIP/trunk-00000001", uniqueId)
                .caller("5550123", "Caller")
                .dnid("5551000")
                .at("callpath-inbound", "5551000", 4)
                .arguments(argument)
                .text();
    }

    void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The next line the server sent; fails when it closed first. */
    String nextCommand() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int next = in.read(); next != '\n'; next = in.read()) {
            if (next < 0) {
                throw new AssertionError("closed before a whole line; got " + line);
            }
            line.write(next);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /**
     * Answers as a live caller channel would (the ids, then success for every command) until a command starting with
     * {@code prefix} comes, which is returned unanswered.
     */
    String answerUntil(String prefix, String idsReply) throws IOException {
        while (true) {
            String command = nextCommand();
            if (command.startsWith(prefix)) {
                return command;
            }
            if (command.startsWith("GET FULL VARIABLE")) {
                send(idsReply);
            } else if (command.startsWith("STREAM FILE")) {
                send("200 result=0 endpos=8000\n");
            } else {
                send(command.startsWith("SET VARIABLE") ? "200 result=1\n" : "200 result=0\n");
            }
        }
    }

    /** True when the server closed (end of stream or a reset). */
    boolean closedByServer() {
        try {
            return in.read() < 0;
        } catch (IOException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
