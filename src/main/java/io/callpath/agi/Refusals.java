package io.callpath.agi;

import io.callpath.flow.CallerHungUpException;
import io.callpath.flow.ChannelFailureException;
import io.callpath.flow.LinkedIds;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every refused session does: tell the dialplan why (CALLPATH_STATUS), learn its call's linkedid, report it. */
final class Refusals {

    private static final Logger log = LoggerFactory.getLogger(Refusals.class);
    private static final String LINKED_ID = "${CHANNEL(linkedid)}";
    /** Short: a refused session only asks for the linkedid so its FAILED event joins its call, never to wait on it. */
    static final Duration LINKED_ID_LIMIT = Duration.ofMillis(500);

    private final SessionRejections rejections;

    Refusals(SessionRejections rejections) {
        this.rejections = rejections;
    }

    /**
     * The call's linkedid, so that the refusal is recorded on its call and not as a call of its own (a Local channel's
     * or a seller leg's uniqueid is not its call's key); the uniqueid when Asterisk does not say within {@code limit}.
     */
    static String linkedIdOf(SocketAgiChannel channel, Duration limit) {
        String uniqueId = channel.request().uniqueId();
        try {
            // an answer we could not key a row on (a , or ^ in it) counts as no answer
            return channel.evaluate(LINKED_ID, shorter(limit, LINKED_ID_LIMIT))
                    .map(String::trim)
                    .filter(LinkedIds::usable)
                    .orElse(uniqueId);
        } catch (ChannelFailureException | CallerHungUpException unanswered) {
            log.debug(
                    "no linkedid for refused session {}, recording it under its uniqueid: {}",
                    AgiHeader.printable(uniqueId),
                    unanswered.getMessage());
            return uniqueId;
        }
    }

    /** Sets CALLPATH_STATUS so the dialplan can fall back; the session ends either way. */
    static void tellStatus(SocketAgiChannel channel, String status) {
        try {
            channel.setVariable("CALLPATH_STATUS", status);
        } catch (RuntimeException couldNotTell) {
            log.debug("could not set CALLPATH_STATUS={}: {}", status, couldNotTell.getMessage());
        }
    }

    /** Tells the server's owner (who records a FAILED event); a bug there never ends the refusal. */
    void report(SocketAgiChannel channel, String linkedId, String reason) {
        if (!LinkedIds.usable(linkedId)) {
            log.debug("refused session not recorded: {}", LinkedIds.whyUnusable(linkedId));
            return;
        }
        try {
            rejections.rejected(channel.request(), linkedId, reason);
        } catch (RuntimeException bug) {
            log.error("bug: SessionRejections threw for reason {}", reason, bug);
        }
    }

    static Duration shorter(Duration one, Duration other) {
        return one.compareTo(other) < 0 ? one : other;
    }
}
