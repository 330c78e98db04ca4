package io.callpath.sip;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Asterisk's Channel Event Logging as ground truth: one CSV line per event, written by cel_custom with the field
 * names res_cdrel_custom registers ({@code EventTime} is epoch seconds with 6 decimals).
 */
public record Cel(List<Event> events) {

    static final String CEL_CONF = """
            [general]
            enable = yes
            apps = all
            events = ALL
            """;
    static final String CEL_CUSTOM_CONF = """
            [cel.csv]
            fields = EventType,EventTime,ChanName,UniqueID,LinkedID,Peer,Exten,Context,AppName,AppData
            """;

    /** One CEL event. */
    public record Event(String type, Instant time, String channel, String uniqueId, String linkedId, String peer,
                        String exten, String context, String application, String applicationData) {

        boolean isSellerLeg(String endpoint) {
            return channel.startsWith(endpoint + "-");
        }
    }

    public static Cel read(Path instanceDirectory) {
        Path file = instanceDirectory.resolve("var/log/cel-custom/cel.csv");
        if (!Files.exists(file)) {
            return new Cel(List.of());
        }
        try {
            List<Event> events = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                List<String> fields = csv(line);
                if (fields.size() < 10) {
                    continue;
                }
                events.add(new Event(fields.get(0), epoch(fields.get(1)), fields.get(2), fields.get(3), fields.get(4),
                        fields.get(5), fields.get(6), fields.get(7), fields.get(8), fields.get(9)));
            }
            return new Cel(events);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The events of one call (its linkedid). */
    public List<Event> of(String linkedId) {
        return events.stream().filter(event -> event.linkedId().equals(linkedId)).toList();
    }

    /** The caller channel's creation: CHAN_START of the channel whose uniqueid is the linkedid. */
    public Instant callerStart(String linkedId) {
        return first(linkedId, "CHAN_START", linkedId).orElseThrow(() -> new AssertionError("no CHAN_START of " + linkedId))
                .time();
    }

    /** When the caller channel hung up (its HANGUP event). */
    public Instant callerHangUp(String linkedId) {
        return first(linkedId, "HANGUP", linkedId).orElseThrow(() -> new AssertionError("no HANGUP of " + linkedId)).time();
    }

    /**
     * When caller and seller were bridged: the later of the two channels' first BRIDGE_ENTER, the seller's leg being
     * the one of that endpoint ("PJSIP/101") in the call.
     */
    public Optional<Instant> bridged(String linkedId, String sellerEndpoint) {
        Optional<Event> caller = first(linkedId, "BRIDGE_ENTER", linkedId);
        Optional<Event> seller = of(linkedId).stream()
                .filter(event -> event.type().equals("BRIDGE_ENTER") && event.isSellerLeg(sellerEndpoint)).findFirst();
        if (caller.isEmpty() || seller.isEmpty()) {
            return Optional.empty();
        }
        Instant a = caller.get().time();
        Instant b = seller.get().time();
        return Optional.of(a.isAfter(b) ? a : b);
    }

    /** The channels of this endpoint that were created in this call (CHAN_START), e.g. rings of "PJSIP/101". */
    public List<Event> legsOf(String linkedId, String endpoint) {
        return of(linkedId).stream().filter(event -> event.type().equals("CHAN_START") && event.isSellerLeg(endpoint)).toList();
    }

    private Optional<Event> first(String linkedId, String type, String uniqueId) {
        return of(linkedId).stream()
                .filter(event -> event.type().equals(type) && event.uniqueId().equals(uniqueId)).findFirst();
    }

    private static Instant epoch(String value) {
        BigDecimal seconds = new BigDecimal(value.trim());
        long whole = seconds.longValue();
        long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
        return Instant.ofEpochSecond(whole, nanos);
    }

    static List<String> csv(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
