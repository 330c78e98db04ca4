package io.callpath.pbx;

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
public final class SippPcaps {

    private static final Path MADE = Path.of("target", "sipp-pcap");
    static final String CALLER_AUDIO = "caller-audio.pcap";
    static final String PHONE_AUDIO = "phone-audio.pcap";
    static final String DIGIT_1 = "dtmf_2833_1.pcap";

    private SippPcaps() {}

    /** Makes {@code workDirectory/pcap/} with every pcap the tree's scenarios name. */
    public static synchronized void prepare(SipKit kit, Path workDirectory) {
        try {
            makeOnce(kit);
            Path target = workDirectory.resolve("pcap");
            Files.createDirectories(target);
            for (String pcap : List.of(CALLER_AUDIO, PHONE_AUDIO, DIGIT_1)) {
                Files.copy(MADE.resolve(pcap), target.resolve(pcap), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(List<String> command, Duration timeout) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                    || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        } finally {
            process.destroyForcibly();
        }
    }

    private static void makeOnce(SipKit kit) throws IOException {
        if (Files.exists(MADE.resolve(DIGIT_1))) {
            return;
        }
        Files.createDirectories(MADE);
        String script = kit.makePcap().toString();
        String out = MADE.toAbsolutePath().toString();
        run(List.of("python3", script, "tone", "440", "30", out + "/" + CALLER_AUDIO, "pcma"), Duration.ofSeconds(60));
        run(List.of("python3", script, "tone", "1000", "30", out + "/" + PHONE_AUDIO, "pcma"), Duration.ofSeconds(60));
        run(List.of("python3", script, "dtmf", "1", out + "/" + DIGIT_1, "101"), Duration.ofSeconds(60));
    }
}
