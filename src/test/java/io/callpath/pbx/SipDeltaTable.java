package io.callpath.pbx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The SIP scenarios' measured deltas, one Markdown table row per scenario, appended to
 * {@code target/sip-scenario-deltas.md} (and printed) so a run's figures can be quoted with the command that made them.
 */
final class SipDeltaTable {

    private static final Path FILE = Path.of("target", "sip-scenario-deltas.md");
    private static boolean headerWritten;

    private SipDeltaTable() {}

    static synchronized void row(
            String scenario, String outcome, String timeToSeller, String minusCel, String minusSipp) {
        try {
            if (!headerWritten) {
                Files.writeString(
                        FILE,
                        "| scenario | outcome | time_to_seller_ms | callpath − CEL (ms) | callpath − SIPp (ms) |\n"
                                + "|---|---|---|---|---|\n");
                headerWritten = true;
            }
            String line = "| " + String.join(" | ", scenario, outcome, timeToSeller, minusCel, minusSipp) + " |\n";
            Files.writeString(FILE, line, StandardOpenOption.APPEND);
            System.out.print("SIP scenario " + line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
