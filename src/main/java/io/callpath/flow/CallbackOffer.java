package io.callpath.flow;

import io.callpath.config.CallbackConfig;
import io.callpath.config.LineConfig;
import io.callpath.events.EventType;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The offered callback of one call ({@code lines[].callback.offerAfter}): once the caller has waited {@code offerAfter}
 * while they can still press a key (informer, menu, greeting, the ringing during the greeting), they hear "press star to
 * be called back"; the offer key (any time) ends the call with a callback queued. Only callers whose number can be called back are offered one.
 * The flow records the choice (ROUTE_CHOSEN callback, NO_SELLER callback_queued); {@link CallbackTrigger} queues the
 * job from those events, so the session never waits on the database.
 */
final class CallbackOffer {

    static final String QUEUED = "callback_queued";
    private static final CallbackOffer NONE = new CallbackOffer(null);

    private final CallbackConfig callback;
    private boolean heard;

    private CallbackOffer(CallbackConfig callback) {
        this.callback = callback;
    }

    /** The offer for a caller of {@code line} calling from {@code number}; one that never offers when it may not. */
    static CallbackOffer forCaller(LineConfig line, String number) {
        CallbackConfig callback = line.callback();
        if (!callback.offers() || number == null || !Pattern.matches(callback.callablePattern(), number)) {
            return NONE;
        }
        return new CallbackOffer(callback);
    }

    /** The offer of a call that is offered nothing. */
    static CallbackOffer none() {
        return NONE;
    }

    boolean available() {
        return callback != null;
    }

    /** Whether {@code key} asks for the callback. */
    boolean accepts(char key) {
        return available() && key == callback.offerDigit();
    }

    /** The keys a prompt must let through besides {@code escapeDigits}: the offer key when there is an offer. */
    String withOfferKey(String escapeDigits) {
        if (!available() || escapeDigits.indexOf(callback.offerDigit()) >= 0) {
            return escapeDigits;
        }
        return escapeDigits + callback.offerDigit();
    }

    /** {@code budget}, cut to end when the offer falls due (not yet heard); the budget itself otherwise. */
    Duration cap(Duration budget, CallRecorder recorder) {
        if (!available() || heard) {
            return budget;
        }
        Duration untilDue = callback.offerAfter().minus(recorder.waited());
        return untilDue.compareTo(budget) < 0 ? (untilDue.isNegative() ? Duration.ZERO : untilDue) : budget;
    }

    /**
     * How long until the offer falls due (zero once it is due) while it is still to be heard; empty when there is
     * nothing more to offer.
     */
    Optional<Duration> untilDue(CallRecorder recorder) {
        if (!available() || heard) {
            return Optional.empty();
        }
        Duration untilDue = callback.offerAfter().minus(recorder.waited());
        return Optional.of(untilDue.isNegative() ? Duration.ZERO : untilDue);
    }

    /** Whether the offer is due now and not yet heard. */
    boolean due(CallRecorder recorder) {
        return available() && !heard && recorder.waited().compareTo(callback.offerAfter()) >= 0;
    }

    /**
     * Plays the offer once, if it is due: any of {@code escapeDigits} and the offer key barge in. Returns the key
     * pressed during it, if any.
     */
    Optional<Character> offerIfDue(Channel channel, CallRecorder recorder, String escapeDigits) {
        if (!due(recorder)) {
            return Optional.empty();
        }
        return offerNow(channel, recorder, escapeDigits);
    }

    /**
     * Plays the offer now, unless there is none or it was heard: for a Dial cut when the offer fell due, whose end
     * may come a few milliseconds before the clock agrees. Returns the key pressed during it, if any.
     */
    Optional<Character> offerNow(Channel channel, CallRecorder recorder, String escapeDigits) {
        if (!available() || heard) {
            return Optional.empty();
        }
        heard = true;
        recorder.record(EventType.CALLBACK_OFFERED, Map.of("key", String.valueOf(callback.offerDigit())));
        return PromptPlayer.play(channel, callback.offerPrompt(), withOfferKey(escapeDigits), PromptPlayer.NOTICE_LIMIT)
                .pressed();
    }

    /** Ends the call with a callback queued: recorded first, then the caller hears that they will be called back. */
    void queue(Channel channel, CallRecorder recorder) {
        recorder.record(EventType.NO_SELLER, Map.of("reason", QUEUED));
        recorder.finish("no_seller " + QUEUED);
        PromptPlayer.play(channel, callback.queuedPrompt(), "", PromptPlayer.NOTICE_LIMIT);
    }
}
