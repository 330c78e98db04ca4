package io.callpath.pbx;

import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One row of cel.csv (fields in {@link AsteriskInstance#CEL_FIELDS} order).
 *
 * @param micros event time, microseconds since the epoch (Asterisk's own clock)
 */
public record CelEvent(
        String type,
        long micros,
        String channel,
        String uniqueId,
        String linkedId,
        String peer,
        String exten,
        String context,
        String application,
        String applicationData,
        String extra) {

    private static final Pattern BRIDGE_ID = Pattern.compile("\"bridge_id\":\"([^\"]+)\"");

    static CelEvent of(List<String> fields) {
        if (fields.size() < 11) {
            throw new IllegalArgumentException("CEL row with " + fields.size() + " fields: " + fields);
        }
        return new CelEvent(
                fields.get(0),
                micros(fields.get(1)),
                fields.get(2),
                fields.get(3),
                fields.get(4),
                fields.get(5),
                fields.get(6),
                fields.get(7),
                fields.get(8),
                fields.get(9),
                fields.get(10));
    }

    /** "1796089175.242330" -> 1796089175242330. */
    static long micros(String eventTime) {
        int dot = eventTime.indexOf('.');
        if (dot < 0) {
            return Long.parseLong(eventTime) * 1_000_000L;
        }
        String fraction = (eventTime.substring(dot + 1) + "000000").substring(0, 6);
        return Long.parseLong(eventTime.substring(0, dot)) * 1_000_000L + Long.parseLong(fraction);
    }

    public Instant time() {
        return Instant.ofEpochSecond(micros / 1_000_000L, (micros % 1_000_000L) * 1_000L);
    }

    /** The bridge of a BRIDGE_ENTER / BRIDGE_EXIT, or "" for other events. */
    public String bridgeId() {
        Matcher matcher = BRIDGE_ID.matcher(extra);
        return matcher.find() ? matcher.group(1) : "";
    }

    /** "Local/r1000-a-h@pbx-script-00000002;1" -> "Local/r1000-a-h@pbx-script", as callpath names an agent. */
    public String dialString() {
        int dash = channel.lastIndexOf('-');
        return dash > 0 ? channel.substring(0, dash) : channel;
    }
}
