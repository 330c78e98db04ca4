package io.callpath.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Reads commands the way res_agi does: it waits for the socket to become readable, then fgets() a line from a
 * stdio buffer. Bytes already pulled into the buffer do not make the socket readable again, which is why a second
 * command in the same write is answered only when more bytes arrive (transcript 08).
 */
final class CommandInput {

    private final Socket socket;
    private final InputStream in;
    private final byte[] chunk = new byte[4096];
    /** Bytes that arrived but were not yet pulled by fgets: they make the socket "readable". */
    private final ByteArrayOutputStream arrived = new ByteArrayOutputStream();
    /** The stdio buffer behind fgets. */
    private final ByteArrayOutputStream buffered = new ByteArrayOutputStream();

    private boolean endOfStream;

    CommandInput(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /** True as soon as new bytes (or end of stream) are there, false when {@code realDeadlineNanos} passes first. */
    boolean awaitReadable(long realDeadlineNanos) throws IOException {
        while (arrived.size() == 0 && !endOfStream) {
            long remainingMillis = (realDeadlineNanos - System.nanoTime()) / 1_000_000L;
            if (remainingMillis <= 0) {
                return false;
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remainingMillis));
            try {
                int read = in.read(chunk);
                if (read < 0) {
                    endOfStream = true;
                } else {
                    arrived.write(chunk, 0, read);
                }
            } catch (SocketTimeoutException e) {
                return false;
            }
        }
        return true;
    }

    /** fgets(): the next line without its '\n' ('\r' kept), or null at end of stream. Waits at most until the deadline. */
    String nextLine(long realDeadlineNanos) throws IOException {
        while (true) {
            byte[] pending = buffered.toByteArray();
            for (int i = 0; i < pending.length; i++) {
                if (pending[i] == '\n') {
                    buffered.reset();
                    buffered.write(pending, i + 1, pending.length - i - 1);
                    return new String(pending, 0, i, StandardCharsets.UTF_8);
                }
            }
            if (arrived.size() == 0) {
                if (endOfStream) {
                    return null;
                }
                if (!awaitReadable(realDeadlineNanos)) {
                    throw new SocketTimeoutException("half a command and then silence");
                }
                continue;
            }
            arrived.writeTo(buffered);
            arrived.reset();
        }
    }
}
