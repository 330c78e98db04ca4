package io.callpath.pbx;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Asterisk's CEL rows as cel_custom writes them (one CSV line per event, fields double-quoted, quotes doubled). */
public final class CelLog {

    private final Path csv;

    CelLog(Path csv) {
        this.csv = csv;
    }

    /** Every event written so far (a line still being written is left out). */
    public List<CelEvent> events() {
        if (!Files.exists(csv)) {
            return List.of();
        }
        String text;
        try {
            text = Files.readString(csv, UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<CelEvent> events = new ArrayList<>();
        int start = 0;
        int end;
        while ((end = text.indexOf('\n', start)) >= 0) {
            String line = text.substring(start, end);
            start = end + 1;
            if (!line.isBlank()) {
                events.add(CelEvent.of(parse(line)));
            }
        }
        return events;
    }

    /** The events of one call (every channel with this linkedid), in file order. */
    public CelCall call(String linkedId) {
        return new CelCall(
                linkedId,
                events().stream()
                        .filter(event -> event.linkedId().equals(linkedId))
                        .toList());
    }

    static List<String> parse(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
