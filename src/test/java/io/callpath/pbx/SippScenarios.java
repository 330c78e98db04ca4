package io.callpath.pbx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * SIPp scenario files written at test time for a {@link SipCallerPlan} or {@link SipPhonePlan}: the tree's
 * uac-call-dtmf.xml / uas-*.xml with the times and answers a scenario needs (SIPp's pause lengths cannot come from
 * the command line). Same SIP and SDP as the tree's: PCMA plus telephone-event/8000 as payload type 101.
 */
final class SippScenarios {

    private static final String SDP = """
            v=0
            o=sipp 53655765 2353687637 IN IP[local_ip_type] [local_ip]
            s=-
            c=IN IP[media_ip_type] %s
            t=0 0
            m=audio %s RTP/AVP 8 101
            a=rtpmap:8 PCMA/8000
            a=rtpmap:101 telephone-event/8000
            a=fmtp:101 0-15
            a=ptime:20
            a=sendrecv
            """;

    /** The phone's tag on the dialog of the INVITE it takes. */
    private static final String TAG = ";tag=[pid]SIPpTag01[call_number]";

    private static final String LAST_CSEQ = "[last_CSeq:]";
    private static final String CONTACT = "Contact: <sip:[local_ip]:[local_port];transport=[transport]>";

    private SippScenarios() {}

    /**
     * Caller: INVITE [service] with digest auth, then the plan. {@code mediaPort} > 0 puts that port (on 127.0.0.1)
     * into the SDP instead of SIPp's own, so a silent caller's received RTP goes to a recorder.
     */
    static Path caller(Path directory, String name, SipCallerPlan plan, int mediaPort) {
        String sdp =
                mediaPort > 0 ? SDP.formatted("127.0.0.1", mediaPort) : SDP.formatted("[media_ip]", "[media_port]");
        StringBuilder afterAck = new StringBuilder();
        long waited = 0;
        if (plan.playsAudio()) {
            afterAck.append(play("pcap/caller-audio.pcap"));
        }
        if (plan.digitAtMillis().isPresent()) {
            long digitAt = plan.digitAtMillis().getAsLong();
            afterAck.append(pause(digitAt)).append("""
                      <nop><action><log message="[clock_tick] DTMF 1 sent"/><exec play_pcap_audio="pcap/dtmf_2833_1.pcap"/></action></nop>
                    """).append(pause(300));
            if (plan.playsAudio()) {
                afterAck.append(play("pcap/caller-audio.pcap"));
            }
            waited = digitAt + 300;
        }
        String xml = """
                <?xml version="1.0" encoding="ISO-8859-1" ?>
                <!DOCTYPE scenario SYSTEM "sipp.dtd">
                <scenario name="caller %s">
                %s  <recv response="100" optional="true"/>
                  <recv response="401" auth="true"/>
                  <send><![CDATA[

                      ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
                      [last_Via:]
                      From: "Test Caller" <sip:[caller]@[remote_ip]:[remote_port]>;tag=[pid]SIPpTag00[call_number]
                      [last_To:]
                      Call-ID: [call_id]
                      CSeq: 1 ACK
                      Max-Forwards: 70
                      Content-Length: 0

                    ]]></send>
                %s  <recv response="100" optional="true"/>
                  <recv response="180" optional="true"/>
                  <recv response="183" optional="true"/>
                  <recv response="200" rrs="true"/>
                  <send><![CDATA[

                      ACK [next_url] SIP/2.0
                      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
                      From: "Test Caller" <sip:[caller]@[remote_ip]:[remote_port]>;tag=[pid]SIPpTag00[call_number]
                      [last_To:]
                      Call-ID: [call_id]
                      [routes]
                      CSeq: 2 ACK
                      Contact: <sip:[caller]@[local_ip]:[local_port]>
                      Max-Forwards: 70
                      Content-Length: 0

                    ]]></send>
                %s
                  <recv request="BYE" timeout="%d" ontimeout="hangup"/>
                  <send next="end"><![CDATA[

                      SIP/2.0 200 OK
                      [last_Via:]
                      [last_From:]
                      [last_To:]
                      [last_Call-ID:]
                      [last_CSeq:]
                      Contact: <sip:[caller]@[local_ip]:[local_port]>
                      Content-Length: 0

                    ]]></send>
                  <label id="hangup"/>
                  <send retrans="500"><![CDATA[

                      BYE [next_url] SIP/2.0
                      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
                      From: "Test Caller" <sip:[caller]@[remote_ip]:[remote_port]>;tag=[pid]SIPpTag00[call_number]
                      [last_To:]
                      Call-ID: [call_id]
                      [routes]
                      CSeq: 3 BYE
                      Contact: <sip:[caller]@[local_ip]:[local_port]>
                      Max-Forwards: 70
                      Content-Length: 0

                    ]]></send>
                  <recv response="200" crlf="true"/>
                  <label id="end"/>
                </scenario>
                """.formatted(
                        name,
                        invite(1, "", sdp),
                        invite(2, "[authentication]", sdp),
                        afterAck,
                        Math.max(1, plan.hangUpAtMillis() - waited));
        return write(directory.resolve(name + ".xml"), xml);
    }

    /** Phone: answers Asterisk's qualify OPTIONS; takes one INVITE as the plan says, then ends SIPp (stop_now). */
    static Path phone(Path directory, String name, SipPhonePlan plan) {
        String ending = switch (plan.answer()) {
            case ANSWER_AND_ACCEPT -> answer("""
                      <pause milliseconds="1500"/>
                      <nop><action><log message="[clock_tick] DTMF 1 sent"/><exec play_pcap_audio="pcap/dtmf_2833_1.pcap"/></action></nop>
                      <pause milliseconds="500"/>
                    """ + play("pcap/phone-audio.pcap"));
            case ANSWER_SILENT -> answer(play("pcap/phone-audio.pcap"));
            case BUSY -> reject("486 Busy Here");
            case UNAVAILABLE -> reject("480 Temporarily Unavailable");
            case NEVER ->
                "  <recv request=\"CANCEL\"/>\n" + reply("200 OK", TAG, LAST_CSEQ)
                        + reply("487 Request Terminated", TAG, "CSeq: [$invite_cseq] INVITE")
                        + "  <recv request=\"ACK\" crlf=\"true\"/>\n";
        };
        String xml = """
                <?xml version="1.0" encoding="ISO-8859-1" ?>
                <!DOCTYPE scenario SYSTEM "sipp.dtd">
                <scenario name="phone %s">
                  <recv request="OPTIONS" optional="true" next="options"/>
                  <recv request="INVITE" crlf="true">
                    <action>
                      <log message="[clock_tick] INVITE received"/>
                %s
                    </action>
                  </recv>
                %s%s  <pause milliseconds="%d"/>
                %s
                  <pause milliseconds="500"/>
                  <nop><action><exec int_cmd="stop_now"/></action></nop>
                  <pause milliseconds="1000" next="end"/>
                  <label id="options"/>
                %s  <label id="end"/>
                </scenario>
                """.formatted(
                        name,
                        plan.answer() == SipPhonePlan.Answer.NEVER
                                ? "      <ereg regexp=\"[0-9]+\" search_in=\"hdr\" header=\"CSeq:\" assign_to=\"invite_cseq\"/>"
                                : "",
                        reply("100 Trying", "", LAST_CSEQ),
                        reply("180 Ringing", TAG, LAST_CSEQ, "[last_Record-Route:]", CONTACT),
                        plan.ringMillis(),
                        ending,
                        reply(
                                "200 OK",
                                ";tag=[pid]SIPpTag02[call_number]",
                                LAST_CSEQ,
                                CONTACT,
                                "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO",
                                "Accept: application/sdp"));
        return write(directory.resolve(name + ".xml"), xml);
    }

    /** The caller's INVITE: the first without credentials (answered 401), the second with {@code [authentication]}. */
    private static String invite(int cseq, String authentication, String sdp) {
        String credentials = authentication.isEmpty() ? "" : "      " + authentication + "\n";
        return """
                  <send retrans="500"><![CDATA[

                      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
                      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
                      From: "Test Caller" <sip:[caller]@[remote_ip]:[remote_port]>;tag=[pid]SIPpTag00[call_number]
                      To: <sip:[service]@[remote_ip]:[remote_port]>
                      Call-ID: [call_id]
                      CSeq: %d INVITE
                      Contact: <sip:[caller]@[local_ip]:[local_port]>
                %s      Max-Forwards: 70
                      User-Agent: SIPp
                      Content-Type: application/sdp
                      Content-Length: [len]

                %s
                    ]]></send>
                """.formatted(cseq, credentials, sdp);
    }

    private static String answer(String afterAck) {
        return """
                  <send retrans="500"><![CDATA[

                      SIP/2.0 200 OK
                      [last_Via:]
                      [last_From:]
                      [last_To:];tag=[pid]SIPpTag01[call_number]
                      [last_Call-ID:]
                      [last_CSeq:]
                      [last_Record-Route:]
                      Contact: <sip:[local_ip]:[local_port];transport=[transport]>
                      Content-Type: application/sdp
                      Content-Length: [len]

                %s
                    ]]></send>
                  <recv request="ACK" crlf="true"/>
                %s
                  <recv request="BYE"/>
                %s""".formatted(
                        SDP.formatted("[media_ip]", "[media_port]"), afterAck, reply("200 OK", "", LAST_CSEQ, CONTACT));
    }

    private static String reject(String status) {
        return reply(status, TAG, LAST_CSEQ) + "  <recv request=\"ACK\" crlf=\"true\"/>\n";
    }

    /** A reply without a body to the last request: its Via, From, To (with {@code toTag}), Call-ID, then {@code cseq} and {@code headers}. */
    private static String reply(String status, String toTag, String cseq, String... headers) {
        StringBuilder reply = new StringBuilder("  <send><![CDATA[\n\n      SIP/2.0 ")
                .append(status)
                .append('\n')
                .append("      [last_Via:]\n      [last_From:]\n      [last_To:]")
                .append(toTag)
                .append('\n')
                .append("      [last_Call-ID:]\n      ")
                .append(cseq)
                .append('\n');
        for (String header : headers) {
            reply.append("      ").append(header).append('\n');
        }
        return reply.append("      Content-Length: 0\n\n    ]]></send>\n").toString();
    }

    private static String play(String pcap) {
        return "  <nop><action><exec play_pcap_audio=\"" + pcap + "\"/></action></nop>\n";
    }

    private static String pause(long millis) {
        return "  <pause milliseconds=\"" + millis + "\"/>\n";
    }

    private static Path write(Path file, String xml) {
        try {
            Files.writeString(file, xml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
