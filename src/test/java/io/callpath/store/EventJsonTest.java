package io.callpath.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
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
}
