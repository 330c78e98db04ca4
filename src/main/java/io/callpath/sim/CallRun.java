package io.callpath.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** One simulated call from arrival to the last hang-up handler: the caller's sessions, Dial, transfers, handlers. */
final class CallRun {

    /** What EXEC Dial answers, and whether the caller channel saw a hang-up (or was transferred away) meanwhile. */
    record DialResult(int result, boolean hangupEvent) {}

    private static final int MAX_TRANSFERS = 5;

    final String host;
    final int port;
    final SimSettings settings;
    final FakePbx pbx;
    final CallClock clock;
    private final FakeAsterisk fake;
    private final CallerScript script;
    private final List<SessionRecord> sessions = Collections.synchronizedList(new ArrayList<>());
    private final List<SimChannel> endedLegs = new ArrayList<>();
    private final List<String> connected = new ArrayList<>();
    private final List<String> dialStatuses = new ArrayList<>();
    private final List<MusicHeard> musicHeard = new ArrayList<>();
    /** When the running Dial bridged the caller (its music stopped), or -1. */
    private long musicEndAudio = -1;

    private final java.util.Map<String, SimChannel> channels = new java.util.concurrent.ConcurrentHashMap<>();
    private SimChannel caller;

    CallRun(FakeAsterisk fake, CallerScript script) {
        this.fake = fake;
        this.host = fake.host;
        this.port = fake.port;
        this.settings = fake.settings;
        this.pbx = fake.pbx;
        this.script = script;
        this.clock = fake.newCallClock();
    }

    CallRecord execute() {
        caller = newCallerChannel();
        runSession(caller, script.script(), script.arguments());
        for (int transfers = 0; transfers < MAX_TRANSFERS; transfers++) {
            String department = caller.takeTransfer();
            if (department.isEmpty()) {
                break;
            }
            runSession(caller, "handoff", List.of(department));
        }
        // whatever the AGI left, the dialplan hangs the caller up afterwards
        caller.hangUp(SimChannel.CAUSE_NORMAL_CLEARING);
        for (SimChannel leg : endedLegs) {
            runHangupHandlers(leg);
        }
        runHangupHandlers(caller);
        return new CallRecord(
                caller.linkedId,
                sessions,
                caller.variables(),
                connected,
                dialStatuses,
                caller.hungUpByCue(),
                caller.lostDigits(),
                musicHeard);
    }

    private SimChannel newCallerChannel() {
        long epoch = settings.clock().instant().getEpochSecond();
        String uniqueId = script.uniqueId().isEmpty() ? fake.nextUniqueId(epoch) : script.uniqueId();
        String linkedId = script.linkedId().isEmpty() ? linkedIdBelow(uniqueId) : script.linkedId();
        String name = script.channelName().isEmpty()
                ? String.format("PJSIP/trunk-%08x", fake.nextChannelSequence())
                : script.channelName();
        String cdrStart = script.cdrStart().isEmpty() ? cdrStartNow() : script.cdrStart();
        SimChannel channel = new SimChannel(
                name,
                uniqueId,
                linkedId,
                script.callerNumber(),
                script.callerName(),
                script.extension(),
                script.language(),
                cdrStart,
                threadId(script.threadId()),
                0,
                epoch,
                script.cues());
        register(channel);
        channel.context = script.context();
        channel.extension = script.extension();
        channel.priority = script.priority();
        script.variables().forEach(channel::set);
        if (script.hangupHandler()) {
            channel.pushHangupHandler("callpath-hangup,caller,1(" + linkedId + ")");
        }
        return channel;
    }

    /** Known by name and uniqueid, as ast_channel_get_by_name finds channels (IMPORT, CHANNEL_EXISTS). */
    private void register(SimChannel channel) {
        channels.put(channel.name, channel);
        channels.put(channel.uniqueId, channel);
        channel.attach(key -> Optional.ofNullable(channels.get(key)), clock::nowAudio);
    }

    private static String linkedIdBelow(String uniqueId) {
        int dot = uniqueId.lastIndexOf('.');
        try {
            return uniqueId.substring(0, dot + 1) + (Long.parseLong(uniqueId.substring(dot + 1)) - 1);
        } catch (RuntimeException e) {
            return uniqueId;
        }
    }

    private String cdrStartNow() {
        java.time.Instant now = settings.clock().instant();
        return now.getEpochSecond() + "." + String.format("%06d", now.getNano() / 1000);
    }

    private long threadId(long given) {
        return given != 0 ? given : fake.nextThreadId();
    }

    String dnid(SimChannel channel) {
        return channel == caller ? script.dnid() : "unknown";
    }

    private void runSession(SimChannel channel, String sessionScript, List<String> arguments) {
        fake.sessionOpening(channel.uniqueId);
        SessionRecord session = new FakeAgiSession(this, channel, sessionScript, arguments).run();
        sessions.add(session);
        // as res_agi does; a server that accepts and closes at once still gives SUCCESS (README, 09)
        channel.set("AGISTATUS", session.failure().isEmpty() ? "SUCCESS" : "FAILURE");
    }

    /** Hang-up handlers run last pushed first, each an AGI on the dead channel: {@code hangup?leg=<exten>}, arg 1 = linkedid. */
    private void runHangupHandlers(SimChannel channel) {
        List<String> handlers = new ArrayList<>(channel.hangupHandlers());
        Collections.reverse(handlers);
        for (String location : handlers) {
            String target = location;
            List<String> args = List.of(channel.linkedId);
            int open = location.indexOf('(');
            if (open >= 0 && location.endsWith(")")) {
                target = location.substring(0, open);
                args = List.of(channel.expand(location.substring(open + 1, location.length() - 1))
                        .split(",", -1));
            }
            String[] parts = target.split(",", -1);
            channel.context = parts[0];
            channel.extension = parts.length > 1 ? parts[1] : "s";
            channel.priority = 1;
            runSession(channel, "hangup?leg=" + channel.extension, args);
        }
    }

    /** EXEC Dial targets,ringSeconds,options on the caller channel. */
    DialResult dial(SimChannel callerLeg, String arguments) throws java.io.IOException {
        List<String> parts = splitTopLevel(arguments, ',');
        List<String> targets = List.of(parts.get(0).split("&"));
        long ringLimit = parts.size() > 1 && !parts.get(1).isBlank()
                ? (long) (Double.parseDouble(parts.get(1).trim()) * 1e9)
                : settings.longestRing().toNanos();
        List<String> gosub = parts.size() > 2 ? gosubOf(parts.get(2)) : List.of();
        String musicClass = parts.size() > 2 ? musicClassOf(parts.get(2)) : "";
        // d: a key that is an extension of EXITCONTEXT ends the Dial while the phones ring; other keys are ignored
        java.util.Set<Character> exitKeys = parts.size() > 2 && hasOption(parts.get(2), 'd')
                ? pbx.keysOf(callerLeg.value("EXITCONTEXT").orElse(callerLeg.context))
                : null;
        long startAudio = clock.nowAudio();
        // m(class): the caller hears that music instead of ringback until bridged or the Dial ends
        try {
            return dialTargets(callerLeg, targets, ringLimit, gosub, startAudio, exitKeys);
        } finally {
            if (!musicClass.isEmpty()) {
                long end = musicEndAudio >= 0 ? musicEndAudio : clock.nowAudio();
                musicHeard.add(new MusicHeard(
                        musicClass,
                        Duration.ofNanos(startAudio - callerLeg.createdAudio),
                        Duration.ofNanos(end - callerLeg.createdAudio)));
            }
            musicEndAudio = -1;
        }
    }

    private DialResult dialTargets(
            SimChannel callerLeg,
            List<String> targets,
            long ringLimit,
            List<String> gosub,
            long startAudio,
            java.util.Set<Character> exitKeys)
            throws java.io.IOException {
        List<SimChannel.CueHit> hits = callerLeg.cuesFor(SimChannel.Activity.DIAL, "", exitKeys != null, startAudio);
        Optional<SimChannel.CueHit> hangUp = hits.stream()
                .filter(h -> h.cue().action() == Cue.Action.HANG_UP)
                .findFirst();
        long hangUpAt = hangUp.map(SimChannel.CueHit::offset).orElse(Long.MAX_VALUE);
        Optional<SimChannel.CueHit> exitKey = exitKeys == null
                ? Optional.empty()
                : hits.stream()
                        .filter(h -> h.cue().action() == Cue.Action.PRESS
                                && exitKeys.contains(h.cue().digit()))
                        .findFirst();
        long exitKeyAt = exitKey.map(SimChannel.CueHit::offset).orElse(Long.MAX_VALUE);

        String winner = "";
        long answerAt = Long.MAX_VALUE;
        boolean anyRinging = false;
        boolean anyBusy = false;
        for (String target : targets) {
            Endpoint endpoint = pbx.endpoint(target).orElse(Endpoint.unreachable());
            switch (endpoint.behaviour()) {
                case ANSWERS -> {
                    anyRinging = true;
                    if (endpoint.answerAfter().toNanos() < answerAt) {
                        answerAt = endpoint.answerAfter().toNanos();
                        winner = target;
                    }
                }
                case NEVER_ANSWERS -> anyRinging = true;
                case BUSY -> anyBusy = true;
                case UNREACHABLE -> {}
            }
        }
        if (!anyRinging) {
            return dialEnded(callerLeg, anyBusy ? "BUSY" : "CHANUNAVAIL", 0, false);
        }
        long ringEnds = Math.min(answerAt, ringLimit);
        if (exitKeyAt < ringEnds && exitKeyAt < hangUpAt) {
            // Dial's d option: the key ends the ringing (DIALSTATUS CANCEL, Dial's result is the key's code)
            clock.sleepUntilAudio(startAudio + exitKeyAt);
            callerLeg.consumed(exitKey.get().cue());
            return dialEnded(callerLeg, "CANCEL", exitKey.get().cue().digit(), false);
        }
        if (hangUpAt <= ringEnds) {
            clock.sleepUntilAudio(startAudio + hangUpAt);
            callerLeg.hangUpByCue(hangUp.get().cue());
            return dialEnded(callerLeg, "CANCEL", -1, true);
        }
        clock.sleepUntilAudio(startAudio + ringEnds);
        if (answerAt > ringLimit) {
            return dialEnded(callerLeg, "NOANSWER", 0, false);
        }
        Endpoint endpoint = pbx.endpoint(winner).orElseThrow();
        SimChannel leg = newCalledChannel(callerLeg, winner, endpoint);
        callerLeg.set("DIALEDPEERNAME", leg.name);
        callerLeg.set("DIALEDPEERNUMBER", winner.substring(winner.indexOf('/') + 1));
        if (!gosub.isEmpty()) {
            for (int i = 1; i < gosub.size(); i++) {
                leg.set("ARG" + i, gosub.get(i));
            }
            String context = gosub.get(0).split(",")[0];
            leg.context = context;
            String gosubScript = context.startsWith("callpath-") ? context.substring("callpath-".length()) : context;
            if (hangUp.isPresent()) {
                // the caller sits in autoservice during the gosub: CHANNEL(checkhangup) turns 1 when they hang up
                callerLeg.hangsUpAt(startAudio + hangUpAt);
            }
            runSession(leg, gosubScript, gosub.subList(1, gosub.size()));
            callerLeg.noPendingHangUp();
            boolean callerLeft = hangUpAt <= clock.nowAudio() - startAudio;
            String verdict = leg.value("GOSUB_RESULT").orElse("").toUpperCase(Locale.ROOT);
            if (verdict.equals("BUSY") || verdict.equals("CONGESTION") || verdict.equals("CHANUNAVAIL")) {
                endLeg(leg);
                if (callerLeft) {
                    callerLeg.hangUpByCue(hangUp.get().cue());
                    return dialEnded(callerLeg, verdict, -1, true);
                }
                // SET VARIABLE works on a dead leg too: a verdict set after the seller hung up still counts
                return dialEnded(callerLeg, verdict, 0, false);
            }
            if (callerLeft) {
                // Asterisk still bridges the dead caller to the seller after the gosub: Dial says ANSWER, then HANGUP
                callerLeg.hangUpByCue(hangUp.get().cue());
                endLeg(leg);
                return dialEnded(callerLeg, "ANSWER", -1, true);
            }
            if (leg.isDead()) {
                // the called party hung up inside the gosub: bridged to a dead leg, Dial returns at once, caller still
                // up
                endLeg(leg);
                return dialEnded(callerLeg, "ANSWER", -1, false);
            }
        }
        long elapsed = clock.nowAudio() - startAudio;
        if (hangUpAt <= elapsed) {
            callerLeg.hangUpByCue(hangUp.get().cue());
            endLeg(leg);
            return dialEnded(callerLeg, "ANSWER", -1, true);
        }
        connected.add(winner);
        musicEndAudio = clock.nowAudio();
        // bridging answers the caller channel if the flow had not
        callerLeg.markUp();
        long talkStartAudio = clock.nowAudio();
        long callerLeaves = hangUpAt == Long.MAX_VALUE ? Long.MAX_VALUE : hangUpAt - elapsed;
        long transferAt = endpoint.transferTo().isEmpty()
                ? Long.MAX_VALUE
                : endpoint.transferAfter().toNanos();
        long talkEnds = Math.min(endpoint.talk().toNanos(), Math.min(callerLeaves, transferAt));
        clock.sleepUntilAudio(talkStartAudio + talkEnds);
        endLeg(leg);
        if (talkEnds == callerLeaves) {
            callerLeg.hangUpByCue(hangUp.get().cue());
            return dialEnded(callerLeg, "ANSWER", -1, true);
        }
        if (talkEnds == transferAt) {
            callerLeg.redirect(endpoint.transferTo());
            return dialEnded(callerLeg, "ANSWER", -1, true);
        }
        // the called party hung up: Dial returns -1 yet the caller is still up (transcript 07)
        return dialEnded(callerLeg, "ANSWER", -1, false);
    }

    private SimChannel newCalledChannel(SimChannel callerLeg, String dialString, Endpoint endpoint) {
        long sequence = fake.nextChannelSequence();
        String name = dialString.startsWith("Local/")
                ? String.format("%s-%08x;1", dialString, sequence)
                : String.format("%s-%08x", dialString, sequence);
        long epoch = settings.clock().instant().getEpochSecond();
        // Dial gives the called leg the caller's connected line as its caller id (transcript 07)
        SimChannel leg = new SimChannel(
                name,
                fake.nextUniqueId(epoch),
                callerLeg.linkedId,
                callerLeg.connectedNumber,
                "",
                callerLeg.callerNumber,
                callerLeg.language,
                callerLeg.cdrStart,
                threadId(0),
                clock.nowAudio(),
                epoch,
                endpoint.cues());
        leg.extension = "s";
        leg.priority = 1;
        leg.markUp();
        callerLeg.inheritInto(leg);
        register(leg);
        return leg;
    }

    private void endLeg(SimChannel leg) {
        leg.hangUp(SimChannel.CAUSE_NORMAL_CLEARING);
        endedLegs.add(leg);
    }

    private DialResult dialEnded(SimChannel callerLeg, String status, int result, boolean hangupEvent) {
        // Dial without its d option hears no keys from the caller: keys pressed meanwhile are lost
        callerLeg.loseKeysPressedBy(clock.nowAudio());
        callerLeg.set("DIALSTATUS", status);
        dialStatuses.add(status);
        // DIALEDTIME and ANSWEREDTIME are the caller channel's age, a trap the README documents
        long ageNanos = clock.nowAudio() - callerLeg.createdAudio;
        String seconds = Long.toString(ageNanos / 1_000_000_000L);
        String millis = Long.toString(ageNanos / 1_000_000L);
        callerLeg.set("DIALEDTIME", seconds);
        callerLeg.set("DIALEDTIME_MS", millis);
        if (status.equals("ANSWER")) {
            callerLeg.set("ANSWEREDTIME", seconds);
            callerLeg.set("ANSWEREDTIME_MS", millis);
        }
        return new DialResult(result, hangupEvent);
    }

    /** Whether Dial's options (outside any parentheses) include the one-letter option {@code letter}. */
    private static boolean hasOption(String options, char letter) {
        int depth = 0;
        for (int i = 0; i < options.length(); i++) {
            char c = options.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (depth == 0 && c == letter) {
                return true;
            }
        }
        return false;
    }

    /** The class of the m(...) option, "" without it. */
    private static String musicClassOf(String options) {
        int start = options.indexOf("m(");
        int end = start < 0 ? -1 : options.indexOf(')', start);
        return end < 0 ? "" : options.substring(start + 2, end);
    }

    /** The U(...) option's contents split at '^': subroutine first, then its arguments; empty without U(). */
    private static List<String> gosubOf(String options) {
        int start = options.indexOf("U(");
        if (start < 0) {
            return List.of();
        }
        int depth = 0;
        for (int i = start + 1; i < options.length(); i++) {
            char c = options.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return List.of(options.substring(start + 2, i).split("\\^", -1));
            }
        }
        return List.of(options.substring(start + 2).split("\\^", -1));
    }

    private static List<String> splitTopLevel(String text, char separator) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == separator && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }
}
