package io.callpath.bench;

import io.callpath.sim.AgiRequestHeader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * A lean FastAGI client that plays Asterisk at full speed: transcript-ordered agi_ header, an instant reply of the
 * right form to every command, optionally the seller's {@code answered} session opened from EXEC Dial's
 * {@code U(callpath-answered^...)} while the caller's Dial waits. Every socket has connect and read timeouts.
 */
public final class LoadAsterisk {

    /**
     * Where the server listens and how this fake Asterisk behaves.
     *
     * @param openAnsweredSessions play the seller's {@code answered} session from EXEC Dial's U() gosub
     * @param openHangupSessions   after the caller's session, play its hang-up handler {@code hangup?leg=caller}
     */
    record Settings(
            String host,
            int port,
            char streamDigit,
            char menuDigit,
            boolean openAnsweredSessions,
            boolean openHangupSessions,
            Duration connectTimeout,
            Duration readTimeout) {

        static Settings loopback(int port) {
            return new Settings(
                    "127.0.0.1", port, '1', '1', false, false, Duration.ofSeconds(5), Duration.ofSeconds(10));
        }

        Settings withAnsweredSessions(boolean open) {
            return new Settings(
                    host, port, streamDigit, menuDigit, open, openHangupSessions, connectTimeout, readTimeout);
        }

        /** Both the answered and the hang-up sessions: the whole of a call as callpath's dialplan runs it. */
        Settings withCallpathSessions(boolean open) {
            return new Settings(host, port, streamDigit, menuDigit, open, open, connectTimeout, readTimeout);
        }

        Settings withReadTimeout(Duration timeout) {
            return new Settings(
                    host,
                    port,
                    streamDigit,
                    menuDigit,
                    openAnsweredSessions,
                    openHangupSessions,
                    connectTimeout,
                    timeout);
        }
    }

    /** The dialled number: line {@code main} of the demo and bench configs. */
    static final String DID = "5551000";

    private static final long RECORDED_CHANNELS = 9_000_000;

    private static final String ANSWERED_GOSUB = "U(callpath-answered^";
    private static final long HISTOGRAM_MAX_NANOS = TimeUnit.SECONDS.toNanos(120);

    private final Settings settings;
    private final Parking parking;
    private final AtomicLong channelCounter = new AtomicLong();
    private final long epochSeconds = System.currentTimeMillis() / 1000;

    LoadAsterisk(Settings settings, Parking parking) {
        this.settings = settings;
        this.parking = parking;
    }

    LoadAsterisk(Settings settings) {
        this(settings, Parking.none());
    }

    static Histogram newHistogram() {
        return new Histogram(HISTOGRAM_MAX_NANOS, 3);
    }

    /** Plays up to {@code calls} calls, {@code concurrency} at a time, stopping early after {@code maxDuration}. */
    LoadResult run(int calls, int concurrency, Duration maxDuration) throws InterruptedException {
        AtomicInteger nextCall = new AtomicInteger();
        long deadline = System.nanoTime() + maxDuration.toNanos();
        List<CallTally> tallies = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
            CallTally tally = new CallTally();
            tallies.add(tally);
            Thread worker = new Thread(
                    () -> {
                        while (nextCall.getAndIncrement() < calls
                                && System.nanoTime() < deadline
                                && !Thread.currentThread().isInterrupted()) {
                            playCall(tally);
                        }
                    },
                    "load-asterisk-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        // every read is bounded by the read timeout, so workers end at most that long after the deadline
        long joinBudgetMillis = maxDuration.toMillis() + settings.readTimeout().toMillis() * 3 + 5_000;
        long joinDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(joinBudgetMillis);
        for (Thread worker : workers) {
            worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinDeadline - System.nanoTime())));
        }
        long elapsed = System.nanoTime() - started;
        return CallTally.combine(tallies, elapsed);
    }

    /** Plays one inbound call to its end and records it in {@code tally}. */
    void playCall(CallTally tally) {
        playCall(tally, channelCounter.incrementAndGet(), null);
    }

    /**
     * Plays one call and returns the commands of each of its sessions exactly as the server wrote them, by script
     * (incoming, answered, hangup), in the order the sessions opened.
     */
    Map<String, List<String>> recordOneCall() {
        Map<String, List<String>> recording = new LinkedHashMap<>();
        CallTally tally = new CallTally();
        // far from the load's channel numbers, so the recorded call's linkedid is its own
        playCall(tally, RECORDED_CHANNELS + channelCounter.incrementAndGet(), recording);
        if (tally.errors() > 0) {
            throw new IllegalStateException("recording call failed: " + tally.outcomes + " after " + recording);
        }
        return recording;
    }

    /** {@code recording}: where each session's commands go by script, or null when not recording (the load). */
    private void playCall(CallTally tally, long channel, Map<String, List<String>> recording) {
        String linkedId = epochSeconds + "." + channel * 2;
        String t0 = epochSeconds + "." + String.format(Locale.ROOT, "%06d", channel % 1_000_000);
        AsteriskReplies replies = new AsteriskReplies(
                linkedId, linkedId, t0, callerId(channel), settings.streamDigit(), settings.menuDigit());
        String channelName = String.format(Locale.ROOT, "Local/s@incoming-%08x;2", channel);
        String header = header("incoming", channelName, linkedId, "incoming", DID, callerId(channel), List.of(DID));
        CallOutcome outcome = playSession(header, "incoming", replies, tally, channel, recording);
        tally.record(outcome);
        if (settings.openHangupSessions() && outcome == CallOutcome.COMPLETED) {
            playHangupSession(channelName, linkedId, replies, tally, channel, recording);
        }
    }

    /** The caller channel's hang-up handler: a new session on the same (now dead) channel, linkedid as agi_arg_1. */
    private void playHangupSession(
            String channelName,
            String linkedId,
            AsteriskReplies callerReplies,
            CallTally tally,
            long channel,
            Map<String, List<String>> recording) {
        callerReplies.hangUp("16");
        String header = header(
                "hangup?leg=caller",
                channelName,
                linkedId,
                "callpath-hangup",
                "caller",
                callerId(channel),
                List.of(linkedId));
        CallOutcome outcome = playSession(header, "hangup", callerReplies, tally, channel, recording);
        if (outcome != CallOutcome.COMPLETED) {
            tally.record(outcome);
        }
    }

    private CallOutcome playSession(
            String header,
            String script,
            AsteriskReplies replies,
            CallTally tally,
            long channel,
            Map<String, List<String>> recording) {
        List<String> recorded = recording == null ? null : recording.computeIfAbsent(script, name -> new ArrayList<>());
        Socket socket = new Socket();
        try (socket) {
            try {
                socket.connect(new InetSocketAddress(settings.host(), settings.port()), (int)
                        settings.connectTimeout().toMillis());
            } catch (IOException refused) {
                return CallOutcome.REFUSED;
            }
            socket.setSoTimeout((int) settings.readTimeout().toMillis());
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            TimedLineReader in = new TimedLineReader(socket.getInputStream());
            // one write for the whole header: the servers must cope with any split, a benchmark need not vary it
            out.write(header.getBytes(StandardCharsets.UTF_8));
            out.flush();
            long lastWrite = System.nanoTime();
            boolean firstCommand = true;
            for (String command = in.readLine(); command != null; command = in.readLine()) {
                if (!firstCommand) {
                    tally.serverTime(in.lineFirstByteNanos() - lastWrite);
                }
                firstCommand = false;
                tally.commands++;
                if (recorded != null) {
                    recorded.add(command);
                }
                // the seller's answered session runs when the seller picks up, before the talk that parking stands for
                if (settings.openAnsweredSessions() && command.contains(ANSWERED_GOSUB)) {
                    playAnsweredSession(command, replies, tally, channel, recording);
                }
                parking.holdIfParked(command);
                String reply = replies.replyTo(command);
                if (reply.equals(AsteriskReplies.UNKNOWN_COMMAND)) {
                    tally.unknownCommands++;
                }
                out.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                lastWrite = System.nanoTime();
            }
            if (firstCommand) {
                return CallOutcome.CLOSED_WITHOUT_A_WORD;
            }
            tally.sessions++;
            return CallOutcome.COMPLETED;
        } catch (SocketTimeoutException e) {
            return CallOutcome.TIMED_OUT;
        } catch (ConnectException e) {
            return CallOutcome.REFUSED;
        } catch (IOException e) {
            return CallOutcome.BROKEN;
        }
    }

    /** The seller's leg: Asterisk runs the U() gosub on answer, a second AGI connection, while Dial still blocks. */
    private void playAnsweredSession(
            String dial,
            AsteriskReplies callerReplies,
            CallTally tally,
            long channel,
            Map<String, List<String>> recording) {
        int from = dial.indexOf(ANSWERED_GOSUB) + ANSWERED_GOSUB.length();
        int to = dial.indexOf(')', from);
        List<String> args =
                List.of(dial.substring(from, to < 0 ? dial.length() : to).split("\\^", -1));
        String sellerId = epochSeconds + "." + (channel * 2 + 1);
        String linkedId = args.isEmpty() ? sellerId : args.get(0);
        AsteriskReplies sellerReplies = new AsteriskReplies(
                linkedId, sellerId, epochSeconds + ".000000", "101", settings.streamDigit(), settings.menuDigit());
        String header = header(
                "answered",
                String.format(Locale.ROOT, "Local/101@sellers-%08x;1", channel),
                sellerId,
                "callpath-answered",
                "s",
                args);
        CallOutcome outcome = playSession(header, "answered", sellerReplies, tally, channel, recording);
        if (outcome != CallOutcome.COMPLETED) {
            tally.record(outcome);
        }
        boolean declined =
                sellerReplies.variable("GOSUB_RESULT").filter("BUSY"::equals).isPresent();
        callerReplies.dialEndsWith(declined ? "BUSY" : "ANSWER");
    }

    /**
     * A new caller per call (run-unique, within this run's epoch second): a repeat caller would skip the informer
     * and the menu and go straight to its last seller.
     */
    private String callerId(long channel) {
        return String.format(Locale.ROOT, "+1%d%07d", epochSeconds % 1000, channel % 10_000_000);
    }

    String header(
            String script, String channelName, String uniqueId, String context, String extension, List<String> args) {
        return header(script, channelName, uniqueId, context, extension, "5551234", args);
    }

    /** The request in the key order real Asterisk 22 sends (shared/asterisk/README.md). */
    String header(
            String script,
            String channelName,
            String uniqueId,
            String context,
            String extension,
            String callerId,
            List<String> args) {
        return AgiRequestHeader.of(script, channelName, uniqueId)
                .server(settings.host() + ":" + settings.port())
                .caller(callerId, "Alice Caller")
                .dnid(DID)
                .at(context, extension, 1)
                .arguments(args)
                .text();
    }

    /** One worker's counts; not thread-safe, combined after the workers are joined. */
    static final class CallTally {
        private final Map<CallOutcome, Long> outcomes = new EnumMap<>(CallOutcome.class);
        private final Histogram serverTimeNanos = newHistogram();
        private long commands;
        private long sessions;
        private long unknownCommands;

        synchronized void record(CallOutcome outcome) {
            outcomes.merge(outcome, 1L, Long::sum);
        }

        private void serverTime(long nanos) {
            serverTimeNanos.recordValue(Math.max(0, Math.min(nanos, HISTOGRAM_MAX_NANOS)));
        }

        private synchronized long errors() {
            return outcomes.entrySet().stream()
                            .filter(entry -> entry.getKey() != CallOutcome.COMPLETED)
                            .mapToLong(Map.Entry::getValue)
                            .sum()
                    + unknownCommands;
        }

        static LoadResult combine(List<CallTally> tallies, long elapsedNanos) {
            Map<CallOutcome, Long> outcomes = new EnumMap<>(CallOutcome.class);
            Histogram merged = newHistogram();
            long commands = 0;
            long sessions = 0;
            long unknown = 0;
            for (CallTally tally : tallies) {
                synchronized (tally) {
                    tally.outcomes.forEach((outcome, count) -> outcomes.merge(outcome, count, Long::sum));
                    merged.add(tally.serverTimeNanos);
                    commands += tally.commands;
                    sessions += tally.sessions;
                    unknown += tally.unknownCommands;
                }
            }
            return new LoadResult(outcomes, commands, sessions, unknown, elapsedNanos, merged);
        }
    }
}
