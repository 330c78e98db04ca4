package io.callpath.agi;

import io.callpath.flow.CallRequest;
import io.callpath.logs.LogText;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads and parses the {@code agi_key: value} lines that open a FastAGI session. */
final class AgiHeader {

    /** A header value is kept up to this length (a caller name of any length still gets its call served). */
    static final int MAX_LINE_BYTES = 8 * 1024;
    /** A header line longer than this is not a caller id but an attack: the connection is closed. */
    static final int MAX_CUT_LINE_BYTES = 64 * 1024;

    static final int MAX_LINES = 256;

    private AgiHeader() {}

    /**
     * The request, with what had to be mended to read it: values that went on over a line break (a caller id
     * with a newline) and values longer than {@value #MAX_LINE_BYTES} bytes, cut to that.
     */
    record Parsed(CallRequest request, int continuedLines, List<String> cutKeys) {
        Parsed {
            cutKeys = List.copyOf(cutKeys);
        }

        boolean mended() {
            return continuedLines > 0 || !cutKeys.isEmpty();
        }
    }

    /** Reads the header up to its empty line within {@code timeout}. */
    static Parsed read(LineReader reader, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> raw = new LinkedHashMap<>();
        int continuedLines = 0;
        List<String> cutKeys = new ArrayList<>();
        for (int lines = 0; lines <= MAX_LINES; lines++) {
            Optional<LineReader.CutLine> next;
            try {
                next = reader.readLineCut(deadline, MAX_LINE_BYTES, MAX_CUT_LINE_BYTES);
            } catch (SocketTimeoutException timedOut) {
                throw new BadHeaderException("header not complete within " + timeout.toMillis() + " ms");
            } catch (LineReader.LineTooLongException tooLong) {
                throw new BadHeaderException("header " + tooLong.getMessage());
            } catch (java.io.EOFException closedInsideALine) {
                throw new BadHeaderException("connection closed before the header ended");
            }
            if (next.isEmpty()) {
                throw new BadHeaderException("connection closed before the header ended");
            }
            String line = next.get().text();
            if (line.isEmpty()) {
                if (raw.isEmpty()) {
                    throw new BadHeaderException("empty header");
                }
                return new Parsed(toRequest(raw), continuedLines, cutKeys);
            }
            int colon = line.indexOf(':');
            if (!line.startsWith("agi_") || colon < 0) {
                if (raw.isEmpty()) {
                    throw new BadHeaderException("not an agi_ header line: " + printable(line));
                }
                // Asterisk writes caller-controlled values raw: a newline in agi_calleridname makes this line.
                String key = lastKey(raw);
                String joined = raw.get(key) + "\n" + line;
                raw.put(key, cut(joined, key, cutKeys));
                continuedLines++;
                continue;
            }
            String key = line.substring(0, colon);
            String value = line.substring(colon + 1);
            raw.put(key, value.startsWith(" ") ? value.substring(1) : value);
            if (next.get().cut() && !cutKeys.contains(key)) {
                cutKeys.add(key);
            }
        }
        throw new BadHeaderException("header longer than " + MAX_LINES + " lines");
    }

    /** A value grown over line breaks is held to the same length as one line. */
    private static String cut(String value, String key, List<String> cutKeys) {
        if (value.length() <= MAX_LINE_BYTES) {
            return value;
        }
        if (!cutKeys.contains(key)) {
            cutKeys.add(key);
        }
        return value.substring(0, MAX_LINE_BYTES);
    }

    private static String lastKey(Map<String, String> raw) {
        String last = null;
        for (String key : raw.keySet()) {
            last = key;
        }
        return last;
    }

    /** Builds the request from the raw header; public forms follow transcript 06. */
    static CallRequest toRequest(Map<String, String> raw) {
        String networkScript = raw.getOrDefault("agi_network_script", "");
        int question = networkScript.indexOf('?');
        String script = question < 0 ? networkScript : networkScript.substring(0, question);
        Map<String, String> parameters = question < 0 ? Map.of() : parseQuery(networkScript.substring(question + 1));
        List<String> arguments = new ArrayList<>();
        for (int n = 1; raw.containsKey("agi_arg_" + n); n++) {
            arguments.add(raw.get("agi_arg_" + n));
        }
        return new CallRequest(
                script,
                parameters,
                arguments,
                raw.getOrDefault("agi_uniqueid", ""),
                raw.getOrDefault("agi_channel", ""),
                raw.getOrDefault("agi_language", ""),
                raw.getOrDefault("agi_callerid", "unknown"),
                raw.getOrDefault("agi_calleridname", "unknown"),
                raw.getOrDefault("agi_dnid", "unknown"),
                raw.getOrDefault("agi_context", ""),
                raw.getOrDefault("agi_extension", ""),
                raw);
    }

    private static Map<String, String> parseQuery(String query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.put(decode(name), decode(value));
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEscape) {
            // A malformed %-escape is kept as sent rather than losing the session.
            return text;
        }
    }

    /** At most 80 characters of hostile text, safe for one log line. */
    static String printable(String text) {
        return LogText.printable(text, 80);
    }

    /** {@code text} with every control character (CR, LF, ESC...) shown as '?', so it cannot forge log lines. */
    static String withoutControls(String text) {
        return LogText.printable(text);
    }

    /** The peer did not send a usable FastAGI header. */
    static final class BadHeaderException extends IOException {
        BadHeaderException(String message) {
            super(message);
        }
    }
}
