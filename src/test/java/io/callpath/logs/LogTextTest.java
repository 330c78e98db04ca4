package io.callpath.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void controlCharactersAreShownAsQuestionMarks() {
        assertThat(LogText.printable("a\r\nb\u001b[31mc\u0085\u007f")).isEqualTo("a??b?[31mc??");
    }

    @Test
    void cleanTextComesBackAsTheSameString() {
        String clean = "PJSIP/101-0000002a";
        assertThat(LogText.printable(clean)).isSameAs(clean);
        assertThat(LogText.withControlsAs(clean, ' ')).isSameAs(clean);
    }

    @Test
    void anyValueIsPrintedAsItsText() {
        assertThat(LogText.printable((Object) null)).isEqualTo("null");
        assertThat(LogText.printable(java.util.Map.of("name", "x\ny"))).isEqualTo("{name=x?y}");
    }

    @Test
    void longTextIsCutAndMarked() {
        assertThat(LogText.printable("x".repeat(500), 80)).isEqualTo("x".repeat(80) + "...");
        assertThat(LogText.printable("x".repeat(80), 80)).isEqualTo("x".repeat(80));
        assertThat(LogText.printable("\n".repeat(100), 20)).isEqualTo("?".repeat(20) + "...");
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        String text = "x".repeat(19) + "\uD83D\uDE00" + "tail";
        assertThat(LogText.printable(text, 20)).isEqualTo("x".repeat(19) + "...");
    }

    @Test
    void controlsCanBeReplacedByAnotherCharacter() {
        assertThat(LogText.withControlsAs("line one\nline two\t!", ' ')).isEqualTo("line one line two !");
    }
}
