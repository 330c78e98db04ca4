package io.callpath.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads '\n'-terminated lines and remembers when the first byte of the latest line arrived (System.nanoTime). */
final class TimedLineReader {

    private static final int MAX_LINE_BYTES = 64 * 1024;

    private final InputStream in;
    private byte[] buffer = new byte[4096];
    private int start;
    private int end;
    private long lineFirstByteNanos;

    TimedLineReader(InputStream in) {
        this.in = in;
    }

    /** The next line without its '\n', or null at end of stream; a read timeout surfaces as SocketTimeoutException. */
    String readLine() throws IOException {
        int scanned = start;
        boolean firstByteSeen = start < end;
        if (firstByteSeen) {
            // bytes already buffered: they arrived with the previous read, no fresher timestamp exists
            lineFirstByteNanos = System.nanoTime();
        }
        while (true) {
            for (int i = scanned; i < end; i++) {
                if (buffer[i] == '\n') {
                    String line = new String(buffer, start, i - start, StandardCharsets.UTF_8);
                    start = i + 1;
                    return line;
                }
            }
            scanned = end;
            if (start == end) {
                start = 0;
                end = 0;
                scanned = 0;
            }
            if (end == buffer.length) {
                if (end - start >= MAX_LINE_BYTES) {
                    throw new IOException("line longer than " + MAX_LINE_BYTES + " bytes");
                }
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
            int read = in.read(buffer, end, buffer.length - end);
            if (read < 0) {
                return null;
            }
            if (!firstByteSeen) {
                lineFirstByteNanos = System.nanoTime();
                firstByteSeen = true;
            }
            end += read;
        }
    }

    long lineFirstByteNanos() {
        return lineFirstByteNanos;
    }
}
