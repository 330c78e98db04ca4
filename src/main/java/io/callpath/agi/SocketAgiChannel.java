package io.callpath.agi;

import io.callpath.flow.CallRequest;
import io.callpath.flow.CallerHungUpException;
import io.callpath.flow.Channel;
import io.callpath.flow.ChannelFailureException;
import io.callpath.flow.Playback;
import io.callpath.logs.RateLimitedWarnings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One FastAGI session's channel: writes one command at a time and reads its reply, exactly as Asterisk 22
 * answers (see shared/asterisk/transcripts). Every read has a deadline; unsolicited HANGUP lines are noted and skipped.
 */
public final class SocketAgiChannel implements Channel {

    private static final Logger log = LoggerFactory.getLogger(SocketAgiChannel.class);
    static final int MAX_REPLY_LINE_BYTES = 16 * 1024;
    /**
     * Applications that block for as long as a caller talks, waits or listens (lower case: Asterisk matches
     * application names case-insensitively). EXEC of these waits server.dialTimeout, anything else server.commandTimeout.
     */
    static final Set<String> LONG_RUNNING_APPLICATIONS = Set.of(
            "dial",
            "queue",
            "wait",
            "waitexten",
            "playback",
            "background",
            "controlplayback",
            "read",
            "record",
            "voicemail",
            "voicemailmain",
            "confbridge",
            "musiconhold",
            "followme",
            "echo");

    private final LineReader reader;
    private final OutputStream output;
    private final CallRequest request;
    private final Duration commandTimeout;
    private final Duration dialTimeout;
    private final RateLimitedWarnings warnings;
    private final CommandTimings timings;
    private boolean hungUp;
    /** A command was sent and its reply not read yet (a STREAM FILE cut by its budget): lines arriving now are that reply. */
    private boolean replyOutstanding;
    /** Reused for every command so that its bytes and the '\n' leave in one write. */
    private byte[] commandBytes = new byte[256];

    /** A channel whose header was read by {@code reader}, which goes on reading the replies. */
    SocketAgiChannel(
            Socket socket,
            LineReader reader,
            CallRequest request,
            Duration commandTimeout,
            Duration dialTimeout,
            RateLimitedWarnings warnings)
            throws IOException {
        this(socket, reader, request, commandTimeout, dialTimeout, warnings, CommandTimings.NONE);
    }

    /** As above, telling {@code timings} how long each command took. */
    SocketAgiChannel(
            Socket socket,
            LineReader reader,
            CallRequest request,
            Duration commandTimeout,
            Duration dialTimeout,
            RateLimitedWarnings warnings,
            CommandTimings timings)
            throws IOException {
        this.timings = timings;
        this.reader = reader;
        this.warnings = warnings;
        this.output = socket.getOutputStream();
        this.request = request;
        this.commandTimeout = commandTimeout;
        this.dialTimeout = dialTimeout;
    }

    /** A channel over a socket whose header has already been read; reply lines up to 16 KiB. */
    public static SocketAgiChannel over(
            Socket socket, CallRequest request, Duration commandTimeout, Duration dialTimeout) throws IOException {
        return new SocketAgiChannel(
                socket,
                new LineReader(socket, MAX_REPLY_LINE_BYTES),
                request,
                commandTimeout,
                dialTimeout,
                new RateLimitedWarnings(log));
    }

    @Override
    public CallRequest request() {
        return request;
    }

    @Override
    public void answer() {
        AgiReply reply = roundTrip("ANSWER", commandTimeout);
        if (codeOf(reply, "ANSWER") == -1) {
            throw hangUpDuring("ANSWER");
        }
    }

    @Override
    public Playback play(String prompt, String escapeDigits, Duration budget) {
        String command = "STREAM FILE " + AgiText.word(prompt) + " " + AgiText.quote(escapeDigits);
        long started = System.nanoTime();
        try {
            return playWithin(command, budget);
        } finally {
            if (timings != CommandTimings.NONE) {
                timings.completed("STREAM FILE", System.nanoTime() - started);
            }
        }
    }

    private Playback playWithin(String command, Duration budget) {
        send(command);
        Optional<AgiReply> reply = readReplyUntil(command, deadlineAfter(budget));
        if (reply.isPresent()) {
            return playbackOf(reply.get(), command);
        }
        // Any command sent while STREAM FILE plays stops it, and STREAM FILE then sends no reply (transcripts 08, 11).
        send("NOOP");
        AgiReply next = readReply("NOOP", commandTimeout);
        if (next.hasEndpos()) {
            // The prompt ended by itself as the budget ran out: its reply came first, the NOOP's follows.
            readReply("NOOP", commandTimeout);
            return playbackOf(next, command);
        }
        return Playback.budgetExhausted();
    }

    @Override
    public Optional<Character> readDigit(String prompt, Duration timeout) {
        String command = "GET DATA " + AgiText.word(prompt) + " " + timeout.toMillis() + " 1";
        AgiReply reply = roundTrip(command, timeout.plus(commandTimeout));
        if (reply.result().equals("-1")) {
            throw hangUpDuring(command);
        }
        return reply.result().isEmpty()
                ? Optional.empty()
                : Optional.of(reply.result().charAt(0));
    }

    @Override
    public Optional<Character> waitForDigit(Duration timeout) {
        String command = "WAIT FOR DIGIT " + timeout.toMillis();
        long code = codeOf(roundTrip(command, timeout.plus(commandTimeout)), command);
        if (code == -1) {
            throw hangUpDuring(command);
        }
        return code > 0 ? Optional.of((char) code) : Optional.empty();
    }

    @Override
    public int exec(String application, String arguments) {
        String command =
                "EXEC " + AgiText.word(application) + (arguments.isEmpty() ? "" : " " + AgiText.quote(arguments));
        return (int) codeOf(roundTrip(command, execTimeout(application)), command);
    }

    /** dialTimeout for the applications that run as long as the call does, commandTimeout for the rest. */
    private Duration execTimeout(String application) {
        return runsLong(application) ? dialTimeout : commandTimeout;
    }

    static boolean runsLong(String application) {
        return LONG_RUNNING_APPLICATIONS.contains(application.trim().toLowerCase(Locale.ROOT));
    }

    @Override
    public Optional<String> variable(String name) {
        String command = "GET VARIABLE " + AgiText.word(name);
        AgiReply reply = roundTrip(command, commandTimeout);
        if (codeOf(reply, command) != 1) {
            return Optional.empty();
        }
        return Optional.of(reply.data() == null ? "" : reply.data());
    }

    @Override
    public Optional<String> evaluate(String expression) {
        return evaluate(expression, commandTimeout);
    }

    /** {@link #evaluate(String)} waiting at most {@code timeout} for the reply. */
    Optional<String> evaluate(String expression, Duration timeout) {
        String command = "GET FULL VARIABLE " + AgiText.quote(expression);
        AgiReply reply = roundTrip(command, timeout);
        if (codeOf(reply, command) != 1 || reply.data() == null || reply.data().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(reply.data());
    }

    @Override
    public void setVariable(String name, String value) {
        String command = "SET VARIABLE " + AgiText.word(name) + " " + AgiText.quote(value);
        roundTrip(command, commandTimeout);
    }

    @Override
    public void verbose(String message) {
        String command = "VERBOSE " + AgiText.quote(message) + " 1";
        roundTrip(command, commandTimeout);
    }

    @Override
    public boolean hungUp() {
        return hungUp;
    }

    private Playback playbackOf(AgiReply reply, String command) {
        long code = codeOf(reply, command);
        if (code > 0) {
            return Playback.interruptedBy((char) code);
        }
        if (code == 0) {
            return Playback.playedOut();
        }
        if (code == -1 && reply.endpos() == 0 && !hungUp) {
            return Playback.missingFile();
        }
        if (code == -1) {
            throw hangUpDuring(command);
        }
        throw new ChannelFailureException("unexpected reply to " + command + ": " + reply.line());
    }

    private AgiReply roundTrip(String command, Duration timeout) {
        long started = System.nanoTime();
        try {
            send(command);
            return readReply(command, timeout);
        } finally {
            if (timings != CommandTimings.NONE) {
                timings.completed(CommandTimings.nameOf(command), System.nanoTime() - started);
            }
        }
    }

    /** Reads the reply to {@code command}, which was written to the socket before this channel existed. */
    void awaitReplyTo(String command, Duration timeout) {
        readReply(command, timeout);
    }

    private void send(String command) {
        if (command.indexOf('\n') >= 0 || command.indexOf('\r') >= 0) {
            throw new IllegalStateException("command text escaped AgiText: " + AgiHeader.printable(command));
        }
        if (!replyOutstanding) {
            dropUnsolicitedLines(command);
        }
        replyOutstanding = true;
        log.debug(">>> {}", command);
        byte[] encoded = command.getBytes(StandardCharsets.UTF_8);
        if (encoded.length + 1 > commandBytes.length) {
            commandBytes = new byte[Math.max(encoded.length + 1, commandBytes.length * 2)];
        }
        System.arraycopy(encoded, 0, commandBytes, 0, encoded.length);
        commandBytes[encoded.length] = '\n';
        try {
            // One write per command: with TCP_NODELAY, a separate '\n' would be a second packet.
            output.write(commandBytes, 0, encoded.length + 1);
            output.flush();
        } catch (IOException writeFailed) {
            throw lostConnection(command, writeFailed);
        }
    }

    private AgiReply readReply(String command, Duration timeout) {
        Optional<AgiReply> reply = readReplyUntil(command, deadlineAfter(timeout));
        if (reply.isEmpty()) {
            throw new ChannelFailureException(
                    "Asterisk did not answer " + command + " within " + timeout.toMillis() + " ms");
        }
        return reply.get();
    }

    /** The reply to {@code command}, or empty when the deadline passed first. */
    private Optional<AgiReply> readReplyUntil(String command, long deadlineNanos) {
        while (true) {
            String line = nextLine(command, deadlineNanos).orElse(null);
            if (line == null) {
                return Optional.empty();
            }
            if (log.isDebugEnabled()) {
                log.debug("<<< {}", AgiHeader.withoutControls(line));
            }
            if (line.equals("HANGUP")) {
                hungUp = true;
                continue;
            }
            replyOutstanding = false;
            if (line.startsWith("200 ")) {
                return Optional.of(AgiReply.parse(line));
            } else if (line.startsWith("511 ")) {
                throw hangUpDuring(command);
            } else if (line.startsWith("510 ")) {
                throw new ChannelFailureException("Asterisk does not know the command " + command + " (" + line + ")");
            } else if (line.startsWith("520-")) {
                skipUsageText(command, deadlineNanos);
                throw new ChannelFailureException("Asterisk rejected the syntax of " + command);
            } else if (line.startsWith("520 ")) {
                throw new ChannelFailureException("Asterisk rejected the syntax of " + command + " (" + line + ")");
            } else {
                throw new ChannelFailureException("unexpected reply to " + command + ": " + AgiHeader.printable(line));
            }
        }
    }

    /**
     * Asterisk sends nothing between commands but {@code HANGUP} (transcripts): any other line already here was sent
     * by something else and would be taken for the reply to {@code command}, shifting every reply after it.
     */
    private void dropUnsolicitedLines(String command) {
        try {
            for (Optional<String> line = reader.readLineIfArrived(MAX_REPLY_LINE_BYTES);
                    line.isPresent();
                    line = reader.readLineIfArrived(MAX_REPLY_LINE_BYTES)) {
                String unsolicited = line.get();
                if (unsolicited.equals("HANGUP")) {
                    hungUp = true;
                    continue;
                }
                warnings.warn(
                        AgiWarnings.UNSOLICITED_LINE,
                        request.script(),
                        () -> "dropped a line Asterisk sent while no "
                                + "command ran, before " + AgiHeader.printable(command) + " on channel "
                                + AgiHeader.printable(request.channelName()) + ": \"" + AgiHeader.printable(unsolicited)
                                + "\"; it would have been taken for the reply");
            }
        } catch (IOException unreadable) {
            // The read of the reply will meet the same failure and say so.
            log.debug("checking for unsolicited lines failed: {}", unreadable.getMessage());
        }
    }

    /** Reads a 520- usage text up to its closing "520 " line; lines inside may look like replies. */
    private void skipUsageText(String command, long deadlineNanos) {
        while (true) {
            String line = nextLine(command, deadlineNanos)
                    .orElseThrow(
                            () -> new ChannelFailureException("Asterisk did not finish the usage text for " + command));
            if (log.isDebugEnabled()) {
                log.debug("<<< {}", AgiHeader.withoutControls(line));
            }
            if (line.startsWith("520 ")) {
                return;
            }
        }
    }

    /** The next line; empty when the deadline passed. End of stream and I/O errors end the session. */
    private Optional<String> nextLine(String command, long deadlineNanos) {
        try {
            Optional<String> line = reader.readLine(deadlineNanos, MAX_REPLY_LINE_BYTES);
            if (line.isEmpty()) {
                if (hungUp) {
                    throw hangUpDuring(command);
                }
                throw new ChannelFailureException("Asterisk closed the connection during " + command);
            }
            return line;
        } catch (SocketTimeoutException timedOut) {
            return Optional.empty();
        } catch (IOException readFailed) {
            throw lostConnection(command, readFailed);
        }
    }

    private RuntimeException lostConnection(String command, IOException cause) {
        if (hungUp) {
            return hangUpDuring(command);
        }
        return new ChannelFailureException(
                "connection to Asterisk failed during " + command + ": " + cause.getMessage(), cause);
    }

    private CallerHungUpException hangUpDuring(String command) {
        hungUp = true;
        return new CallerHungUpException(command);
    }

    private static long codeOf(AgiReply reply, String command) {
        return reply.code()
                .orElseThrow(() -> new ChannelFailureException("unexpected reply to " + command + ": " + reply.line()));
    }

    private static long deadlineAfter(Duration timeout) {
        return System.nanoTime() + Math.min(timeout.toNanos(), Long.MAX_VALUE / 4);
    }
}
