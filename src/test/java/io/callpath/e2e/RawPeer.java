package io.callpath.e2e;

import io.callpath.sim.AgiRequestHeader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A hand-driven "Asterisk" on a raw socket, for the inputs the FakeAsterisk will not produce. */
final class RawPeer implements AutoCloseable {

    private static final int READ_TIMEOUT_MILLIS = 5_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    final List<String> commands = new ArrayList<>();

    private RawPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static RawPeer connect(int port) throws IOException {
        return new RawPeer(new Socket(InetAddress.getLoopbackAddress(), port));
    }

    /** An "incoming" request header as Asterisk 22 writes it, for a PJSIP trunk channel whose linkedid is its uniqueid. */
    static String incomingHeader(String uniqueId, String did) {
        return AgiRequestHeader.of("incoming", "PJSIP/trunk-00000001", uniqueId)
                .caller("5550300", "Raw")
                .dnid(did)
                .at("callpath-inbound", did, 1)
                .threadId("140262600000000")
                .arguments(did)
                .text();
    }

    void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The next command line the server sent, without its newline. */
    String nextCommand() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("server closed the connection; commands so far " + commands);
            }
            if (b == '\n') {
                String command = line.toString(StandardCharsets.UTF_8);
                commands.add(command);
                return command;
            }
            line.write(b);
        }
    }

    /**
     * Answers every command as a live channel would until one starts with {@code prefix}, which is returned unanswered.
     * {@code idsReply} answers the inbound flow's first GET FULL VARIABLE (linkedid and CDR start).
     */
    String answerUntil(String prefix, String idsReply) throws IOException {
        while (true) {
            String command = nextCommand();
            if (command.startsWith(prefix)) {
                return command;
            }
            if (command.startsWith("GET FULL VARIABLE")) {
                send(idsReply);
            } else if (command.startsWith("SET VARIABLE")) {
                send("200 result=1\n");
            } else if (command.startsWith("STREAM FILE")) {
                send("200 result=0 endpos=8000\n");
            } else if (command.startsWith("GET VARIABLE")) {
                send("200 result=0\n");
            } else {
                send("200 result=0\n");
            }
        }
    }

    /** True once the server closed the connection (reading end of stream or a reset) within the read timeout. */
    boolean closedByServer() throws IOException {
        try {
            while (in.read() >= 0) {
                // drain whatever the server still sent
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
