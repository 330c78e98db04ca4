package io.callpath.sip;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The RTP the SIPp scenarios play, made at test time with the tree's {@code make-pcap.py} (python3) into
 * {@code target/sipp-pcap/} once, then copied into each SIPp working directory's {@code pcap/}: the caller's 440 Hz,
 * the phones' 1000 Hz (30 s each, PCMA) and the RFC 2833 digit 1 (payload type 101).
 */
public final class Pcaps {

    private static final Path MADE = Path.of("target", "sipp-pcap");
    static final String CALLER_AUDIO = "caller-audio.pcap";
    static final String PHONE_AUDIO = "phone-audio.pcap";
    static final String DIGIT_1 = "dtmf_2833_1.pcap";

    private Pcaps() {
    }

    /** Makes {@code workDirectory/pcap/} with every pcap the tree's scenarios name. */
    public static synchronized void prepare(PjsipTree tree, Path workDirectory) {
        try {
            makeOnce(tree);
            Path target = workDirectory.resolve("pcap");
            Files.createDirectories(target);
            for (String pcap : List.of(CALLER_AUDIO, PHONE_AUDIO, DIGIT_1)) {
                Files.copy(MADE.resolve(pcap), target.resolve(pcap), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void makeOnce(PjsipTree tree) throws IOException {
        if (Files.exists(MADE.resolve(DIGIT_1))) {
            return;
        }
        Files.createDirectories(MADE);
        String script = tree.makePcap().toString();
        String out = MADE.toAbsolutePath().toString();
        KitAsterisk.run(List.of("python3", script, "tone", "440", "30", out + "/" + CALLER_AUDIO, "pcma"), Duration.ofSeconds(60));
        KitAsterisk.run(List.of("python3", script, "tone", "1000", "30", out + "/" + PHONE_AUDIO, "pcma"), Duration.ofSeconds(60));
        KitAsterisk.run(List.of("python3", script, "dtmf", "1", out + "/" + DIGIT_1, "101"), Duration.ofSeconds(60));
    }
}
