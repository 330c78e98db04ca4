package io.callpath.agi;

import io.callpath.flow.CallRequest;
import io.callpath.flow.CallerHungUpException;
import io.callpath.flow.ChannelFailureException;
import io.callpath.logs.RateLimitedWarnings;
import java.io.IOException;
import org.slf4j.Logger;

/**
 * How each way a session can end is logged: the operator's WARN (rate-limited, saying what to do) for what they can
 * act on, DEBUG or INFO for the ordinary ends, ERROR with the stack trace for a bug.
 */
final class SessionEndLog {

    private final Logger log;
    private final RateLimitedWarnings warnings;

    SessionEndLog(Logger log, RateLimitedWarnings warnings) {
        this.log = log;
        this.warnings = warnings;
    }

    void badHeader(String peer, AgiHeader.BadHeaderException badHeader) {
        warnings.warn(
                AgiWarnings.BAD_HEADER,
                peer,
                () -> "closed FastAGI connection from " + peer + ": " + badHeader.getMessage()
                        + "; point only Asterisk's AGI() at this port");
    }

    void failedBeforeScript(String peer, IOException ioFailed) {
        warnings.warn(
                AgiWarnings.EARLY_FAILURE,
                peer,
                () -> "FastAGI connection from " + peer + " failed before its script ran: " + ioFailed.getMessage());
    }

    void hungUp(String scriptName, CallerHungUpException hungUp) {
        log.debug("session script={} ended: {}", scriptName, hungUp.getMessage());
    }

    /** @param stopping true once the shutdown cuts sessions: then a broken channel is expected, not a warning */
    void channelFailed(String scriptName, String peer, ChannelFailureException failure, boolean stopping) {
        if (stopping) {
            log.info("session script={} cut by shutdown: {}", scriptName, failure.getMessage());
            return;
        }
        warnings.warn(
                AgiWarnings.SESSION_FAILED,
                scriptName,
                () -> "session script=" + scriptName + " from " + peer + " failed: " + failure.getMessage()
                        + "; the dialplan falls back to the assistants");
    }

    void bug(String scriptName, RuntimeException bug) {
        log.error("bug: script {} threw", scriptName, bug);
    }

    /** A header with a value over a line break or cut to size: served, but worth a (rate-limited) word. */
    void mended(AgiHeader.Parsed header, String peer) {
        if (!header.mended()) {
            return;
        }
        CallRequest request = header.request();
        warnings.warn(
                AgiWarnings.MENDED_HEADER,
                peer,
                () -> "FastAGI header of channel "
                        + AgiHeader.printable(request.channelName()) + " from " + peer + " mended: "
                        + (header.continuedLines() > 0
                                ? header.continuedLines()
                                        + " line(s) that went on over a line break kept as part of their value"
                                : "")
                        + (header.continuedLines() > 0 && !header.cutKeys().isEmpty() ? "; " : "")
                        + (header.cutKeys().isEmpty()
                                ? ""
                                : "values cut to " + AgiHeader.MAX_LINE_BYTES + " bytes: " + header.cutKeys())
                        + "; a caller id with a newline or of absurd length, nothing to do unless it repeats from one trunk");
    }
}
