package io.callpath.agi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callpath.flow.CallRequest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgiHeaderTest {

    @Test
    void malformedPercentEscapeIsKeptAsSent() {
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("agi_network_script", "incoming?line=a%zz&campaign=spring+sale&flag");
        CallRequest request = AgiHeader.toRequest(raw);
        assertThat(request.parameters())
                .containsEntry("line", "a%zz")
                .containsEntry("campaign", "spring sale")
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
    void lineBreakInCallerNameContinuesTheValueInsteadOfEndingTheSession() throws Exception {
        CallRequest request = readOverSocket("agi_network_script: incoming\nagi_uniqueid: 1.2\n"
                + "agi_calleridname: \"\nHANGUP\nagi_callerid: 5550100\n\n");
        assertThat(request.callerName()).isEqualTo("\"\nHANGUP");
        assertThat(request.callerId()).isEqualTo("5550100");
        assertThat(request.script()).isEqualTo("incoming");
    }

    @Test
    void valuesOverEightKilobytesAreCutAtACharacterAndNamed() throws Exception {
        String name = "Ж".repeat(5_000);
        AgiHeader.Parsed parsed = readParsed("agi_network_script: incoming\nagi_uniqueid: 1.2\nagi_callerid: "
                + "5".repeat(9_000) + "\nagi_calleridname: " + name + "\nagi_dnid: 5551000\n\n");
        assertThat(parsed.request().callerId()).hasSize(AgiHeader.MAX_LINE_BYTES - "agi_callerid: ".length());
        assertThat(name).startsWith(parsed.request().callerName());
        assertThat(parsed.request().dnid()).isEqualTo("5551000");
        assertThat(parsed.cutKeys()).containsExactly("agi_callerid", "agi_calleridname");
        assertThat(parsed.mended()).isTrue();
    }

    @Test
    void lineOverSixtyFourKilobytesIsStillRefused() {
        assertThatThrownBy(() ->
                        readParsed("agi_network_script: incoming\nagi_calleridname: " + "x".repeat(70_000) + "\n\n"))
                .isInstanceOf(AgiHeader.BadHeaderException.class)
                .hasMessageContaining("line longer than 65536 bytes");
    }

    @Test
    void headerNotStartingWithAnAgiLineIsRefused() {
        assertThatThrownBy(() -> readOverSocket("GET / HTTP/1.1\nagi_uniqueid: 1.2\n\n"))
                .isInstanceOf(AgiHeader.BadHeaderException.class)
                .hasMessageContaining("not an agi_ header line: GET / HTTP/1.1");
    }

    private static CallRequest readOverSocket(String header) throws Exception {
        return readParsed(header).request();
    }

    private static AgiHeader.Parsed readParsed(String header) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                Socket server = listener.accept()) {
            client.getOutputStream().write(header.getBytes(StandardCharsets.UTF_8));
            client.getOutputStream().flush();
            return AgiHeader.read(new LineReader(server, 16 * 1024), Duration.ofSeconds(2));
        }
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
