package io.callpath.pbx;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RTP packets received and sent per channel, from {@code pjsip show channelstats}; two samples a second apart, taken
 * once caller and seller share a bridge, show whether audio flows both ways on both legs.
 */
final class RtpFlow {

    /** " f4c961ca 101-00000001       00:00:04 alaw        6       0    0   0.000    106 ..." (bridge id blank until bridged). */
    private static final Pattern ROW = Pattern.compile(
            "^ (.{8}) (\\S+)-[0-9a-f]{8}\\s+\\d\\d:\\d\\d:\\d\\d\\s+\\S+\\s+(\\d+)\\s+\\d+\\s+\\d+\\s+[\\d.]+\\s+(\\d+)");

    record Counts(String bridge, long received, long sent) {}

    /** Packets each way on each endpoint's leg during one second of bridged talk. */
    record Flow(Map<String, Counts> perSecond) {

        long received(String endpoint) {
            return perSecond.get(endpoint).received();
        }

        long sent(String endpoint) {
            return perSecond.get(endpoint).sent();
        }
    }

    private RtpFlow() {}

    /** Waits until both endpoints' legs are in one bridge, then measures a second of RTP on each. */
    static Flow whileBridged(AsteriskInstance asterisk, String caller, String seller, long waitMillis) {
        await(caller + " and " + seller + " in one bridge (pjsip show channelstats)")
                .atMost(Duration.ofMillis(waitMillis))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> sample(asterisk), stats -> {
                    Counts a = stats.get(caller);
                    Counts b = stats.get(seller);
                    return a != null
                            && b != null
                            && !a.bridge().isBlank()
                            && a.bridge().equals(b.bridge());
                });
        // the phones start their audio 0.5 s after their accept key: measure the second after that
        AsteriskInstance.sleep(700);
        Map<String, Counts> first = sample(asterisk);
        AsteriskInstance.sleep(1_000);
        Map<String, Counts> second = sample(asterisk);
        Map<String, Counts> perSecond = new HashMap<>();
        for (String endpoint : new String[] {caller, seller}) {
            Counts before = first.get(endpoint);
            Counts after = second.getOrDefault(endpoint, before);
            perSecond.put(
                    endpoint,
                    new Counts(before.bridge(), after.received() - before.received(), after.sent() - before.sent()));
        }
        return new Flow(perSecond);
    }

    static Map<String, Counts> sample(AsteriskInstance asterisk) {
        Map<String, Counts> counts = new HashMap<>();
        for (String line : asterisk.cli("pjsip show channelstats").split("\n")) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                counts.put(
                        row.group(2),
                        new Counts(row.group(1).trim(), Long.parseLong(row.group(3)), Long.parseLong(row.group(4))));
            }
        }
        return counts;
    }
}
