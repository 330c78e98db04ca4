package io.callpath.agi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AgiReplyTest {

    @Test
    void valueInParenthesesRunsFromTheFirstOpeningToTheLastClosing() {
        AgiReply reply = AgiReply.parse("200 result=1 (a (b) c))");
        assertThat(reply.result()).isEqualTo("1");
        assertThat(reply.data()).isEqualTo("a (b) c)");
    }

    @Test
    void emptyResultWithTimeoutNote() {
        AgiReply reply = AgiReply.parse("200 result= (timeout)");
        assertThat(reply.result()).isEmpty();
        assertThat(reply.code()).isEmpty();
        assertThat(reply.data()).isEqualTo("timeout");
    }

    @Test
    void streamFileReplyCarriesEndpos() {
        AgiReply reply = AgiReply.parse("200 result=49 endpos=13280");
        assertThat(reply.code()).hasValue(49);
        assertThat(reply.endpos()).isEqualTo(13280);
        assertThat(AgiReply.parse("200 result=0").hasEndpos()).isFalse();
    }

    @Test
    void lineThatIsNotA200ReplyIsRefused() {
        assertThatThrownBy(() -> AgiReply.parse("510 Invalid or unknown command"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resultCodeIsANumberOnlyWhenItIsOne() {
        assertThat(AgiReply.parse("200 result=-1").code()).hasValue(-1);
        assertThat(AgiReply.parse("200 result=-2").code()).hasValue(-2);
        assertThat(AgiReply.parse("200 result=-").code()).isEmpty();
        assertThat(AgiReply.parse("200 result=1x").code()).isEmpty();
        assertThat(AgiReply.parse("200 result=+1").code()).isEmpty();
        assertThat(AgiReply.parse("200 result=99999999999999999999").code()).isEmpty();
        assertThat(AgiReply.parse("200 result=9223372036854775807").code()).hasValue(Long.MAX_VALUE);
    }
}
