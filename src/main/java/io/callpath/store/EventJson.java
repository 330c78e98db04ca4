package io.callpath.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.callpath.events.CallEvent;
import io.callpath.events.EventType;
import io.callpath.events.Phase;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Call events as one JSON line each (the spool) and attributes as JSON (the jsonb column). */
final class EventJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
    // prebuilt: ObjectMapper.readValue builds a deserialization context per call, the writer's top CPU cost in JFR
    private static final ObjectReader ATTRIBUTES_READER = MAPPER.readerFor(STRING_MAP);

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private EventJson() {}

    /** The spool form of one event, without a trailing newline (JSON escapes any newline inside values). */
    static String line(CallEvent event) {
        return write(fields(event));
    }

    /** A dead letter: the event's spool form under "event", with the SQL state and error PostgreSQL gave. */
    static String rejectedLine(CallEvent event, String sqlState, String error) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", fields(event));
        fields.put("sqlState", sqlState);
        fields.put("error", error);
        return write(fields);
    }

    private static Map<String, Object> fields(CallEvent event) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("eventId", event.eventId().toString());
        fields.put("linkedId", event.linkedId());
        fields.put("sessionId", event.sessionId());
        fields.put("type", event.type().name());
        fields.put("phase", event.phase() == null ? null : event.phase().name());
        fields.put("wallTime", event.wallTime().toString());
        fields.put("offsetMillis", event.offsetMillis());
        fields.put("attributes", event.attributes());
        return fields;
    }

    private static String write(Map<String, Object> fields) {
        try {
            return MAPPER.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }

    /** Parses a spool line; throws IllegalArgumentException on a torn or foreign line. */
    static CallEvent parse(String line) {
        try {
            Map<String, Object> fields = MAPPER.readValue(line, new TypeReference<Map<String, Object>>() {});
            Object phase = fields.get("phase");
            @SuppressWarnings("unchecked")
            Map<String, String> attributes = (Map<String, String>) fields.getOrDefault("attributes", Map.of());
            return new CallEvent(
                    UUID.fromString((String) fields.get("eventId")),
                    (String) fields.get("linkedId"),
                    (String) fields.get("sessionId"),
                    EventType.valueOf((String) fields.get("type")),
                    phase == null ? null : Phase.valueOf((String) phase),
                    Instant.parse((String) fields.get("wallTime")),
                    ((Number) fields.get("offsetMillis")).longValue(),
                    attributes == null ? Map.of() : attributes);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("not a spooled event: " + e.getMessage(), e);
        }
    }

    /**
     * The attributes as a JSON object, character for character what Jackson writes (EventJsonTest checks it):
     * written by hand because Jackson's generator per event was the writer's insert's top frame in JFR.
     */
    static String attributes(Map<String, String> attributes) {
        StringBuilder json = new StringBuilder(16 + 32 * attributes.size()).append('{');
        boolean first = true;
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            if (!first) {
                json.append(',');
            }
            first = false;
            quoted(json, attribute.getKey());
            json.append(':');
            if (attribute.getValue() == null) {
                json.append("null");
            } else {
                quoted(json, attribute.getValue());
            }
        }
        return json.append('}').toString();
    }

    /** Jackson's default escaping: quote, backslash and control characters; everything else as is. */
    private static void quoted(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\b' -> json.append("\\b");
                case '\t' -> json.append("\\t");
                case '\n' -> json.append("\\n");
                case '\f' -> json.append("\\f");
                case '\r' -> json.append("\\r");
                default -> {
                    if (c < 0x20) {
                        json.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }

    static Map<String, String> attributes(String json) {
        try {
            return ATTRIBUTES_READER.readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("attributes are not a JSON object of strings: " + e.getMessage(), e);
        }
    }
}
