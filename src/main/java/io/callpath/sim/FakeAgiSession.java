package io.callpath.sim;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One FastAGI connection played as Asterisk 22 plays it: the request header, then command after command. */
final class FakeAgiSession {

    private static final Logger log = LoggerFactory.getLogger(FakeAgiSession.class);
    private static final long NONE = Long.MAX_VALUE;
    private static final long SAMPLE_NANOS = 125_000L;
    private static final long ANSWER_AUDIO_NANOS = 500_000_000L;
    private static final long HANGUP_NOTICE_AUDIO_NANOS = 40_000_000L;
    private static final String DEAD = "511 Command Not Permitted on a dead channel or intercept routine\n";
    private static final String UNKNOWN = "510 Invalid or unknown command\n";

    private final CallRun call;
    private final SimChannel channel;
    private final String script;
    private final List<String> arguments;
    private final List<Exchange> exchanges = new ArrayList<>();
    private long openedNanos;
    private OutputStream out;
    private CommandInput input;
    private long hangupNoticeAt = NONE;
    private boolean hangupEvent;
    private boolean closedByUs;

    FakeAgiSession(CallRun call, SimChannel channel, String script, List<String> arguments) {
        this.call = call;
        this.channel = channel;
        this.script = script;
        this.arguments = List.copyOf(arguments);
    }

    SessionRecord run() {
        openedNanos = System.nanoTime();
        String failure = "";
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(call.host, call.port), (int)
                    call.settings.connectTimeout().toMillis());
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            input = new CommandInput(socket);
            writeHeader();
            commandLoop();
        } catch (SocketTimeoutException e) {
            failure = "no command from the server within "
                    + call.settings.readTimeout().toMillis() + "ms: " + e.getMessage();
        } catch (IOException e) {
            failure = e.toString();
        }
        if (!failure.isEmpty()) {
            log.debug("session {} on {} broke: {}", script, channel.name, failure);
        }
        return new SessionRecord(script, channel.name, arguments, exchanges, failure);
    }

    private void writeHeader() throws IOException {
        String header = AgiRequestHeader.of(script, channel.name, channel.uniqueId)
                .server(call.host + ":" + call.port)
                .type(channel.type())
                .language(channel.language)
                .caller(channel.callerNumber, channel.callerName)
                .dnid(call.dnid(channel))
                .at(channel.context, channel.extension, channel.priority)
                .threadId(Long.toString(channel.threadId))
                .arguments(arguments)
                .text();
        byte[] bytes = header.getBytes(StandardCharsets.UTF_8);
        switch (call.settings.headerWrites()) {
            case SINGLE -> write(bytes, 0, bytes.length);
            case PER_LINE -> {
                int start = 0;
                for (int i = 0; i < bytes.length; i++) {
                    if (bytes[i] == '\n') {
                        write(bytes, start, i + 1 - start);
                        start = i + 1;
                    }
                }
            }
            case RANDOM_SPLITS -> {
                Random cuts = new Random(channel.uniqueId.hashCode() * 31L + script.hashCode());
                int start = 0;
                while (start < bytes.length) {
                    int length = Math.min(bytes.length - start, 1 + cuts.nextInt(64));
                    write(bytes, start, length);
                    start += length;
                }
            }
        }
    }

    private void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        out.flush();
    }

    private void commandLoop() throws IOException {
        long readTimeout = call.settings.readTimeout().toNanos();
        long lastActivity = System.nanoTime();
        while (!closedByUs) {
            OptionalLong hangUpAudio = channel.isDead() ? OptionalLong.empty() : channel.hangUpDueAudio();
            long hangUpReal = hangUpAudio.isPresent() ? call.clock.realAt(hangUpAudio.getAsLong()) : NONE;
            long deadline = Math.min(lastActivity + readTimeout, Math.min(hangupNoticeAt, hangUpReal));
            if (!input.awaitReadable(deadline)) {
                long now = System.nanoTime();
                Optional<Cue> due = channel.isDead() ? Optional.empty() : channel.dueHangUp(call.clock.nowAudio());
                if (due.isPresent()) {
                    channel.hangUpByCue(due.get());
                    hangupNoticeAt = NONE;
                    announceHangup(false);
                } else if (now >= hangupNoticeAt) {
                    hangupNoticeAt = NONE;
                    sendUnsolicited("HANGUP\n");
                } else if (now >= lastActivity + readTimeout) {
                    throw new SocketTimeoutException("the server sent nothing");
                }
                continue;
            }
            String command = input.nextLine(System.nanoTime() + readTimeout);
            if (command == null) {
                return;
            }
            Duration at = Duration.ofNanos(System.nanoTime() - openedNanos);
            hangupEvent = false;
            String reply = execute(command);
            log.debug("{} << {} >> {}", channel.name, command, reply.stripTrailing());
            send(reply);
            exchanges.add(new Exchange(at, command, reply));
            if (hangupEvent) {
                announceHangup(true);
            }
            lastActivity = System.nanoTime();
        }
    }

    /** Tells the server about a hang-up as the channel's AGISIGHUP / AGIEXITONHANGUP say. */
    private void announceHangup(boolean afterReply) throws IOException {
        if ("yes".equalsIgnoreCase(channel.value("AGIEXITONHANGUP").orElse(""))) {
            sendUnsolicited("HANGUP\nHANGUP\n");
            closedByUs = true;
        } else if (!"no".equalsIgnoreCase(channel.value("AGISIGHUP").orElse("yes"))) {
            if (afterReply) {
                hangupNoticeAt =
                        System.nanoTime() + Math.max(1_000_000L, call.clock.realNanos(HANGUP_NOTICE_AUDIO_NANOS));
            } else {
                sendUnsolicited("HANGUP\n");
            }
        }
    }

    private void sendUnsolicited(String text) throws IOException {
        exchanges.add(new Exchange(Duration.ofNanos(System.nanoTime() - openedNanos), "", text));
        send(text);
    }

    private void send(String reply) throws IOException {
        if (reply.isEmpty()) {
            return;
        }
        byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
        int firstLine = reply.startsWith("520-") ? reply.indexOf('\n') + 1 : bytes.length;
        // Asterisk sends a usage text's first line on its own, as the transcripts show.
        write(bytes, 0, firstLine);
        if (firstLine < bytes.length) {
            write(bytes, firstLine, bytes.length - firstLine);
        }
    }

    private String execute(String line) throws IOException {
        List<String> words = AgiArguments.parse(line);
        if (words.isEmpty()) {
            return UNKNOWN;
        }
        String first = upper(words, 0);
        String second = upper(words, 1);
        String third = upper(words, 2);
        if (first.equals("GET") && second.equals("FULL") && third.equals("VARIABLE")) {
            return getFullVariable(words.subList(3, words.size()));
        }
        if (first.equals("WAIT") && second.equals("FOR") && third.equals("DIGIT")) {
            return media(() -> waitForDigit(words.subList(3, words.size())));
        }
        String two = first + " " + second;
        switch (two) {
            case "GET VARIABLE":
                return getVariable(words.subList(2, words.size()));
            case "SET VARIABLE":
                return setVariable(words.subList(2, words.size()));
            case "STREAM FILE":
                return media(() -> streamFile(words.subList(2, words.size())));
            case "GET DATA":
                return media(() -> getData(words.subList(2, words.size())));
            case "CHANNEL STATUS":
                return media(() -> "200 result=" + (channel.isUp() ? 6 : 4) + "\n");
            default:
                break;
        }
        List<String> rest = words.subList(1, words.size());
        return switch (first) {
            case "ANSWER" -> media(this::answer);
            case "NOOP" -> "200 result=0\n";
            case "VERBOSE" -> rest.isEmpty() ? UsageTexts.NOT_AVAILABLE : "200 result=1\n";
            case "HANGUP" -> hangup(rest);
            case "EXEC" -> exec(rest);
            default -> UNKNOWN;
        };
    }

    private static String upper(List<String> words, int index) {
        return index < words.size() ? words.get(index).toUpperCase(Locale.ROOT) : "";
    }

    /** A command that needs a live channel. */
    private interface MediaCommand {
        String run() throws IOException;
    }

    private String media(MediaCommand command) throws IOException {
        return channel.isDead() ? DEAD : command.run();
    }

    private String getVariable(List<String> args) {
        if (args.size() != 1) {
            return UsageTexts.GET_VARIABLE;
        }
        return channel.value(args.get(0)).map(v -> "200 result=1 (" + v + ")\n").orElse("200 result=0\n");
    }

    private String getFullVariable(List<String> args) {
        if (args.size() == 1) {
            return "200 result=1 (" + channel.expand(args.get(0)) + ")\n";
        }
        if (args.size() == 2) {
            // the second word names a channel; only our own is known here
            return args.get(1).equals(channel.name)
                    ? "200 result=1 (" + channel.expand(args.get(0)) + ")\n"
                    : "200 result=0\n";
        }
        return UsageTexts.GET_FULL_VARIABLE;
    }

    private String setVariable(List<String> args) {
        if (args.size() < 2) {
            return UsageTexts.NOT_AVAILABLE;
        }
        channel.set(args.get(0), args.get(1));
        return "200 result=1\n";
    }

    private String answer() throws IOException {
        if (!channel.isUp()) {
            call.clock.sleepUntilAudio(call.clock.nowAudio() + ANSWER_AUDIO_NANOS);
            channel.markUp();
        }
        return "200 result=0\n";
    }

    private String hangup(List<String> args) {
        if (!args.isEmpty() && !args.get(0).equals(channel.name)) {
            return "200 result=-1\n";
        }
        if (!channel.isDead()) {
            channel.hangUp(SimChannel.CAUSE_NORMAL_CLEARING);
            hangupEvent = true;
        }
        return "200 result=1\n";
    }

    private String streamFile(List<String> args) throws IOException {
        if (args.size() < 2) {
            return UsageTexts.NOT_AVAILABLE;
        }
        String prompt = args.get(0);
        String escapeDigits = args.get(1);
        Optional<Duration> length = call.pbx.prompt(prompt);
        if (length.isEmpty()) {
            return "200 result=-1 endpos=0\n";
        }
        long startNanos = args.size() > 2 ? parseLong(args.get(2), 0) * SAMPLE_NANOS : 0;
        long total = length.get().toNanos();
        long remaining = Math.max(0, total - startNanos);
        long startAudio = call.clock.nowAudio();
        List<SimChannel.CueHit> hits =
                channel.cuesFor(SimChannel.Activity.STREAM, prompt, !escapeDigits.isEmpty(), startAudio);
        Optional<SimChannel.CueHit> event = hits.stream()
                .filter(h -> h.offset() < remaining)
                .filter(h -> h.cue().action() == Cue.Action.HANG_UP
                        || escapeDigits.indexOf(h.cue().digit()) >= 0)
                .findFirst();
        long endsAt = event.map(SimChannel.CueHit::offset).orElse(remaining);
        if (awaitUnlessCommand(startAudio + endsAt)) {
            // a command arrived while playing: playback stops and STREAM FILE never answers (transcripts 08, 11)
            return "";
        }
        if (event.isEmpty()) {
            return "200 result=0 endpos=" + total / SAMPLE_NANOS + "\n";
        }
        long endpos = (startNanos + endsAt) / SAMPLE_NANOS;
        Cue cue = event.get().cue();
        if (cue.action() == Cue.Action.HANG_UP) {
            channel.hangUpByCue(cue);
            hangupEvent = true;
            return "200 result=-1 endpos=" + endpos + "\n";
        }
        channel.consumed(cue);
        return "200 result=" + (int) cue.digit() + " endpos=" + endpos + "\n";
    }

    private String getData(List<String> args) throws IOException {
        if (args.isEmpty()) {
            return UsageTexts.NOT_AVAILABLE;
        }
        String prompt = args.get(0);
        long timeout = (args.size() > 1 ? parseLong(args.get(1), 6000) : 6000) * 1_000_000L;
        if (timeout <= 0) {
            timeout = 6_000_000_000L;
        }
        int maxDigits = (int) (args.size() > 2 ? parseLong(args.get(2), 1024) : 1024);
        Optional<Duration> length = call.pbx.prompt(prompt);
        if (length.isEmpty()) {
            return "200 result=-1\n";
        }
        long startAudio = call.clock.nowAudio();
        List<SimChannel.CueHit> hits = channel.cuesFor(SimChannel.Activity.GET_DATA, prompt, true, startAudio);
        StringBuilder digits = new StringBuilder();
        long deadline = length.get().toNanos() + timeout;
        long endsAt = deadline;
        boolean timedOut = true;
        for (SimChannel.CueHit hit : hits) {
            if (hit.offset() >= deadline) {
                break;
            }
            channel.consumed(hit.cue());
            if (hit.cue().action() == Cue.Action.HANG_UP) {
                call.clock.sleepUntilAudio(startAudio + hit.offset());
                channel.hangUpByCue(hit.cue());
                hangupEvent = true;
                return "200 result=-1\n";
            }
            endsAt = hit.offset();
            if (hit.cue().digit() == '#') {
                timedOut = false;
                break;
            }
            digits.append(hit.cue().digit());
            if (digits.length() >= maxDigits) {
                timedOut = false;
                break;
            }
            deadline = hit.offset() + timeout;
            endsAt = deadline;
        }
        call.clock.sleepUntilAudio(startAudio + endsAt);
        return "200 result=" + digits + (timedOut ? " (timeout)" : "") + "\n";
    }

    private String waitForDigit(List<String> args) throws IOException {
        if (args.isEmpty()) {
            return UsageTexts.NOT_AVAILABLE;
        }
        long millis = parseLong(args.get(0), -1);
        long timeout = millis < 0 ? call.settings.longestRing().toNanos() : millis * 1_000_000L;
        long startAudio = call.clock.nowAudio();
        Optional<SimChannel.CueHit> event =
                channel.cuesFor(SimChannel.Activity.WAIT_FOR_DIGIT, "", true, startAudio).stream()
                        .filter(h -> h.offset() < timeout)
                        .findFirst();
        long endsAt = event.map(SimChannel.CueHit::offset).orElse(timeout);
        if (awaitUnlessCommand(startAudio + endsAt)) {
            // res_agi waits on the AGI socket too: a new command ends the wait with result 1 (transcript 08)
            return "200 result=1\n";
        }
        if (event.isEmpty()) {
            return "200 result=0\n";
        }
        Cue cue = event.get().cue();
        if (cue.action() == Cue.Action.HANG_UP) {
            channel.hangUpByCue(cue);
            hangupEvent = true;
            return "200 result=-1\n";
        }
        channel.consumed(cue);
        return "200 result=" + (int) cue.digit() + "\n";
    }

    private String exec(List<String> args) throws IOException {
        if (args.isEmpty()) {
            return UsageTexts.NOT_AVAILABLE;
        }
        String application = args.get(0).toLowerCase(Locale.ROOT);
        String options = args.size() > 1 ? args.get(1) : "";
        if ("yes".equalsIgnoreCase(channel.value("AGIEXECFULL").orElse(""))) {
            options = channel.expand(options);
        }
        switch (application) {
            case "dial": {
                if (channel.isDead()) {
                    return "200 result=-1\n";
                }
                CallRun.DialResult result = call.dial(channel, options);
                hangupEvent = result.hangupEvent();
                return "200 result=" + result.result() + "\n";
            }
            case "wait":
                return execWait(options);
            case "noop", "verbose", "progress", "ringing", "playback", "set":
                if (application.equals("set")) {
                    int equals = options.indexOf('=');
                    if (equals > 0) {
                        channel.set(options.substring(0, equals), options.substring(equals + 1));
                    }
                }
                return channel.isDead() && !application.equals("set") && !application.equals("noop")
                        ? "200 result=-1\n"
                        : "200 result=0\n";
            case "answer":
                return channel.isDead() ? "200 result=-1\n" : answer();
            case "hangup":
                hangup(List.of());
                return "200 result=-1\n";
            default:
                return "200 result=-2\n";
        }
    }

    private String execWait(String seconds) throws IOException {
        if (channel.isDead()) {
            return "200 result=-1\n";
        }
        long length;
        try {
            length = (long) (Double.parseDouble(seconds.trim()) * 1e9);
        } catch (NumberFormatException e) {
            length = 0;
        }
        long startAudio = call.clock.nowAudio();
        long wait = length;
        Optional<SimChannel.CueHit> hangUp = channel.cuesFor(SimChannel.Activity.WAIT, "", false, startAudio).stream()
                .filter(h -> h.cue().action() == Cue.Action.HANG_UP && h.offset() < wait)
                .findFirst();
        call.clock.sleepUntilAudio(
                startAudio + hangUp.map(SimChannel.CueHit::offset).orElse(wait));
        if (hangUp.isPresent()) {
            channel.hangUpByCue(hangUp.get().cue());
            hangupEvent = true;
            return "200 result=-1\n";
        }
        return "200 result=0\n";
    }

    /** Plays until the call's audio clock reads {@code audioDeadline}; true if the server sent bytes first. */
    private boolean awaitUnlessCommand(long audioDeadline) throws IOException {
        return call.clock.awaitInputUntilAudio(input, audioDeadline);
    }

    private static long parseLong(String text, long fallback) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
