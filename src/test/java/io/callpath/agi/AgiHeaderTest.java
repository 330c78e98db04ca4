package io.callpath.agi;

import io.callpath.flow.CallRequest;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AgiHeaderTest {

    @Test
    void malformedPercentEscapeIsKeptAsSent() {
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("agi_network_script", "incoming?line=a%zz&campaign=spring+sale&flag");
        CallRequest request = AgiHeader.toRequest(raw);
        assertThat(request.parameters()).containsEntry("line", "a%zz").containsEntry("campaign", "spring sale")
                .containsEntry("flag", "");
    }

    @Test
    void missingFieldsGetAsteriskDefaults() {
        CallRequest request = AgiHeader.toRequest(Map.of("agi_network_script", "hangup?leg=caller", "agi_arg_1", ""));
        assertThat(request.script()).isEqualTo("hangup");
        assertThat(request.arguments()).containsExactly("");
        assertThat(request.argument(1)).isEmpty();
        assertThat(request.callerId()).isEqualTo("unknown");
        assertThat(request.dnid()).isEqualTo("unknown");
    }

    @Test
    void printableTextHasNoControlCharactersAndIsShort() {
        assertThat(AgiHeader.printable("a\nb\rc")).isEqualTo("a?b?c");
        assertThat(AgiHeader.printable("x".repeat(500))).hasSize(83);
        assertThat(AgiHeader.printable("\u001b[31mred\u0085")).isEqualTo("?[31mred?");
    }

    @Test
    void textWithoutControlsKeepsItsLength() {
        String clean = "200 result=1 (Elena \"E\" (VIP))";
        assertThat(AgiHeader.withoutControls(clean)).isSameAs(clean);
        assertThat(AgiHeader.withoutControls("a\rb".repeat(100))).hasSize(300).doesNotContain("\r");
    }
}
