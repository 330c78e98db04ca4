package io.callpath.agi;

import io.callpath.config.ServerSettings;
import io.callpath.flow.AgiScript;
import io.callpath.flow.CallRequest;
import io.callpath.flow.CallerHungUpException;
import io.callpath.flow.ChannelFailureException;
import io.callpath.flow.ScriptNames;
import io.callpath.logs.RateLimitedWarnings;
import java.io.IOException;
import java.net.Socket;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One admitted session, on its own thread: reads the agi_ header, runs the script it names over a
 * {@link SocketAgiChannel} (or refuses an unknown script, and a new call while the server drains), keeps the calls in
 * flight, and hands whatever ended the session to {@link SessionEndLog}. The socket is closed when it returns.
 */
final class SessionDispatcher {

    private static final Logger log = LoggerFactory.getLogger(SessionDispatcher.class);

    /** What the listener tells a session about the server's shutdown. */
    interface ServerState {
        /** From shutdown on: new incoming calls are told STOPPING. */
        boolean draining();

        /** From the end of the drain on: sessions still running are being cut. */
        boolean stopping();
    }

    private final ServerSettings settings;
    private final Map<String, AgiScript> scripts;
    private final Refusals refusals;
    private final OpenCalls openCalls;
    private final CommandTimings commandTimings;
    private final RateLimitedWarnings warnings;
    private final SessionEndLog endLog;
    private final ServerState state;
    private final LongAdder served = new LongAdder();
    private final LongAdder refusedStopping = new LongAdder();
    private final LongAdder badHeaders = new LongAdder();

    SessionDispatcher(
            ServerSettings settings,
            Map<String, AgiScript> scripts,
            Refusals refusals,
            OpenCalls openCalls,
            CommandTimings commandTimings,
            RateLimitedWarnings warnings,
            SessionEndLog endLog,
            ServerState state) {
        this.settings = settings;
        this.scripts = Map.copyOf(scripts);
        this.refusals = refusals;
        this.openCalls = openCalls;
        this.commandTimings = commandTimings;
        this.warnings = warnings;
        this.endLog = endLog;
        this.state = state;
    }

    /** The script names served, sorted (for log lines). */
    TreeSet<String> scriptNames() {
        return new TreeSet<>(scripts.keySet());
    }

    /** Runs the session on {@code socket} to its end and closes the socket; never throws. */
    void serve(Socket socket) {
        String peer = socket.getInetAddress().getHostAddress();
        String scriptName = "?";
        CallRequest request = null;
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            LineReader reader = new LineReader(socket, SocketAgiChannel.MAX_REPLY_LINE_BYTES);
            AgiHeader.Parsed header = AgiHeader.read(reader, settings.headerTimeout());
            request = header.request();
            MDC.put("call", request.uniqueId());
            scriptName = AgiHeader.printable(request.script());
            endLog.mended(header, peer);
            SocketAgiChannel channel = new SocketAgiChannel(
                    socket,
                    reader,
                    request,
                    settings.commandTimeout(),
                    settings.dialTimeout(),
                    warnings,
                    commandTimings);
            AgiScript script = scripts.get(request.script());
            if (script == null) {
                refuseUnknownScript(channel, peer);
                return;
            }
            if (state.draining() && request.script().equals(ScriptNames.INCOMING)) {
                refuseWhileStopping(channel);
                return;
            }
            if (OpenCalls.opens(request)) {
                openCalls.opened(request);
            }
            served.increment();
            if (log.isDebugEnabled()) {
                log.debug(
                        "session start script={} channel={} from {}",
                        scriptName,
                        AgiHeader.printable(request.channelName()),
                        peer);
            }
            script.run(channel);
            log.debug("session end script={}", scriptName);
        } catch (AgiHeader.BadHeaderException badHeader) {
            badHeaders.increment();
            endLog.badHeader(peer, badHeader);
        } catch (IOException ioFailed) {
            endLog.failedBeforeScript(peer, ioFailed);
        } catch (CallerHungUpException hungUp) {
            endLog.hungUp(scriptName, hungUp);
        } catch (ChannelFailureException failure) {
            endLog.channelFailed(scriptName, peer, failure, state.stopping());
        } catch (RuntimeException bug) {
            endLog.bug(scriptName, bug);
        } finally {
            closeQuietly(socket);
            MDC.remove("call");
            if (request != null && OpenCalls.closes(request)) {
                openCalls.closed(request);
            }
        }
    }

    long served() {
        return served.sum();
    }

    long refusedStopping() {
        return refusedStopping.sum();
    }

    long badHeaders() {
        return badHeaders.sum();
    }

    private void refuseUnknownScript(SocketAgiChannel channel, String peer) {
        CallRequest request = channel.request();
        warnings.warn(
                AgiWarnings.UNKNOWN_SCRIPT,
                AgiHeader.printable(request.script()),
                () -> "unknown FastAGI script '"
                        + AgiHeader.printable(request.script()) + "' from " + peer + ": known scripts are "
                        + scriptNames() + "; fix the AGI() URL in the dialplan");
        String linkedId = Refusals.linkedIdOf(channel, settings.commandTimeout());
        Refusals.tellStatus(channel, "UNKNOWN_SCRIPT");
        refusals.report(channel, linkedId, "unknown script");
    }

    /** A new call while draining: told first (the caller must not wait on us), then recorded on its call. */
    private void refuseWhileStopping(SocketAgiChannel channel) {
        refusedStopping.increment();
        Refusals.tellStatus(channel, FastAgiServer.STOPPING_STATUS);
        String linkedId = Refusals.linkedIdOf(channel, settings.commandTimeout());
        log.info(
                "refused new call {} while stopping: told CALLPATH_STATUS={}, the dialplan rings its fallback",
                AgiHeader.printable(linkedId),
                FastAgiServer.STOPPING_STATUS);
        refusals.report(channel, linkedId, "stopping");
    }

    static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // Closing is best effort: the peer may already be gone.
        }
    }
}
