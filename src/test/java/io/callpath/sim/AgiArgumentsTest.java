package io.callpath.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AgiArgumentsTest {

    @Test
    void emptyQuotedArgumentIsKeptAsAnEmptyWord() {
        assertThat(AgiArguments.parse("STREAM FILE beep \"\"")).containsExactly("STREAM", "FILE", "beep", "");
    }

    @Test
    void quotesGroupWordsAndAreRemoved() {
        assertThat(AgiArguments.parse("GET FULL VARIABLE \"${A} ${B}\""))
                .containsExactly("GET", "FULL", "VARIABLE", "${A} ${B}");
    }

    @Test
    void backslashEscapesAQuoteInsideAQuotedWord() {
        assertThat(AgiArguments.parse("VERBOSE \"say \\\"hi\\\"\" 1")).containsExactly("VERBOSE", "say \"hi\"", "1");
    }

    @Test
    void carriageReturnBelongsToTheLastWord() {
        assertThat(AgiArguments.parse("GET VARIABLE CALLERID(num)\r"))
                .containsExactly("GET", "VARIABLE", "CALLERID(num)\r");
    }

    @Test
    void runsOfSpacesAndTabsSeparateOnce() {
        assertThat(AgiArguments.parse("  NOOP \t x ")).containsExactly("NOOP", "x");
    }
}
