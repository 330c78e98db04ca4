package io.callpath.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A scripted caller: who calls which number, and what they press and when they hang up.
 * Empty strings mean "let the fake choose" (ids, channel name, t0) or "unset" (caller id: sent as {@code unknown}).
 *
 * @param callerNumber  CALLERID(num), may be empty
 * @param callerName    CALLERID(name), may be empty; hostile text (newline, quotes) is passed on raw, as Asterisk does
 * @param script        path and query after {@code agi://host:port/}, not URL-encoded by the fake
 * @param arguments     agi_arg_1..N
 * @param language      agi_language
 * @param context       agi_context
 * @param extension     agi_extension (the DID for a call-tracking number)
 * @param dnid          agi_dnid, "unknown" when the trunk gives none
 * @param priority      agi_priority
 * @param channelName   agi_channel; empty = {@code PJSIP/trunk-NNNNNNNN}
 * @param uniqueId      agi_uniqueid; empty = generated
 * @param linkedId      CHANNEL(linkedid); empty = generated, one below the uniqueid like a Local pair
 * @param cdrStart      CDR(start,u), epoch seconds with micro fraction (t0); empty = the call's start on the fake's clock
 * @param threadId      agi_threadid; 0 = generated
 * @param cues          key presses and the hang-up
 * @param variables     channel variables set by the dialplan before AGI (e.g. AGISIGHUP=no)
 * @param hangupHandler whether the dialplan pushed the caller-leg hang-up handler (callpath-hangup,caller,1)
 */
public record CallerScript(
        String callerNumber,
        String callerName,
        String script,
        List<String> arguments,
        String language,
        String context,
        String extension,
        String dnid,
        int priority,
        String channelName,
        String uniqueId,
        String linkedId,
        String cdrStart,
        long threadId,
        List<Cue> cues,
        Map<String, String> variables,
        boolean hangupHandler) {

    public CallerScript {
        Objects.requireNonNull(callerNumber, "callerNumber == null");
        Objects.requireNonNull(callerName, "callerName == null");
        Objects.requireNonNull(script, "script == null");
        Objects.requireNonNull(language, "language == null");
        Objects.requireNonNull(context, "context == null");
        Objects.requireNonNull(extension, "extension == null");
        Objects.requireNonNull(dnid, "dnid == null");
        Objects.requireNonNull(channelName, "channelName == null");
        Objects.requireNonNull(uniqueId, "uniqueId == null");
        Objects.requireNonNull(linkedId, "linkedId == null");
        Objects.requireNonNull(cdrStart, "cdrStart == null");
        arguments = List.copyOf(arguments);
        cues = List.copyOf(cues);
        variables = Map.copyOf(variables);
    }

    /** A caller dialling {@code did}: script {@code incoming} with {@code agi_arg_1} = DID. */
    public static Builder calling(String did) {
        return new Builder().did(did);
    }

    /** Builds a {@link CallerScript}; every method returns the builder. */
    public static final class Builder {
        private String callerNumber = "";
        private String callerName = "";
        private String script = "incoming";
        private final List<String> arguments = new ArrayList<>();
        private String language = "en";
        private String context = "callpath-inbound";
        private String extension = "s";
        private String dnid = "unknown";
        private int priority = 1;
        private String channelName = "";
        private String uniqueId = "";
        private String linkedId = "";
        private String cdrStart = "";
        private long threadId;
        private final List<Cue> cues = new ArrayList<>();
        private final Map<String, String> variables = new LinkedHashMap<>();
        private boolean hangupHandler = true;

        /** Sets the DID: the extension, agi_dnid and agi_arg_1 of the {@code incoming} script. */
        public Builder did(String did) {
            this.extension = did;
            this.dnid = did;
            this.arguments.clear();
            this.arguments.add(did);
            return this;
        }

        public Builder from(String number, String name) {
            this.callerNumber = number;
            this.callerName = name;
            return this;
        }

        /** The AGI script path and query, with its arguments (replacing the DID argument). */
        public Builder script(String pathAndQuery, String... args) {
            this.script = pathAndQuery;
            this.arguments.clear();
            this.arguments.addAll(List.of(args));
            return this;
        }

        public Builder language(String language) {
            this.language = language;
            return this;
        }

        /** Where the AGI() sits in the dialplan. */
        public Builder dialplan(String context, String extension, int priority) {
            this.context = context;
            this.extension = extension;
            this.priority = priority;
            return this;
        }

        public Builder dnid(String dnid) {
            this.dnid = dnid;
            return this;
        }

        /** Fixes the channel's identity, e.g. to a transcript's values. */
        public Builder channel(String name, String uniqueId, String linkedId) {
            this.channelName = name;
            this.uniqueId = uniqueId;
            this.linkedId = linkedId;
            return this;
        }

        public Builder threadId(long threadId) {
            this.threadId = threadId;
            return this;
        }

        /** CDR(start,u), i.e. t0, as Asterisk formats it: {@code 1795732924.123456}. */
        public Builder cdrStart(String epochSecondsWithMicros) {
            this.cdrStart = epochSecondsWithMicros;
            return this;
        }

        public Builder variable(String name, String value) {
            variables.put(name, value);
            return this;
        }

        public Builder noHangupHandler() {
            this.hangupHandler = false;
            return this;
        }

        public Builder cue(Cue cue) {
            cues.add(cue);
            return this;
        }

        /** Press {@code digit} {@code into} the first play of {@code prompt}. */
        public Builder pressInPrompt(String prompt, Duration into, char digit) {
            return cue(Cue.pressInPrompt(prompt, into, digit));
        }

        /** Press {@code digit} one second into the next GET DATA. */
        public Builder pressInNextGetData(char digit) {
            return cue(Cue.pressInNextGetData(digit, Duration.ofSeconds(1)));
        }

        /** Press {@code digit} one second into the next WAIT FOR DIGIT. */
        public Builder pressInNextWaitForDigit(char digit) {
            return cue(Cue.pressInNextWaitForDigit(digit, Duration.ofSeconds(1)));
        }

        /** Press {@code digit} at {@code sinceStart} of the call; lost if no command is listening then. */
        public Builder pressAt(Duration sinceStart, char digit) {
            return cue(Cue.pressAt(sinceStart, digit));
        }

        public Builder hangUpAt(Duration sinceStart) {
            return cue(Cue.hangUpAt(sinceStart));
        }

        public Builder hangUpInPrompt(String prompt, Duration into) {
            return cue(Cue.hangUpInPrompt(prompt, into));
        }

        public Builder hangUpInDial(Duration into) {
            return cue(Cue.hangUpInDial(into));
        }

        public CallerScript build() {
            return new CallerScript(
                    callerNumber,
                    callerName,
                    script,
                    arguments,
                    language,
                    context,
                    extension,
                    dnid,
                    priority,
                    channelName,
                    uniqueId,
                    linkedId,
                    cdrStart,
                    threadId,
                    cues,
                    variables,
                    hangupHandler);
        }
    }
}
