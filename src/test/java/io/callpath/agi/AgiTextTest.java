package io.callpath.agi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AgiTextTest {

    @Test
    void quoteEscapesQuotesAndBackslashesAndBlanksControlCharacters() {
        assertThat(AgiText.quote("a\"b\\c\nd\re\tf")).isEqualTo("\"a\\\"b\\\\c d e f\"");
    }

    @Test
    void quotedTextNeverContainsALineBreak() {
        String hostile = "\"\nHANGUP\n\u0000\u2028\r\n";
        assertThat(AgiText.quote(hostile)).doesNotContain("\n", "\r", "\u0000", "\u2028");
    }

    @Test
    void quoteKeepsNonAsciiText() {
        assertThat(AgiText.quote("Елена")).isEqualTo("\"Елена\"");
    }

    @Test
    void plainWordsStayBareAndAnythingElseIsQuoted() {
        assertThat(AgiText.word("CALLERID(num)")).isEqualTo("CALLERID(num)");
        assertThat(AgiText.word("callpath/informer")).isEqualTo("callpath/informer");
        assertThat(AgiText.word("two words")).isEqualTo("\"two words\"");
        assertThat(AgiText.word("X\nHANGUP")).isEqualTo("\"X HANGUP\"");
        assertThat(AgiText.word("")).isEqualTo("\"\"");
        assertThat(AgiText.word("digits-0123456789_*#+=^&@,:.")).isEqualTo("digits-0123456789_*#+=^&@,:.");
        assertThat(AgiText.word("Élan")).isEqualTo("\"Élan\"");
        assertThat(AgiText.word("a\"b")).isEqualTo("\"a\\\"b\"");
        assertThat(AgiText.word("semi;colon")).isEqualTo("\"semi;colon\"");
    }
}
