package io.callpath.agi;

import io.callpath.config.ServerSettings;
import io.callpath.flow.CallRequest;
import io.callpath.flow.CallerHungUpException;
import io.callpath.flow.ChannelFailureException;
import io.callpath.logs.RateLimitedWarnings;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second half of an overload refusal, on one of {@link OverloadAnswers}' threads (the status was sent at accept):
 * reads the header, the status's reply and the call's linkedid, and records the refusal on its call.
 */
final class OverloadRecorder implements OverloadAnswers.RecordRefusal {

    private static final Logger log = LoggerFactory.getLogger(OverloadRecorder.class);
    private static final Duration OVERLOAD_IO_LIMIT = Duration.ofSeconds(2);

    private final ServerSettings settings;
    private final Refusals refusals;
    private final RateLimitedWarnings warnings;

    OverloadRecorder(ServerSettings settings, Refusals refusals, RateLimitedWarnings warnings) {
        this.settings = settings;
        this.refusals = refusals;
        this.warnings = warnings;
    }

    @Override
    public boolean record(Socket socket) {
        String peer = socket.getInetAddress().getHostAddress();
        Duration limit = Refusals.shorter(settings.headerTimeout(), OVERLOAD_IO_LIMIT);
        try {
            LineReader reader = new LineReader(socket, SocketAgiChannel.MAX_REPLY_LINE_BYTES);
            CallRequest request = AgiHeader.read(reader, limit).request();
            SocketAgiChannel channel = new SocketAgiChannel(socket, reader, request, limit, limit, warnings);
            try {
                channel.awaitReplyTo(OverloadAnswers.STATUS_COMMAND, limit);
            } catch (ChannelFailureException | CallerHungUpException noReply) {
                log.debug("no reply to the OVERLOADED status: {}", noReply.getMessage());
            }
            String linkedId = Refusals.linkedIdOf(channel, limit);
            warnings.warn(
                    AgiWarnings.OVERLOADED,
                    peer,
                    () -> "refused call " + AgiHeader.printable(linkedId) + " ("
                            + AgiHeader.printable(request.script()) + ") from " + peer + ": " + settings.maxSessions()
                            + " sessions is server.maxSessions; raise it or add a callpath server");
            refusals.report(channel, linkedId, "overloaded");
            return true;
        } catch (IOException unreadable) {
            warnings.warn(
                    AgiWarnings.OVERLOADED,
                    peer,
                    () -> "refused FastAGI connection from " + peer
                            + " while overloaded (server.maxSessions=" + settings.maxSessions() + "), told OVERLOADED; "
                            + "not recorded: " + unreadable.getMessage());
            return false;
        }
    }
}
