package io.callpath.pbx;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** One finished call: Asterisk's CEL account and callpath's {@code calls} row. */
public record CallResult(PlacedCall call, CelCall cel, Optional<CallRow> maybeRow) {

    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    /**
     * The checks every call that reached a seller shares: its calls row says reached_seller by {@code route} at
     * {@code seller}, the phases sum to time-to-seller with a whisper in them, and Asterisk bridged the caller with
     * that seller. Returns the row.
     */
    public CallRow assertReachedSeller(String route, String seller) {
        CallRow row = row();
        assertThat(row.outcome()).as(row.toString()).isEqualTo("reached_seller");
        assertThat(row.route()).as(row.toString()).isEqualTo(route);
        assertThat(row.seller()).as(row.toString()).isEqualTo(seller);
        assertThat(row.abandonPhase()).isNull();
        assertThat(row.phaseSum()).as("phases sum to time-to-seller: " + row).isEqualTo(row.timeToSellerMs());
        assertThat(row.phase("whisper")).isPositive();
        assertThat(cel.firstBridge())
                .as("Asterisk bridged the caller with the seller")
                .hasValueSatisfying(
                        bridged -> assertThat(bridged.peer().dialString()).isEqualTo(seller));
        return row;
    }

    public CallRow row() {
        return maybeRow.orElseThrow(() -> new AssertionError("no calls row for " + call.linkedId()));
    }

    /**
     * callpath's time_to_seller_ms minus Asterisk's (caller bridged with the seller minus the caller channel's
     * creation, from CEL), in milliseconds.
     */
    public double timeToSellerDeltaMillis() {
        CallRow row = row();
        if (row.timeToSellerMs() == null) {
            throw new AssertionError("no time_to_seller_ms: " + row);
        }
        double cel = this.cel
                .timeToBridgeMillis()
                .orElseThrow(() -> new AssertionError("CEL shows no bridge of the caller for " + call.linkedId()));
        return row.timeToSellerMs() - cel;
    }

    /**
     * How long Asterisk took to bridge caller and seller after the seller's {@code answered} AGI (where callpath stamps
     * t_seller) had ended: the bridge minus that AGI's APP_END in CEL, in ms; 0 when CEL does not show it. A few ms
     * normally; on a busy machine up to ~100 ms, which callpath cannot see.
     */
    public double asteriskBridgeLagMillis() {
        Optional<CelCall.Bridged> bridged = cel.firstBridge();
        if (bridged.isEmpty()) {
            return 0;
        }
        String peer = bridged.get().peer().channel();
        long bridgedAt = bridged.get().micros();
        return cel.events().stream()
                .filter(event -> event.type().equals("APP_END")
                        && event.application().equals("AGI")
                        && event.channel().equals(peer)
                        && event.micros() <= bridgedAt)
                .reduce((first, second) -> second)
                .map(agiEnd -> (bridgedAt - agiEnd.micros()) / 1000.0)
                .orElse(0.0);
    }

    /**
     * Asserts time_to_seller_ms agrees with CEL: callpath minus CEL within {@code toleranceMs}, where a negative delta
     * may also include {@link #asteriskBridgeLagMillis()} (Asterisk bridging late after callpath was done). A t_seller
     * stamped at the answer instead of after the whisper, or late, still fails. Returns the raw delta.
     */
    public double assertTimeToSellerAgreesWithCel(double toleranceMs) {
        double delta = timeToSellerDeltaMillis();
        double lag = asteriskBridgeLagMillis();
        if (delta > toleranceMs || delta < -(toleranceMs + lag)) {
            throw new AssertionError(String.format(
                    java.util.Locale.ROOT,
                    "callpath minus CEL time-to-seller is %.1f ms, outside [-(%.0f + %.1f Asterisk's bridge lag), %.0f]: %s",
                    delta,
                    toleranceMs,
                    lag,
                    toleranceMs,
                    this));
        }
        return delta;
    }

    /** callpath's t0 minus the caller channel's CHAN_START in CEL, in milliseconds (microsecond resolution). */
    public double t0DeltaMillis() {
        return (row().t0Micros() - cel.callerCreated().micros()) / 1000.0;
    }

    /** Milliseconds from the caller channel's creation to the time stamp of a line of Asterisk's messages.log. */
    public double millisToAsteriskLogLine(String line) {
        LocalDateTime time = LocalDateTime.parse(line.substring(1, 24), LOG_TIME);
        double loggedAt = time.atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
        return loggedAt - cel.callerCreated().micros() / 1000.0;
    }

    @Override
    public String toString() {
        return call.linkedId() + " " + maybeRow.map(CallRow::toString).orElse("(no row)");
    }
}
