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
            if (!fill(deadlineNanos)) {
                return Optional.empty();
            }
        }
    }

    /**
     * The next line if a whole one has already arrived (buffered or readable without blocking), else empty; for
     * lines nobody asked for: Asterisk sends nothing between commands but {@code HANGUP}.
     */
    Optional<String> readLineIfArrived(int maxLineBytes) throws IOException {
        while (true) {
            for (int i = start; i < end; i++) {
                if (buffer[i] == '\n') {
                    return readLine(System.nanoTime() + 1_000_000_000L, maxLineBytes);
                }
            }
            int available = input.available();
            if (available <= 0) {
                return Optional.empty();
            }
            if (end - start > Math.min(maxLineBytes, capacity)) {
                throw new LineTooLongException("line longer than " + maxLineBytes + " bytes");
            }
            makeRoom();
            int read = input.read(buffer, end, Math.min(available, buffer.length - end));
            if (read < 0) {
                return Optional.empty();
            }
            end += read;
        }
    }

    /**
     * A line of which only the first {@code keepBytes} are kept (cut at a character boundary), the rest read and
     * dropped up to its end; a line longer than {@code maxLineBytes} is still refused. Never buffers more than
     * {@code keepBytes} of one line.
     *
     * @return the kept part and whether the line was cut; empty at end of stream
     */
    Optional<CutLine> readLineCut(long deadlineNanos, int keepBytes, int maxLineBytes) throws IOException {
        int scannedFromStart = 0;
        while (true) {
            for (int i = start + scannedFromStart; i < end; i++) {
                if (buffer[i] == '\n') {
                    int lineEnd = i > start && buffer[i - 1] == '\r' ? i - 1 : i;
                    if (lineEnd - start > keepBytes) {
                        String kept = keptPart(keepBytes);
                        start = i + 1;
                        return Optional.of(new CutLine(kept, true));
                    }
                    String line = new String(buffer, start, lineEnd - start, StandardCharsets.UTF_8);
                    start = i + 1;
                    return Optional.of(new CutLine(line, false));
                }
            }
            scannedFromStart = end - start;
            if (scannedFromStart > keepBytes) {
                return Optional.of(new CutLine(cutAndSkipRest(deadlineNanos, keepBytes, maxLineBytes), true));
            }
            makeRoom();
            if (!fill(deadlineNanos)) {
                return Optional.empty();
            }
        }
    }

    /** Keeps {@code keepBytes} of the buffered line, then drops bytes up to and including the next newline. */
    private String cutAndSkipRest(long deadlineNanos, int keepBytes, int maxLineBytes) throws IOException {
        String kept = keptPart(keepBytes);
        long lineBytes = end - start;
        while (true) {
            start = 0;
            end = 0;
            if (!fill(deadlineNanos)) {
                throw new java.io.EOFException("connection closed inside a line");
            }
            for (int i = 0; i < end; i++) {
                if (buffer[i] == '\n') {
                    if (lineBytes + i > maxLineBytes) {
                        throw new LineTooLongException("line longer than " + maxLineBytes + " bytes");
                    }
                    start = i + 1;
                    return kept;
                }
            }
            lineBytes += end;
            if (lineBytes > maxLineBytes) {
                throw new LineTooLongException("line longer than " + maxLineBytes + " bytes");
            }
        }
    }

    /** The first {@code keepBytes} of the buffered line, backed off so as not to end in half a UTF-8 character. */
    private String keptPart(int keepBytes) {
        int cut = start + keepBytes;
        while (cut > start && (buffer[cut] & 0xC0) == 0x80) {
            cut--;
        }
        return new String(buffer, start, cut - start, StandardCharsets.UTF_8);
    }

    /** Reads what arrives by the deadline into the free end of the buffer; false at end of stream. */
    private boolean fill(long deadlineNanos) throws IOException {
        long remainingMillis = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (remainingMillis <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remainingMillis));
        int read = input.read(buffer, end, buffer.length - end);
        if (read < 0) {
            return false;
        }
        end += read;
        return true;
    }

    /** A line as kept by {@link #readLineCut}. */
    record CutLine(String text, boolean cut) {}

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
