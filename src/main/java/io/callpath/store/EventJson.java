package io.callpath.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.callpath.events.CallEvent;
import io.callpath.events.EventType;
import io.callpath.events.Phase;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Call events as one JSON line each (the spool) and attributes as JSON (the jsonb column). */
final class EventJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = MAPPER.getFactory();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
    // prebuilt: ObjectMapper.readValue builds a deserialization context per call, the writer's top CPU cost in JFR
    private static final ObjectReader ATTRIBUTES_READER = MAPPER.readerFor(STRING_MAP);

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private EventJson() {}

    /**
     * Appends the spool form of one event, without a trailing newline (JSON escapes any newline inside values):
     * character for character what Jackson writes for {@link #fields} (EventJsonTest checks it), by hand because the
     * spool path spent twice the direct path's CPU per event, most of it in Jackson's map serialiser.
     */
    static void appendLine(StringBuilder json, CallEvent event) {
        json.append("{\"eventId\":");
        quoted(json, event.eventId().toString());
        json.append(",\"linkedId\":");
        quoted(json, event.linkedId());
        json.append(",\"sessionId\":");
        quoted(json, event.sessionId());
        json.append(",\"type\":\"").append(event.type().name());
        if (event.phase() == null) {
            json.append("\",\"phase\":null");
        } else {
            json.append("\",\"phase\":\"").append(event.phase().name()).append('"');
        }
        json.append(",\"wallTime\":\"").append(InstantText.iso(event.wallTime()));
        json.append("\",\"offsetMillis\":").append(event.offsetMillis());
        json.append(",\"attributes\":");
        appendAttributes(json, event.attributes());
        json.append('}');
    }

    /** A dead letter: the event's spool form under "event", with the SQL state and error PostgreSQL gave. */
    static String rejectedLine(CallEvent event, String sqlState, String error) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", fields(event));
        fields.put("sqlState", sqlState);
        fields.put("error", error);
        try {
            return MAPPER.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }

    /** The event as the map Jackson serialises into {@link #appendLine}'s form (dead letters, and the test's reference). */
    static Map<String, Object> fields(CallEvent event) {
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

    /** Parses a spool line; throws IllegalArgumentException on a torn or foreign line. */
    static CallEvent parse(String line) {
        // Jackson's streaming parser, not ObjectMapper: a map per line and boxing were the replay's top frames
        try (JsonParser parser = JSON.createParser(line)) {
            expect(parser, JsonToken.START_OBJECT);
            String eventId = null;
            String linkedId = null;
            String sessionId = null;
            String type = null;
            String phase = null;
            String wallTime = null;
            Long offsetMillis = null;
            Map<String, String> attributes = Map.of();
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "eventId" -> eventId = text(parser, value);
                    case "linkedId" -> linkedId = text(parser, value);
                    case "sessionId" -> sessionId = text(parser, value);
                    case "type" -> type = text(parser, value);
                    case "phase" -> phase = text(parser, value);
                    case "wallTime" -> wallTime = text(parser, value);
                    case "offsetMillis" -> offsetMillis = number(parser, value);
                    case "attributes" -> attributes = attributes(parser, value);
                    default -> parser.skipChildren();
                }
            }
            if (token != JsonToken.END_OBJECT) {
                throw new IllegalArgumentException("the line ends before its object does");
            }
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("something follows the object");
            }
            return new CallEvent(
                    UUID.fromString(required("eventId", eventId)),
                    required("linkedId", linkedId),
                    required("sessionId", sessionId),
                    EventType.valueOf(required("type", type)),
                    phase == null ? null : Phase.valueOf(phase),
                    InstantText.parse(required("wallTime", wallTime)),
                    required("offsetMillis", offsetMillis),
                    attributes);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a spooled event: " + e.getMessage(), e);
        }
    }

    private static void expect(JsonParser parser, JsonToken expected) throws IOException {
        JsonToken token = parser.nextToken();
        if (token != expected) {
            throw new IllegalArgumentException("expected " + expected + " but found " + token);
        }
    }

    private static String text(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException(parser.currentName() + " is not a string but " + value);
        }
        return parser.getText();
    }

    private static Long number(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT) {
            throw new IllegalArgumentException(parser.currentName() + " is not a whole number but " + value);
        }
        return parser.getLongValue();
    }

    private static Map<String, String> attributes(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return Map.of();
        }
        if (value != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("attributes is not an object but " + value);
        }
        Map<String, String> attributes = new HashMap<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            attributes.put(name, text(parser, parser.nextToken()));
        }
        if (token != JsonToken.END_OBJECT) {
            throw new IllegalArgumentException("the attributes end before their object does");
        }
        return attributes;
    }

    private static <T> T required(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is missing");
        }
        return value;
    }

    /**
     * The attributes as a JSON object, character for character what Jackson writes (EventJsonTest checks it):
     * written by hand because Jackson's generator per event was the writer's insert's top frame in JFR.
     */
    static String attributes(Map<String, String> attributes) {
        StringBuilder json = new StringBuilder(16 + 32 * attributes.size());
        appendAttributes(json, attributes);
        return json.toString();
    }

    private static void appendAttributes(StringBuilder json, Map<String, String> attributes) {
        json.append('{');
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
        json.append('}');
    }

    /** Jackson's default escaping: quote, backslash and control characters; everything else as is, appended in runs. */
    private static void quoted(StringBuilder json, String text) {
        json.append('"');
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            json.append(text, run, i);
            run = i + 1;
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\b' -> json.append("\\b");
                case '\t' -> json.append("\\t");
                case '\n' -> json.append("\\n");
                case '\f' -> json.append("\\f");
                case '\r' -> json.append("\\r");
                default -> json.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        json.append(text, run, text.length()).append('"');
    }

    static Map<String, String> attributes(String json) {
        try {
            return ATTRIBUTES_READER.readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("attributes are not a JSON object of strings: " + e.getMessage(), e);
        }
    }
}
