package io.callpath.pbx;

import java.util.List;
import java.util.Optional;

/**
 * Asterisk's own account of one call (the CEL events of its linkedid): the ground truth time-to-seller is checked against.
 * The caller's channel is the one whose uniqueid is the linkedid (the first channel of the call).
 */
public record CelCall(String linkedId, List<CelEvent> events) {

    /** True once Asterisk has ended every channel of the call (LINKEDID_END). */
    public boolean ended() {
        return events.stream().anyMatch(event -> event.type().equals("LINKEDID_END"));
    }

    /** The caller channel's creation: CHAN_START of the channel whose uniqueid is the linkedid. */
    public CelEvent callerCreated() {
        return callerEvents("CHAN_START").stream()
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "no CHAN_START of the caller channel in CEL for " + linkedId + ": " + events));
    }

    public String callerChannel() {
        return callerCreated().channel();
    }

    /** The caller's first bridge with anyone: the later BRIDGE_ENTER of the caller and of the first other channel in it. */
    public Optional<Bridged> firstBridge() {
        for (CelEvent callerEnter : callerEvents("BRIDGE_ENTER")) {
            String bridge = callerEnter.bridgeId();
            Optional<CelEvent> other = events.stream()
                    .filter(event -> event.type().equals("BRIDGE_ENTER")
                            && event.bridgeId().equals(bridge)
                            && !event.uniqueId().equals(linkedId))
                    .findFirst();
            if (other.isPresent()) {
                long micros = Math.max(callerEnter.micros(), other.get().micros());
                return Optional.of(new Bridged(other.get(), micros));
            }
        }
        return Optional.empty();
    }

    /** Milliseconds (fractional) from the caller channel's creation to its first bridge with another channel. */
    public Optional<Double> timeToBridgeMillis() {
        long created = callerCreated().micros();
        return firstBridge().map(bridged -> (bridged.micros() - created) / 1000.0);
    }

    /**
     * Milliseconds from the caller channel's creation to its own HANGUP in CEL. For a Local-channel caller that comes
     * after the channel's hang-up handler has run (tens of ms after the caller's side hung up, or after a Dial that
     * still held the dead leg); {@link #timeToCallerSideHangupMillis()} is when the caller hung up.
     */
    public Optional<Double> timeToCallerHangupMillis() {
        long created = callerCreated().micros();
        return callerEvents("HANGUP").stream().findFirst().map(hangup -> (hangup.micros() - created) / 1000.0);
    }

    /**
     * Milliseconds from the caller channel's creation to the caller hanging up: the first HANGUP of the caller channel
     * or, for a Local-channel caller, of its other half (the caller's own side).
     */
    public Optional<Double> timeToCallerSideHangupMillis() {
        CelEvent created = callerCreated();
        String callerSide = created.channel().endsWith(";1")
                ? created.channel().substring(0, created.channel().length() - 1) + "2"
                : created.channel();
        return events.stream()
                .filter(event -> event.type().equals("HANGUP")
                        && (event.uniqueId().equals(linkedId) || event.channel().equals(callerSide)))
                .findFirst()
                .map(hangup -> (hangup.micros() - created.micros()) / 1000.0);
    }

    /** Milliseconds from the caller channel's creation to the end of its first run of {@code application} (CEL APP_END). */
    public Optional<Double> timeToCallerAppEndMillis(String application) {
        long created = callerCreated().micros();
        return callerEvents("APP_END").stream()
                .filter(event -> event.application().equals(application))
                .findFirst()
                .map(end -> (end.micros() - created) / 1000.0);
    }

    /** DTMF events seen on the caller channel (what callpath could hear), with their times. */
    public List<CelEvent> callerDigits() {
        return callerEvents("DTMF");
    }

    public List<CelEvent> callerEvents(String type) {
        return events.stream()
                .filter(event ->
                        event.uniqueId().equals(linkedId) && event.type().equals(type))
                .toList();
    }

    /**
     * The caller met {@code peer} (its channel) at {@code micros}.
     *
     * @param peer the BRIDGE_ENTER of the other channel (its dial string: {@link CelEvent#dialString()})
     */
    public record Bridged(CelEvent peer, long micros) {}
}
