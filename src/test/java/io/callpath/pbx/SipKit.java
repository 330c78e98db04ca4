package io.callpath.pbx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The kit's SIP side for the PBX tests: an Asterisk with PJSIP and the tree's SIPp scenarios and make-pcap.py
 * ({@code share/sipp/}), and the kit's files with only what a test must set (SIP bind address and port, RTP range,
 * the {@code CHANGE_ME_...} passwords, which become {@code test-<user>}).
 */
public record SipKit(AsteriskInstall install, Path sipp) {

    public static final Path KIT = Path.of("asterisk-config");
    private static final Pattern BIND = Pattern.compile("(?m)^bind=0\\.0\\.0\\.0:5060$");
    private static final Pattern PASSWORD = Pattern.compile("(?m)^password=CHANGE_ME_(\\d+)$");
    private static final Pattern RTP_START = Pattern.compile("(?m)^rtpstart=\\d+$");
    private static final Pattern RTP_END = Pattern.compile("(?m)^rtpend=\\d+$");

    /** The PJSIP tree with its SIPp kit; else the test is skipped (a developer) or fails (CI=true). */
    public static SipKit require() {
        AsteriskInstall install = AsteriskInstall.require();
        Path sipp = install.home().map(home -> home.resolve("share/sipp")).orElse(null);
        if (!install.hasPjsip() || sipp == null || !Files.isDirectory(sipp.resolve("scenarios"))) {
            String message = "SIP tests skipped: " + install.source() + " has no PJSIP tree with share/sipp; point "
                    + AsteriskInstall.ENVIRONMENT_VARIABLE + " at asterisk-22.10.1-pjsip-debian12-amd64.tar.xz";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(message + " -- under CI=true the SIP tests must run");
            }
            System.err.println(message);
            Assumptions.abort(message);
        }
        return new SipKit(install, sipp);
    }

    public Path scenario(String name) {
        return sipp.resolve("scenarios").resolve(name);
    }

    public Path makePcap() {
        return sipp.resolve("make-pcap.py");
    }

    /** The kit's pjsip.conf, SIP bound to 127.0.0.1:{@code port}, passwords test-101, test-301... */
    public static String pjsipConf(int port) {
        String text = replace(kitFile("pjsip.conf"), BIND, "bind=127.0.0.1:" + port);
        return replace(text, PASSWORD, "password=test-$1");
    }

    /** The kit's rtp.conf with this instance's own range. */
    public static String rtpConf(int start, int count) {
        String text = replace(kitFile("rtp.conf"), RTP_START, "rtpstart=" + start);
        return replace(text, RTP_END, "rtpend=" + (start + count - 1));
    }

    /** The kit's {@code [phones]} context from its extensions.conf (softphones call each other and 600...). */
    public static String phonesContext() {
        String text = kitFile("extensions.conf");
        int start = text.indexOf("\n[phones]");
        if (start < 0) {
            throw new IllegalStateException("asterisk-config/extensions.conf has no [phones] context");
        }
        int end = text.indexOf("\n[", start + 1);
        return text.substring(start + 1, end < 0 ? text.length() : end + 1);
    }

    public static String kitFile(String name) {
        try {
            return Files.readString(KIT.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String replace(String text, Pattern pattern, String replacement) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException("the kit has no line matching " + pattern + "; update SipKit");
        }
        return pattern.matcher(text).replaceAll(replacement);
    }
}
