package io.callpath.pbx;

import java.util.Optional;

/** One finished call: Asterisk's CEL account and callpath's {@code calls} row. */
public record CallResult(PlacedCall call, CelCall cel, Optional<CallRow> maybeRow) {

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
        double cel = this.cel.timeToBridgeMillis()
                .orElseThrow(() -> new AssertionError("CEL shows no bridge of the caller for " + call.linkedId()));
        return row.timeToSellerMs() - cel;
    }

    /** callpath's t0 minus the caller channel's CHAN_START in CEL, in milliseconds (microsecond resolution). */
    public double t0DeltaMillis() {
        return (row().t0Micros() - cel.callerCreated().micros()) / 1000.0;
    }

    @Override
    public String toString() {
        return call.linkedId() + " " + maybeRow.map(CallRow::toString).orElse("(no row)");
    }
}
