package io.callpath.pbx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One SIP message from SIPp's {@code -message_file}: when SIPp sent or received it (its own clock) and its first line. */
public record SipMessage(Instant time, boolean sent, String firstLine, String text) {

    private static final Pattern HEADER =
            Pattern.compile("^-{10,} (\\d{4}-\\d{2}-\\d{2}) (\\d{2}:\\d{2}:\\d{2}\\.\\d{6})$");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    /** "INVITE", "ACK", "BYE" for a request; the status code ("200", "486") for a response. */
    public String method() {
        String[] words = firstLine.split(" ");
        return firstLine.startsWith("SIP/2.0 ") ? words[1] : words[0];
    }

    /** The value of the first header of that name (case-insensitive), or "". */
    public String header(String name) {
        for (String line : text.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return "";
    }

    /** The CSeq method ("INVITE" for a 200 OK to an INVITE). */
    public String cseqMethod() {
        String[] cseq = header("CSeq").split(" ");
        return cseq.length > 1 ? cseq[1] : "";
    }

    static List<SipMessage> parse(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<SipMessage> messages = new ArrayList<>();
        int index = 0;
        while (index < lines.size()) {
            Matcher header = HEADER.matcher(lines.get(index));
            if (!header.matches()) {
                index++;
                continue;
            }
            Instant time = LocalDateTime.parse(header.group(1) + " " + header.group(2), STAMP)
                    .atZone(ZoneId.systemDefault())
                    .toInstant();
            boolean sent = index + 1 < lines.size() && lines.get(index + 1).contains("message sent");
            int start = index + 2;
            while (start < lines.size() && lines.get(start).isBlank()) {
                start++;
            }
            int end = start;
            while (end < lines.size() && !HEADER.matcher(lines.get(end)).matches()) {
                end++;
            }
            if (start < end) {
                messages.add(new SipMessage(
                        time, sent, lines.get(start).trim(), String.join("\n", lines.subList(start, end))));
            }
            index = end;
        }
        return messages;
    }
}
