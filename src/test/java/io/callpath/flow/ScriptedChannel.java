package io.callpath.flow;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;

/**
 * A fake call leg whose replies follow a small script: which key the caller presses at which prompt,
 * what each Dial returns, at which step the caller hangs up. Records every command it was given.
 */
final class ScriptedChannel implements Channel {

    private static final String KEY = "KEY ";
    private final CallRequest request;
    private final Map<String, Queue<Character>> keysAtPrompt = new HashMap<>();
    private final Map<String, Queue<String>> dialResults = new HashMap<>();
    private final Map<String, Queue<DialEnd>> dialEnds = new HashMap<>();
    private final Map<String, String> evaluations = new HashMap<>();
    private final Set<String> missingPrompts = new HashSet<>();
    private final Set<String> longPrompts = new HashSet<>();
    private final Map<String, String> variables = new HashMap<>();
    private final List<String> commands = new ArrayList<>();
    private final List<Duration> playBudgets = new ArrayList<>();
    private int hangUpAtStep = Integer.MAX_VALUE;
    private String hangUpAtPrompt;
    private boolean hungUp;
    /** Hung up, but Asterisk sent no HANGUP line (AGISIGHUP=no): live commands fail, {@link #hungUp()} still says no. */
    private boolean deadUnannounced;

    /** Dial's result code and the caller's channel when a scripted Dial returns. */
    enum CallerAfterDial {
        /** Still up. */
        UP,
        /** Hung up during the Dial; Asterisk's HANGUP line follows the result. */
        GONE,
        /** Hung up during the Dial, with AGISIGHUP=no: no HANGUP line, only Dial's -1 and the hang-up flag. */
        GONE_UNANNOUNCED
    }

    private record DialEnd(int result, CallerAfterDial caller) {}

    ScriptedChannel(CallRequest request) {
        this.request = request;
    }

    /** A channel variable (or function, e.g. CONNECTEDLINE(num)) readable from the start. */
    ScriptedChannel withVariable(String name, String value) {
        variables.put(name, value);
        return this;
    }

    /** The caller presses {@code key} during (or right after) the next play of {@code prompt}. */
    ScriptedChannel press(String prompt, char key) {
        keysAtPrompt.computeIfAbsent(prompt, name -> new ArrayDeque<>()).add(key);
        return this;
    }

    /** The next Dial of {@code dialString} ends with the caller's {@code key} (Dial's d option). */
    ScriptedChannel dialEndedByKey(String dialString, char key) {
        return dial(dialString, KEY + key);
    }

    /** The next Dial of {@code dialString} ends with {@code dialStatus}; unscripted Dials end NOANSWER. */
    ScriptedChannel dial(String dialString, String dialStatus) {
        return dial(dialString, dialStatus, 0, CallerAfterDial.UP);
    }

    /** The next Dial of {@code dialString} returns {@code result} with {@code dialStatus}, the caller then {@code after}. */
    ScriptedChannel dial(String dialString, String dialStatus, int result, CallerAfterDial after) {
        dialResults.computeIfAbsent(dialString, name -> new ArrayDeque<>()).add(dialStatus);
        dialEnds.computeIfAbsent(dialString, name -> new ArrayDeque<>()).add(new DialEnd(result, after));
        return this;
    }

    ScriptedChannel evaluates(String expression, String value) {
        evaluations.put(expression, value);
        return this;
    }

    ScriptedChannel missing(String prompt) {
        missingPrompts.add(prompt);
        return this;
    }

    /** The prompt is longer than any budget: it is cut by it. */
    ScriptedChannel longerThanBudget(String prompt) {
        longPrompts.add(prompt);
        return this;
    }

    /** The caller hangs up while the {@code step}-th command (1-based) runs. */
    ScriptedChannel hangUpAtStep(int step) {
        hangUpAtStep = step;
        return this;
    }

    /** The caller hangs up while {@code prompt} plays or waits for a key. */
    ScriptedChannel hangUpAt(String prompt) {
        hangUpAtPrompt = prompt;
        return this;
    }

    List<String> commands() {
        return commands;
    }

    List<Duration> playBudgets() {
        return playBudgets;
    }

    Optional<String> variableSet(String name) {
        return Optional.ofNullable(variables.get(name));
    }

    List<String> dials() {
        return commands.stream()
                .filter(command -> command.startsWith("EXEC Dial "))
                .map(command -> command.substring(10))
                .toList();
    }

    List<String> played() {
        return commands.stream()
                .filter(command -> command.startsWith("PLAY ") || command.startsWith("READ "))
                .map(command -> command.substring(5))
                .toList();
    }

    /** Like Asterisk: after a hang-up, variable commands still work and everything else fails. */
    private void step(String command, String prompt) {
        commands.add(command);
        boolean variableCommand = command.startsWith("GET ")
                || command.startsWith("SET ")
                || command.startsWith("EVAL ")
                || command.startsWith("VERBOSE ");
        if ((hungUp || deadUnannounced) && !variableCommand) {
            hungUp = true;
            throw new CallerHungUpException(command);
        }
        if (!hungUp && (commands.size() >= hangUpAtStep || (prompt != null && prompt.equals(hangUpAtPrompt)))) {
            hungUp = true;
            throw new CallerHungUpException(command);
        }
    }

    private Optional<Character> keyAt(String prompt) {
        Queue<Character> keys = keysAtPrompt.get(prompt);
        return keys == null || keys.isEmpty() ? Optional.empty() : Optional.of(keys.remove());
    }

    @Override
    public CallRequest request() {
        return request;
    }

    @Override
    public void answer() {
        step("ANSWER", null);
    }

    @Override
    public Playback play(String prompt, String escapeDigits, Duration budget) {
        step("PLAY " + prompt, prompt);
        playBudgets.add(budget);
        if (missingPrompts.contains(prompt)) {
            return Playback.missingFile();
        }
        Optional<Character> key = keyAt(prompt);
        if (key.isPresent() && escapeDigits.indexOf(key.get()) >= 0) {
            return Playback.interruptedBy(key.get());
        }
        return longPrompts.contains(prompt) ? Playback.budgetExhausted() : Playback.playedOut();
    }

    @Override
    public Optional<Character> readDigit(String prompt, Duration timeout) {
        step("READ " + prompt, prompt);
        return keyAt(prompt);
    }

    @Override
    public Optional<Character> waitForDigit(Duration timeout) {
        step("WAIT " + timeout.toMillis(), null);
        return Optional.empty();
    }

    @Override
    public int exec(String application, String arguments) {
        int result = 0;
        CallerAfterDial after = CallerAfterDial.UP;
        if (application.equals("Dial") && !hungUp && !deadUnannounced) {
            String dialString = arguments.split(",", 2)[0];
            Queue<String> results = dialResults.get(dialString);
            String status = results == null || results.isEmpty() ? "NOANSWER" : results.remove();
            DialEnd end = results == null ? null : dialEnds.get(dialString).poll();
            if (end != null) {
                result = end.result();
                after = end.caller();
            }
            if (status.startsWith(KEY)) {
                // Dial's d option: the key's code is Dial's result, DIALSTATUS says CANCEL
                result = status.charAt(KEY.length());
                status = "CANCEL";
            }
            variables.put("DIALSTATUS", status);
        }
        step("EXEC " + application + " " + arguments, null);
        hungUp |= after == CallerAfterDial.GONE;
        deadUnannounced |= after == CallerAfterDial.GONE_UNANNOUNCED;
        return result;
    }

    @Override
    public Optional<String> variable(String name) {
        step("GET " + name, null);
        return Optional.ofNullable(variables.get(name));
    }

    @Override
    public Optional<String> evaluate(String expression) {
        step("EVAL " + expression, null);
        if (expression.equals("${CHANNEL(checkhangup)}") && !evaluations.containsKey(expression)) {
            return Optional.of(hungUp || deadUnannounced ? "1" : "0");
        }
        return Optional.ofNullable(evaluations.get(expression)).filter(value -> !value.isEmpty());
    }

    @Override
    public void setVariable(String name, String value) {
        step("SET " + name + "=" + value, null);
        variables.put(name, value);
    }

    @Override
    public void verbose(String message) {
        step("VERBOSE " + message, null);
    }

    @Override
    public boolean hungUp() {
        return hungUp;
    }
}
