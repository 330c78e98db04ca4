package io.callpath.agi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandTimingsTest {

    @Test
    void commandNamesKeepTheVerbAndDropEveryArgument() {
        assertThat(CommandTimings.nameOf("STREAM FILE callpath/menu \"0123456789*#\""))
                .isEqualTo("STREAM FILE");
        assertThat(CommandTimings.nameOf("GET DATA callpath/menu 5000 1")).isEqualTo("GET DATA");
        assertThat(CommandTimings.nameOf("GET FULL VARIABLE \"${CHANNEL(linkedid)} ${CDR(start,u)}\""))
                .isEqualTo("GET FULL VARIABLE");
        assertThat(CommandTimings.nameOf("GET VARIABLE CALLPATH_T0")).isEqualTo("GET VARIABLE");
        assertThat(CommandTimings.nameOf("SET VARIABLE CALLPATH_STATUS \"DONE\""))
                .isEqualTo("SET VARIABLE");
        assertThat(CommandTimings.nameOf("WAIT FOR DIGIT 5000")).isEqualTo("WAIT FOR DIGIT");
        assertThat(CommandTimings.nameOf("ANSWER")).isEqualTo("ANSWER");
        assertThat(CommandTimings.nameOf("VERBOSE \"callpath: <b>Eve</b>\" 1")).isEqualTo("VERBOSE");
    }

    @Test
    void execNamesItsApplicationOnlyWhenItIsAKnownOne() {
        assertThat(CommandTimings.nameOf("EXEC Dial \"PJSIP/101,15,U(callpath-answered^1.0^seller^main^sales^1.5)\""))
                .isEqualTo("EXEC Dial");
        assertThat(CommandTimings.nameOf("EXEC VoiceMail \"100@default\"")).isEqualTo("EXEC Voicemail");
        assertThat(CommandTimings.nameOf("EXEC SomethingOdd \"x\"")).isEqualTo("EXEC other");
        assertThat(CommandTimings.nameOf("weird <script>")).isEqualTo("other");
    }
}
