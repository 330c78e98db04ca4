package io.callpath.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.callpath.events.CallEvent;
import io.callpath.events.EventType;
import io.callpath.events.Phase;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventJsonTest {

    private static final ObjectMapper JACKSON = new ObjectMapper();

    @Test
    void attributesAreWrittenExactlyAsJacksonWritesThemForEveryChar() throws Exception {
        StringBuilder everyChar = new StringBuilder();
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            everyChar.append(c);
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("every\"char\\", everyChar.toString());
        attributes.put("callerIdName", "Eve\"\nHANGUP\r\n\u0000\u001f\u007f\u2028 \uD83D\uDE00");
        attributes.put("empty", "");

        String json = EventJson.attributes(attributes);

        assertThat(json).isEqualTo(JACKSON.writeValueAsString(attributes));
        assertThat(EventJson.attributes(json)).isEqualTo(attributes);
    }

    @Test
    void noAttributesAreAnEmptyObject() throws Exception {
        assertThat(EventJson.attributes(Map.of())).isEqualTo("{}");
    }

    @Test
    void nullValueIsWrittenAsJsonNullAsJacksonDoes() throws Exception {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("digit", null);
        attributes.put("seller", "101");

        assertThat(EventJson.attributes(attributes)).isEqualTo(JACKSON.writeValueAsString(attributes));
    }

    @Test
    void controlCharactersNeverAppearRawInTheJson() {
        String json = EventJson.attributes(Map.of("name", "a\nb\u0001c"));

        assertThat(json).isEqualTo("{\"name\":\"a\\nb\\u0001c\"}").doesNotContain("\n");
    }

    @Test
    void lineIsWrittenExactlyAsJacksonWritesTheEventsFields() throws Exception {
        for (CallEvent event : new CallEvent[] {hostile(), plain()}) {
            assertThat(line(event)).isEqualTo(JACKSON.writeValueAsString(EventJson.fields(event)));
        }
    }

    @Test
    void aLineParsesBackToTheSameEvent() {
        for (CallEvent event : new CallEvent[] {hostile(), plain()}) {
            assertThat(EventJson.parse(line(event))).isEqualTo(event);
        }
    }

    @Test
    void appendLineWritesTheSameLineAfterWhatIsThere() {
        CallEvent event = hostile();
        StringBuilder lines = new StringBuilder("before\n");
        EventJson.appendLine(lines, event);

        assertThat(lines.toString()).isEqualTo("before\n" + line(event));
    }

    /** One event's spool line alone. */
    private static String line(CallEvent event) {
        StringBuilder line = new StringBuilder();
        EventJson.appendLine(line, event);
        return line.toString();
    }

    @Test
    void unknownFieldsAndAnyOrderAreReadAsJacksonWouldRead() {
        String line = "{\"future\":{\"a\":[1,2]},\"offsetMillis\":12,\"type\":\"CALL_ARRIVED\","
                + "\"wallTime\":\"2026-12-02T01:02:03.5Z\",\"sessionId\":\"s\",\"linkedId\":\"l\","
                + "\"eventId\":\"6f1c0c52-9a0e-4c37-9d5e-2f1f5d8b9a01\"}";

        CallEvent event = EventJson.parse(line);

        assertThat(event.type()).isEqualTo(EventType.CALL_ARRIVED);
        assertThat(event.phase()).isNull();
        assertThat(event.wallTime()).isEqualTo(Instant.parse("2026-12-02T01:02:03.5Z"));
        assertThat(event.offsetMillis()).isEqualTo(12);
        assertThat(event.attributes()).isEmpty();
    }

    @Test
    void everyCutOfALineIsRefusedAsATornLine() {
        String line = line(hostile());
        for (int length = 0; length < line.length(); length++) {
            String torn = line.substring(0, length);
            assertThatThrownBy(() -> EventJson.parse(torn))
                    .as("cut at %d: %s", length, torn)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("not a spooled event");
        }
    }

    @Test
    void aLineWithoutARequiredFieldOrWithAWrongTypeIsRefused() {
        String line = line(plain());
        for (String broken : new String[] {
            line.replace("\"eventId\"", "\"eventIdx\""),
            line.replace("\"type\":\"PHASE_STARTED\"", "\"type\":\"NO_SUCH_TYPE\""),
            line.replace("\"offsetMillis\":250", "\"offsetMillis\":\"250\""),
            line.replace("\"linkedId\":\"1700000000.1\"", "\"linkedId\":7"),
            line + "{}",
            "[" + line + "]"
        }) {
            assertThat(broken).isNotEqualTo(line);
            assertThatThrownBy(() -> EventJson.parse(broken)).as(broken).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static CallEvent hostile() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("callerIdName", "Eve\"\nHANGUP\r\n\u0000\u001f\u007f\u2028 \\ \uD83D\uDE00");
        attributes.put("seller", "101");
        attributes.put("", "");
        return new CallEvent(
                UUID.randomUUID(),
                "1700000000.1\n\"",
                "1700000000.2/callpath-inbound",
                EventType.PHASE_STARTED,
                Phase.MENU,
                Instant.parse("2026-12-02T01:02:03.123456789Z"),
                -5,
                attributes);
    }

    private static CallEvent plain() {
        return new CallEvent(
                UUID.fromString("6f1c0c52-9a0e-4c37-9d5e-2f1f5d8b9a01"),
                "1700000000.1",
                "1700000000.1/callpath-inbound",
                EventType.PHASE_STARTED,
                Phase.INFORMER,
                Instant.parse("2026-02-28T23:59:59Z"),
                250,
                Map.of());
    }
}
