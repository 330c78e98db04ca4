package io.callpath.flow;

import io.callpath.config.DepartmentConfig;
import io.callpath.config.DialStrategy;
import io.callpath.events.EventType;
import io.callpath.events.Phase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Rings a department's sellers for a caller, shared by the inbound and hand-off flows. */
final class SellerDialer {

    private static final Logger log = LoggerFactory.getLogger(SellerDialer.class);

    /**
     * Set on the caller channel as {@code __CALLPATH_CALLER} (inherited by every leg Dial creates): the caller
     * channel's uniqueid, so the seller's whisper session can tell whether the caller is still there.
     */
    static final String CALLER_VARIABLE = "CALLPATH_CALLER";
    /** Status of a Dial the caller ended with a key (Dial's d option), followed by the key. */
    private static final String KEY = "KEY";
    /** What the seller's whisper session tells Dial on a decline (GOSUB_RESULT), and so the DIALSTATUS it leaves. */
    static final String WHISPER_VERDICT = "BUSY";
    /** A Dial shorter than this is not worth starting: the offer plays first, or the ringing is over. */
    private static final Duration SHORTEST_RING = Duration.ofMillis(100);

    private SellerDialer() {}

    /**
     * Rings until a seller takes the call or every seller missed; records SELLER_MISSED per miss, SELLER_SKIPPED per
     * seller already on a call (not rung), and NO_SELLER (no_answer or voicemail) at the end. Returns true when a seller
     * talked with the caller.
     */
    static boolean ring(
            Channel channel,
            CallRecorder recorder,
            CallContext call,
            DepartmentConfig department,
            Optional<String> firstSeller) {
        String ended = ringDepartment(channel, recorder, call, department, firstSeller, CallbackOffer.none());
        if (ended.equals("ANSWER")) {
            return true;
        }
        noSeller(channel, recorder, department);
        return false;
    }

    /**
     * As {@link #ring}, for a call whose Dials end on a key ({@code call.keysContext()}): the key that ended the
     * ringing (no seller is counted as having missed then), or empty when a seller talked or nobody took the call.
     * With an {@code offer} still to be heard, the Dial that rings when it falls due is cut then: the caller hears the
     * offer (the phones are silent meanwhile: Dial hangs them up when it ends), and a key of {@code call.exitKeys()}
     * or the offer key pressed during it is returned as if it had ended the Dial; with none, the same phones ring
     * again for the rest of their ring time.
     */
    static Optional<Character> ringUntilKey(
            Channel channel,
            CallRecorder recorder,
            CallContext call,
            DepartmentConfig department,
            CallbackOffer offer) {
        String ended = ringDepartment(channel, recorder, call, department, Optional.empty(), offer);
        if (ended.startsWith(KEY)) {
            return Optional.of(ended.charAt(KEY.length()));
        }
        if (!ended.equals("ANSWER")) {
            noSeller(channel, recorder, department);
        }
        return Optional.empty();
    }

    /** ANSWER, KEY followed by the key that ended a Dial, or "" when every seller missed. */
    private static String ringDepartment(
            Channel channel,
            CallRecorder recorder,
            CallContext call,
            DepartmentConfig department,
            Optional<String> firstSeller,
            CallbackOffer offer) {
        channel.setVariable("__" + CALLER_VARIABLE, channel.request().uniqueId());
        List<String> order = new ArrayList<>(department.sellers());
        firstSeller.ifPresent(seller -> {
            order.remove(seller);
            order.add(0, seller);
        });
        if (department.strategy() == DialStrategy.RINGALL) {
            return ringAll(channel, recorder, call, department, order, offer);
        }
        for (String seller : order) {
            if (SellerStates.free(channel, recorder, department, List.of(seller))
                    .isEmpty()) {
                continue;
            }
            Dialled dialled = dialOnce(channel, recorder, call, department, List.of(seller), offer);
            if (dialled.reachedOrKey()) {
                return dialled.status();
            }
            recordMisses(recorder, department, List.of(seller), dialled.status());
            stopIfCallerLeft(recorder, dialled);
        }
        return "";
    }

    private static void noSeller(Channel channel, CallRecorder recorder, DepartmentConfig department) {
        if (department.voicemail() != null) {
            recorder.record(EventType.NO_SELLER, Map.of("reason", "voicemail", "department", department.name()));
            recorder.finish("no_seller voicemail");
            channel.exec("Dial", DialCommand.plain(department.voicemail()));
        } else {
            recorder.record(EventType.NO_SELLER, Map.of("reason", "no_answer", "department", department.name()));
            recorder.finish("no_seller no_answer");
        }
    }

    /**
     * Rings every seller at once. A seller who declines in the whisper ends that Dial (Asterisk hangs up the other
     * phones when the first one answers), so the others are rung again, without the one who declined.
     */
    private static String ringAll(
            Channel channel,
            CallRecorder recorder,
            CallContext call,
            DepartmentConfig department,
            List<String> order,
            CallbackOffer offer) {
        List<String> ringing = new ArrayList<>(SellerStates.free(channel, recorder, department, order));
        while (!ringing.isEmpty()) {
            Dialled dialled = dialOnce(channel, recorder, call, department, ringing, offer);
            String status = dialled.status();
            if (dialled.reachedOrKey()) {
                return status;
            }
            String decliner = status.equals(WHISPER_VERDICT) ? declinedSeller(channel, ringing) : "";
            if (decliner.isEmpty()) {
                recordMisses(recorder, department, ringing, status);
                stopIfCallerLeft(recorder, dialled);
                return "";
            }
            recordMisses(recorder, department, List.of(decliner), status);
            stopIfCallerLeft(recorder, dialled);
            ringing.remove(decliner);
        }
        return "";
    }

    /** The seller whose whisper ended the last Dial with BUSY (DIALEDPEERNAME), if they were one of {@code ringing}. */
    private static String declinedSeller(Channel channel, List<String> ringing) {
        String peer =
                AnsweredFlow.dialStringOf(channel.variable("DIALEDPEERNAME").orElse(""));
        return ringing.contains(peer) ? peer : "";
    }

    /**
     * Ends the session as the caller's abandon when they left during the Dial that just ended: never ring the next seller
     * for a caller who is gone. Dial only ends without CANCEL for such a caller when a seller's whisper gosub gave its
     * verdict (BUSY: declined) after the caller hung up in it, so the wait ended in the whisper that seller's session
     * started.
     */
    private static void stopIfCallerLeft(CallRecorder recorder, Dialled dialled) {
        if (!dialled.callerLeft()) {
            return;
        }
        if (dialled.status().equals(WHISPER_VERDICT)) {
            recorder.continuedElsewhereIn(Phase.WHISPER);
        }
        throw new CallerHungUpException("Dial (DIALSTATUS=" + dialled.status() + ", the caller already gone)");
    }

    private static void recordMisses(
            CallRecorder recorder, DepartmentConfig department, List<String> sellers, String status) {
        for (String seller : sellers) {
            recorder.record(
                    EventType.SELLER_MISSED,
                    Map.of("seller", seller, "dialStatus", status, "department", department.name()));
        }
    }

    /**
     * {@code sellers} ringing for the department's ring time; returns the last Dial's DIALSTATUS, ANSWER when one of
     * them talked with the caller, KEY and the key when the caller ended it with a key of {@code call.keysContext()}
     * or pressed one in the offer; and whether the caller had gone by its end. A Dial still ringing when the {@code offer} falls due is cut then (its timeout is
     * the time left until the offer): the offer plays, and the same phones ring again for the time left.
     */
    private static Dialled dialOnce(
            Channel channel,
            CallRecorder recorder,
            CallContext call,
            DepartmentConfig department,
            List<String> sellers,
            CallbackOffer offer) {
        Duration left = department.ringTimeout();
        while (true) {
            Optional<Duration> untilOffer = offer.untilDue(recorder);
            if (untilOffer.isPresent() && untilOffer.get().compareTo(SHORTEST_RING) < 0) {
                Optional<Character> key = offerBetweenRings(channel, recorder, call, offer);
                if (key.isPresent()) {
                    return new Dialled(KEY + key.get(), false);
                }
                continue;
            }
            boolean cutForOffer = untilOffer.isPresent() && untilOffer.get().compareTo(left) < 0;
            Duration before = recorder.waited();
            Dialled dialled =
                    dialFor(channel, recorder, call, department, sellers, cutForOffer ? untilOffer.get() : left);
            if (!cutForOffer || !dialled.status().equals("NOANSWER")) {
                return dialled;
            }
            left = left.minus(recorder.waited().minus(before));
            if (left.compareTo(SHORTEST_RING) < 0) {
                // the ring time ran out with the offer: it still plays, nobody rings after it
                return offerBetweenRings(channel, recorder, call, offer)
                        .map(key -> new Dialled(KEY + key, false))
                        .orElse(dialled);
            }
        }
    }

    /** The offer between two ringings of the same phones: the caller is choosing again (menu) while it plays. */
    private static Optional<Character> offerBetweenRings(
            Channel channel, CallRecorder recorder, CallContext call, CallbackOffer offer) {
        recorder.enter(Phase.MENU);
        Optional<Character> key = offer.offerNow(channel, recorder, call.exitKeys());
        key.ifPresent(pressed -> log.debug("key {} in the offer between two ringings", pressed));
        return key;
    }

    /** One Dial of {@code sellers} ringing at most {@code ringTime}; returns as {@link #dialOnce} does. */
    private static Dialled dialFor(
            Channel channel,
            CallRecorder recorder,
            CallContext call,
            DepartmentConfig department,
            List<String> sellers,
            Duration ringTime) {
        String arguments = DialCommand.withAnswerGosub(
                sellers,
                ringTime,
                call.linkedId(),
                "seller",
                call.lineName(),
                department.name(),
                call.t0(),
                call.musicClass(),
                call.keysContext() != null);
        // nothing but the two events between the phase's stamp and the Dial, so the phase starts when the phones ring
        recorder.enter(
                Phase.SELLER_RINGING, Map.of("phones", String.join("&", sellers), "department", department.name()));
        String status;
        int result;
        try {
            RingingPromo.starting(recorder, call);
            result = channel.exec("Dial", arguments);
            if (call.keysContext() != null && isKey(result) && !channel.hungUp()) {
                // Dial's d option: the key's code is Dial's result (DIALSTATUS says CANCEL, as for a hang-up)
                RingingPromo.stopped(recorder, call, "KEY");
                log.debug("dial {} -> key {}", sellers, (char) result);
                return new Dialled(KEY + (char) result, false);
            }
            status = dialStatus(channel);
        } catch (CallerHungUpException hungUp) {
            // The caller hanging up at the end of a conversation also ends the Dial: that call reached its seller.
            if (dialStatusAfterHangUp(channel).equals("ANSWER")) {
                recorder.finish("reached_seller");
            }
            throw hungUp;
        }
        log.debug("dial {} -> {} (result {})", sellers, status, result);
        if (status.equals("ANSWER")) {
            recorder.finish("reached_seller");
            return new Dialled(status, false);
        }
        RingingPromo.stopped(recorder, call, status);
        return new Dialled(status, callerLeft(channel, result));
    }

    /**
     * Whether the caller hung up during a Dial that ended without ANSWER or CANCEL, from what Asterisk already said:
     * the HANGUP line it sends right after Dial's result (read with the DIALSTATUS reply), or, where AGISIGHUP=no
     * silences that line, Dial's result -1 confirmed by the channel's own hang-up flag (-1 alone is no proof: Dial also
     * returns it with the caller still up, transcript 07). Nothing is waited for; a plain BUSY costs no round trip.
     */
    private static boolean callerLeft(Channel channel, int dialResult) {
        if (channel.hungUp()) {
            return true;
        }
        return dialResult < 0
                && channel.evaluate("${CHANNEL(checkhangup)}")
                        .map(flag -> flag.trim().equals("1"))
                        .orElse(false);
    }

    /** How one Dial ended: ANSWER, KEY and the key, or another DIALSTATUS; and whether the caller had gone by then. */
    private record Dialled(String status, boolean callerLeft) {

        boolean reachedOrKey() {
            return status.equals("ANSWER") || status.startsWith(KEY);
        }
    }

    private static boolean isKey(int result) {
        return result > 0 && result < 128 && "0123456789*#".indexOf((char) result) >= 0;
    }

    /**
     * DIALSTATUS after a Dial that returned. CANCEL means the caller hung up while it rang: Dial returns -1 then, as
     * it also does when a bridged seller hangs up, so only DIALSTATUS tells the two apart.
     */
    static String dialStatus(Channel channel) {
        String status = channel.variable("DIALSTATUS").orElse("");
        if (status.equals("CANCEL")) {
            throw new CallerHungUpException("Dial (DIALSTATUS=CANCEL)");
        }
        return status;
    }

    /** DIALSTATUS read after a hang-up (variables stay readable on a dead channel), or "" when it cannot be read. */
    static String dialStatusAfterHangUp(Channel channel) {
        try {
            return channel.variable("DIALSTATUS").orElse("");
        } catch (RuntimeException unreadable) {
            return "";
        }
    }
}
