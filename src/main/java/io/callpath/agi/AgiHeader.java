package io.callpath.agi;

import io.callpath.flow.CallRequest;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads and parses the {@code agi_key: value} lines that open a FastAGI session. */
final class AgiHeader {

    private static final Logger log = LoggerFactory.getLogger(AgiHeader.class);

    static final int MAX_LINE_BYTES = 8 * 1024;
    static final int MAX_LINES = 256;

    private AgiHeader() {
    }

    /** Reads the header up to its empty line within {@code timeout}. */
    static CallRequest read(LineReader reader, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> raw = new LinkedHashMap<>();
        for (int lines = 0; lines <= MAX_LINES; lines++) {
            Optional<String> next;
            try {
                next = reader.readLine(deadline, MAX_LINE_BYTES);
            } catch (SocketTimeoutException timedOut) {
                throw new BadHeaderException("header not complete within " + timeout.toMillis() + " ms");
            } catch (LineReader.LineTooLongException tooLong) {
                throw new BadHeaderException("header " + tooLong.getMessage());
            }
            if (next.isEmpty()) {
                throw new BadHeaderException("connection closed before the header ended");
            }
            String line = next.get();
            if (line.isEmpty()) {
                if (raw.isEmpty()) {
                    throw new BadHeaderException("empty header");
                }
                return toRequest(raw);
            }
            int colon = line.indexOf(':');
            if (!line.startsWith("agi_") || colon < 0) {
                if (raw.isEmpty()) {
                    throw new BadHeaderException("not an agi_ header line: " + printable(line));
                }
                // Asterisk writes caller-controlled values raw: a newline in agi_calleridname makes this line.
                String key = lastKey(raw);
                raw.put(key, raw.get(key) + "\n" + line);
                log.warn("FastAGI header value {} went on over a line break (\"{}\"): kept as part of it; "
                        + "a caller id with a newline, nothing to do unless it repeats from one trunk", key, printable(line));
                continue;
            }
            String value = line.substring(colon + 1);
            raw.put(line.substring(0, colon), value.startsWith(" ") ? value.substring(1) : value);
        }
        throw new BadHeaderException("header longer than " + MAX_LINES + " lines");
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
        return text.length() > 80 ? withoutControls(text.substring(0, 80)) + "..." : withoutControls(text);
    }

    /** {@code text} with every control character (CR, LF, ESC...) shown as '?', so it cannot forge log lines. */
    static String withoutControls(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                StringBuilder cleaned = new StringBuilder(text.length());
                for (int j = 0; j < text.length(); j++) {
                    char c = text.charAt(j);
                    cleaned.append(Character.isISOControl(c) ? '?' : c);
                }
                return cleaned.toString();
            }
        }
        return text;
    }

    /** The peer did not send a usable FastAGI header. */
    static final class BadHeaderException extends IOException {
        BadHeaderException(String message) {
            super(message);
        }
    }
}
