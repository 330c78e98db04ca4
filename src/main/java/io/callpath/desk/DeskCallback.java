package io.callpath.desk;

import java.time.Duration;
import java.time.Instant;

/**
 * One callback attempt as the seller's desk sees it, moved on by what the scheduler and the callback scripts do
 * (claim, ring, seller answered, accepted, connected, attempt failed). Guarded by its own monitor.
 */
final class DeskCallback {

    private final long jobId;
    private final String number;
    private final String line;
    private final int attempt;
    private final int maxAttempts;
    private final Instant hungUpAt;
    private final long waitedMillis;
    private final DeskCallbacks.Caller caller;
    private String seller = "";
    private Instant ringingAt;
    private Duration ringTime = Duration.ZERO;
    private CallbackView.State state;
    private Instant stateAt;
    private String detail = "";

    DeskCallback(
            long jobId,
            String number,
            String line,
            int attempt,
            int maxAttempts,
            Instant hungUpAt,
            long waitedMillis,
            DeskCallbacks.Caller caller) {
        this.jobId = jobId;
        this.number = number;
        this.line = line;
        this.attempt = attempt;
        this.maxAttempts = maxAttempts;
        this.hungUpAt = hungUpAt;
        this.waitedMillis = waitedMillis;
        this.caller = caller;
    }

    synchronized void ringing(String dial, Duration rings, Instant at) {
        seller = dial;
        ringingAt = at;
        ringTime = rings;
        move(CallbackView.State.RINGING, at, "");
    }

    synchronized void sellerAnswered(String dial, Instant at) {
        if (seller.isEmpty()) {
            seller = dial;
            ringingAt = at;
        }
        move(CallbackView.State.WHISPER, at, "");
    }

    synchronized void move(CallbackView.State next, Instant at, String why) {
        state = next;
        stateAt = at;
        detail = why;
    }

    /** The state at {@code now}: a phone that rang past its ring time without an answer was missed. */
    synchronized CallbackView.State stateAt(Instant now) {
        if (state == CallbackView.State.RINGING && !now.isBefore(ringsUntil())) {
            return CallbackView.State.MISSED;
        }
        return state;
    }

    /** True while seller phone {@code dial}'s desk shows it at {@code now}. */
    synchronized boolean shownAt(String dial, Instant now, Duration keepEnded, Duration keepTalking) {
        if (state == null || !seller.equals(dial)) {
            return false;
        }
        return !forgottenAt(now, keepEnded, keepTalking);
    }

    synchronized boolean forgottenAt(Instant now, Duration keepEnded, Duration keepTalking) {
        if (state == null) {
            return false;
        }
        CallbackView.State current = stateAt(now);
        Instant since =
                current == CallbackView.State.MISSED && state == CallbackView.State.RINGING ? ringsUntil() : stateAt;
        Duration keep = current.over() ? keepEnded : current == CallbackView.State.TALKING ? keepTalking : null;
        return keep != null && since.plus(keep).isBefore(now);
    }

    synchronized long ringingMillis() {
        return ringingAt == null ? 0 : ringingAt.toEpochMilli();
    }

    synchronized CallbackView view(Instant now) {
        CallbackView.State current = stateAt(now);
        Instant since = current != state ? ringsUntil() : stateAt;
        return new CallbackView(
                jobId,
                current,
                since.toEpochMilli(),
                current != state ? "seller_noanswer" : detail,
                number,
                caller.name(),
                line,
                caller.origin(),
                waitedMillis,
                hungUpAt.toEpochMilli(),
                attempt,
                maxAttempts,
                ringingMillis(),
                caller.repeat(),
                caller.lastSeller(),
                caller.lastCallAt());
    }

    private Instant ringsUntil() {
        return ringingAt.plus(ringTime);
    }
}
