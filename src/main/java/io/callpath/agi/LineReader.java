package io.callpath.agi;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads {@code \n}-terminated lines from a socket against a deadline, keeping partial lines across timeouts
 * (a timed-out read leaves the socket usable: play() relies on that to send NOOP and read on).
 */
final class LineReader {

    private final Socket socket;
    private final InputStream input;
    private final int capacity;
    private byte[] buffer;
    private int start;
    private int end;

    /** A reader whose lines can never exceed {@code capacity} bytes, whatever a caller asks. */
    LineReader(Socket socket, int capacity) throws IOException {
        this.socket = socket;
        this.input = socket.getInputStream();
        this.capacity = capacity;
        this.buffer = new byte[Math.min(4096, capacity + 2)];
    }

    /**
     * The next line of at most {@code maxLineBytes} without its terminator (a trailing CR is dropped too), or empty at end of stream.
     *
     * @throws SocketTimeoutException when no whole line arrived by {@code deadlineNanos} (System.nanoTime)
     * @throws LineTooLongException   when a line exceeds the limit
     */
    Optional<String> readLine(long deadlineNanos, int maxLineBytes) throws IOException {
        int scannedFromStart = 0;
        while (true) {
            for (int i = start + scannedFromStart; i < end; i++) {
                if (buffer[i] == '\n') {
                    if (i - start > maxLineBytes) {
                        throw new LineTooLongException("line longer than " + maxLineBytes + " bytes");
                    }
                    int lineEnd = i > start && buffer[i - 1] == '\r' ? i - 1 : i;
                    String line = new String(buffer, start, lineEnd - start, StandardCharsets.UTF_8);
                    start = i + 1;
                    return Optional.of(line);
                }
            }
            scannedFromStart = end - start;
            if (scannedFromStart > Math.min(maxLineBytes, capacity)) {
                throw new LineTooLongException("line longer than " + maxLineBytes + " bytes");
            }
            makeRoom();
            long remainingMillis = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (remainingMillis <= 0) {
                throw new SocketTimeoutException("deadline passed");
            }
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remainingMillis));
            int read = input.read(buffer, end, buffer.length - end);
            if (read < 0) {
                return Optional.empty();
            }
            end += read;
        }
    }

    private void makeRoom() {
        if (end < buffer.length) {
            return;
        }
        int pending = end - start;
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, pending);
            start = 0;
            end = pending;
        }
        if (end == buffer.length) {
            byte[] larger = new byte[Math.min(buffer.length * 2, capacity + 2)];
            System.arraycopy(buffer, 0, larger, 0, end);
            buffer = larger;
        }
    }

    /** A peer sent a line longer than we accept. */
    static final class LineTooLongException extends IOException {
        LineTooLongException(String message) {
            super(message);
        }
    }
}
