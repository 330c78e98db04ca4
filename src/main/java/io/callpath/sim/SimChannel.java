package io.callpath.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Asterisk channel as the fake models it: identity, variables and dialplan functions, state, and the
 * cues its person will act out. Used by one session thread at a time; methods are synchronized for the record.
 */
final class SimChannel {

    /** What a command does while it runs, for matching cues. */
    enum Activity {
        STREAM,
        GET_DATA,
        WAIT_FOR_DIGIT,
        DIAL,
        WAIT
    }

    /** A cue that applies to the running command, {@code offset} audio nanoseconds after the command started. */
    record CueHit(Cue cue, long offset) {}

    static final int CAUSE_NORMAL_CLEARING = 16;
    private static final Pattern FUNCTION = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\((.*)\\)");

    final String name;
    final String uniqueId;
    final String linkedId;
    final String callerNumber;
    final String callerName;
    final String connectedNumber;
    final String language;
    final String cdrStart;
    final long threadId;
    final long createdAudio;
    final long epochSeconds;
    String context;
    String extension;
    int priority;
    private final Map<String, String> variables = new ConcurrentHashMap<>();
    private final List<Cue> cues;
    private final List<Character> lostDigits = new ArrayList<>();
    private final List<String> hangupHandlers = new ArrayList<>();
    private boolean up;
    private boolean dead;
    private int hangupCause;
    private boolean hungUpByCue;
    private String transferTarget = "";
    // variables set as _NAME (1: the next channel Dial creates) or __NAME (2: every channel down the line)
    private final Map<String, Integer> inheritable = new ConcurrentHashMap<>();
    private Function<String, Optional<SimChannel>> otherChannels = nameOrUniqueId -> Optional.empty();
    private LongSupplier audioNow = () -> 0L;
    private long hangsUpAtAudio = Long.MAX_VALUE;

    SimChannel(
            String name,
            String uniqueId,
            String linkedId,
            String callerNumber,
            String callerName,
            String connectedNumber,
            String language,
            String cdrStart,
            long threadId,
            long createdAudio,
            long epochSeconds,
            List<Cue> cues) {
        this.name = name;
        this.uniqueId = uniqueId;
        this.linkedId = linkedId;
        this.callerNumber = callerNumber;
        this.callerName = callerName;
        this.connectedNumber = connectedNumber;
        this.language = language;
        this.cdrStart = cdrStart;
        this.threadId = threadId;
        this.createdAudio = createdAudio;
        this.epochSeconds = epochSeconds;
        this.cues = new ArrayList<>(cues);
    }

    /** Lets IMPORT() find the call's other channels, and CHANNEL(checkhangup) read the call's audio clock. */
    void attach(Function<String, Optional<SimChannel>> channelsByNameOrUniqueId, LongSupplier callAudioNow) {
        this.otherChannels = channelsByNameOrUniqueId;
        this.audioNow = callAudioNow;
    }

    /** The person will hang up at {@code audio} while another channel runs (a caller during the seller's whisper). */
    synchronized void hangsUpAt(long audio) {
        hangsUpAtAudio = audio;
    }

    synchronized void noPendingHangUp() {
        hangsUpAtAudio = Long.MAX_VALUE;
    }

    /** CHANNEL(checkhangup): hung up, or due to by now while its own thread is busy elsewhere (Dial in autoservice). */
    synchronized boolean checkHangup() {
        return dead || audioNow.getAsLong() >= hangsUpAtAudio;
    }

    /** Dial copies _X (as X) and __X (as __X) to the channel it creates, as Asterisk's variable inheritance does. */
    void inheritInto(SimChannel child) {
        inheritable.forEach((name, level) -> variables.computeIfPresent(name, (key, value) -> {
            child.set(level == 2 ? "__" + name : name, value);
            return value;
        }));
    }

    String type() {
        int slash = name.indexOf('/');
        return slash < 0 ? name : name.substring(0, slash);
    }

    synchronized boolean isUp() {
        return up;
    }

    synchronized void markUp() {
        up = true;
    }

    synchronized boolean isDead() {
        return dead;
    }

    synchronized void hangUp(int cause) {
        if (!dead) {
            dead = true;
            hangupCause = cause;
        }
    }

    /** The person on this channel hung up (their cue fired). */
    synchronized void hangUpByCue(Cue cue) {
        cues.remove(cue);
        hungUpByCue = true;
        hangUp(CAUSE_NORMAL_CLEARING);
    }

    synchronized boolean hungUpByCue() {
        return hungUpByCue;
    }

    /** A blind transfer: the AGI sees a hang-up, the channel goes on in the department's handoff context. */
    synchronized void redirect(String department) {
        dead = true;
        transferTarget = department;
    }

    /** Takes the pending transfer target, empty if none; a non-empty result revives the channel in the handoff context. */
    synchronized String takeTransfer() {
        String target = transferTarget;
        transferTarget = "";
        if (!target.isEmpty()) {
            dead = false;
            context = "callpath-handoff";
            extension = target;
            priority = 1;
        }
        return target;
    }

    synchronized List<String> hangupHandlers() {
        return List.copyOf(hangupHandlers);
    }

    synchronized void pushHangupHandler(String location) {
        hangupHandlers.add(location);
    }

    synchronized List<Character> lostDigits() {
        return List.copyOf(lostDigits);
    }

    Map<String, String> variables() {
        return Map.copyOf(variables);
    }

    /** SET VARIABLE: plain variables, plus the few functions the fake understands. */
    void set(String variable, String value) {
        if (variable.equalsIgnoreCase("CHANNEL(hangup_handler_push)")) {
            pushHangupHandler(value);
            return;
        }
        if (variable.startsWith("_")) {
            String bare = variable.startsWith("__") ? variable.substring(2) : variable.substring(1);
            inheritable.put(bare, variable.startsWith("__") ? 2 : 1);
            variables.put(bare, value);
            return;
        }
        variables.put(variable, value);
    }

    /** GET VARIABLE: a variable, a built-in or a function; empty when unset or unknown. */
    Optional<String> value(String variable) {
        Matcher call = FUNCTION.matcher(variable);
        if (call.matches()) {
            return function(call.group(1).toUpperCase(Locale.ROOT), call.group(2));
        }
        String set = variables.get(variable);
        if (set != null) {
            return Optional.of(set);
        }
        return builtin(variable);
    }

    private Optional<String> builtin(String variable) {
        return switch (variable) {
            case "UNIQUEID" -> Optional.of(uniqueId);
            case "CHANNEL" -> Optional.of(name);
            case "HANGUPCAUSE" -> Optional.of(Integer.toString(currentCause()));
            case "EPOCH" -> Optional.of(Long.toString(epochSeconds));
            case "EXTEN" -> Optional.of(extension);
            case "CONTEXT" -> Optional.of(context);
            case "PRIORITY" -> Optional.of(Integer.toString(priority));
            default -> Optional.empty();
        };
    }

    private synchronized int currentCause() {
        return hangupCause;
    }

    private Optional<String> function(String function, String argument) {
        String arg = argument.trim().toLowerCase(Locale.ROOT);
        return switch (function) {
            case "CALLERID" ->
                switch (arg) {
                    case "num", "number" -> Optional.of(callerNumber);
                    case "name" -> Optional.of(callerName);
                    case "all" -> Optional.of("\"" + callerName + "\" <" + callerNumber + ">");
                    default -> Optional.empty();
                };
            case "CONNECTEDLINE" ->
                switch (arg) {
                    case "num", "number" -> Optional.of(connectedNumber);
                    case "name" -> Optional.of("");
                    default -> Optional.empty();
                };
            case "CHANNEL" ->
                switch (arg) {
                    case "linkedid" -> Optional.of(linkedId);
                    case "name" -> Optional.of(name);
                    case "uniqueid" -> Optional.of(uniqueId);
                    case "state" -> Optional.of(isUp() ? "Up" : "Ring");
                    case "language" -> Optional.of(language);
                    case "checkhangup" -> Optional.of(checkHangup() ? "1" : "0");
                    default -> Optional.empty();
                };
            case "IMPORT" -> importFrom(argument);
            case "CDR" -> arg.startsWith("start") ? Optional.of(cdrStart) : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** IMPORT(channel,expression): the expression evaluated on another channel; empty when there is no such channel. */
    private Optional<String> importFrom(String argument) {
        int comma = argument.indexOf(',');
        if (comma < 0) {
            return Optional.of("");
        }
        String expression = argument.substring(comma + 1);
        return Optional.of(otherChannels
                .apply(argument.substring(0, comma).trim())
                .map(other -> other.expand("${" + expression + "}"))
                .orElse(""));
    }

    /** GET FULL VARIABLE / AGIEXECFULL: expands every ${...} (nested allowed); unknown names become empty. */
    String expand(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("${", i)) {
                int end = matchingBrace(text, i + 2);
                if (end < 0) {
                    out.append(text, i, text.length());
                    break;
                }
                String inner = expand(text.substring(i + 2, end));
                out.append(value(inner).orElse(""));
                i = end + 1;
            } else {
                out.append(text.charAt(i));
                i++;
            }
        }
        return out.toString();
    }

    private static int matchingBrace(String text, int from) {
        int depth = 1;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The cues that apply to a command starting now. Anchored cues (prompt, next GET DATA...) are taken by the
     * command whether or not it lasts long enough for them; channel-time keys already in the past are lost.
     */
    synchronized List<CueHit> cuesFor(
            Activity activity, String prompt, boolean listensForKeys, long commandStartAudio) {
        List<CueHit> hits = new ArrayList<>();
        Iterator<Cue> pending = cues.iterator();
        while (pending.hasNext()) {
            Cue cue = pending.next();
            long offset = cue.offset().toNanos();
            boolean taken = switch (cue.anchor()) {
                case CHANNEL_TIME -> false;
                case IN_PROMPT ->
                    (activity == Activity.STREAM || activity == Activity.GET_DATA)
                            && cue.prompt().equals(prompt);
                // a Dial that listens for keys (d option) plays the greeting as its music: it is the menu prompt
                case NEXT_GET_DATA -> activity == Activity.GET_DATA || (activity == Activity.DIAL && listensForKeys);
                case NEXT_WAIT_FOR_DIGIT -> activity == Activity.WAIT_FOR_DIGIT;
                case NEXT_KEY_COMMAND -> listensForKeys;
                case IN_DIAL -> activity == Activity.DIAL;
            };
            if (taken) {
                pending.remove();
                hits.add(new CueHit(cue, offset));
            } else if (cue.anchor() == Cue.Anchor.CHANNEL_TIME) {
                long at = createdAudio + offset - commandStartAudio;
                if (at >= 0) {
                    hits.add(new CueHit(cue, at));
                } else if (cue.action() == Cue.Action.HANG_UP) {
                    hits.add(new CueHit(cue, 0));
                } else {
                    pending.remove();
                    lostDigits.add(cue.digit());
                }
            }
        }
        hits.sort(Comparator.comparingLong(CueHit::offset));
        return hits;
    }

    /**
     * Keys pressed by the clock up to {@code nowAudio} while a command that does not listen for them ran (Dial: the
     * caller cannot choose while phones ring): they are lost, as on Asterisk.
     */
    synchronized void loseKeysPressedBy(long nowAudio) {
        Iterator<Cue> pending = cues.iterator();
        while (pending.hasNext()) {
            Cue cue = pending.next();
            if (cue.action() == Cue.Action.PRESS
                    && cue.anchor() == Cue.Anchor.CHANNEL_TIME
                    && createdAudio + cue.offset().toNanos() <= nowAudio) {
                pending.remove();
                lostDigits.add(cue.digit());
            }
        }
    }

    /** A channel-time cue was acted out by the running command. */
    synchronized void consumed(Cue cue) {
        cues.remove(cue);
    }

    /** When the person hangs up by the clock, in call audio time; empty if they do not. */
    synchronized OptionalLong hangUpDueAudio() {
        return cues.stream()
                .filter(c -> c.action() == Cue.Action.HANG_UP && c.anchor() == Cue.Anchor.CHANNEL_TIME)
                .mapToLong(c -> createdAudio + c.offset().toNanos())
                .min();
    }

    synchronized Optional<Cue> dueHangUp(long nowAudio) {
        return cues.stream()
                .filter(c -> c.action() == Cue.Action.HANG_UP && c.anchor() == Cue.Anchor.CHANNEL_TIME)
                .filter(c -> createdAudio + c.offset().toNanos() <= nowAudio)
                .findFirst();
    }
}
