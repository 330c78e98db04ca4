package io.callpath.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Checks a loaded configuration for what would break calls; every problem names its key and a fix. */
public final class ConfigValidator {

    /** Characters that would split a Dial argument or its U() gosub arguments. */
    private static final String DIAL_FORBIDDEN = ",^()|\"\n\r";

    private static final List<String> SOUND_EXTENSIONS = List.of("wav", "gsm", "ulaw", "alaw", "sln", "g722");
    private static final String MENU_DIGITS = "123456789*#";

    private ConfigValidator() {}

    /**
     * Every problem of {@code config}; with {@code soundsDirectory}, also every prompt that has no
     * file {@code <dir>/<lang>/<name>.<ext>} for a language Asterisk will ask for.
     */
    public static List<ConfigProblem> validate(CallpathConfig config, Optional<Path> soundsDirectory) {
        return validate(config, soundsDirectory, Optional.empty());
    }

    /**
     * As {@link #validate(CallpathConfig, Optional)}; with {@code musicOnHold} (a musiconhold.conf), also every
     * while-ringing line whose music class that file does not define.
     */
    public static List<ConfigProblem> validate(
            CallpathConfig config, Optional<Path> soundsDirectory, Optional<Path> musicOnHold) {
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, Prompt> prompts = new LinkedHashMap<>();
        checkGlobal(config, problems);
        if (config.lines().isEmpty()) {
            problems.add(new ConfigProblem("lines", "has no line", "add at least one line with a name and a did"));
        }
        Map<String, String> didOwners = new HashMap<>();
        Map<String, Integer> nameIndex = new HashMap<>();
        for (int index = 0; index < config.lines().size(); index++) {
            LineConfig line = config.lines().get(index);
            String key = "lines[" + index + "]";
            Integer earlier = nameIndex.putIfAbsent(line.name(), index);
            if (earlier != null && !line.name().isEmpty()) {
                problems.add(new ConfigProblem(
                        key + ".name",
                        "line name '" + line.name() + "' is also used by lines[" + earlier + "]",
                        "give every line its own name"));
            }
            checkDialSafe(key + ".name", line.name(), problems);
            if (line.dids().isEmpty()) {
                problems.add(new ConfigProblem(
                        key + ".dids",
                        "line '" + line.name() + "' has no dialled number",
                        "add `dids: [\"5551000\"]` (the number callers dial, as Asterisk's ${EXTEN} shows it)"));
            }
            for (int didIndex = 0; didIndex < line.dids().size(); didIndex++) {
                String did = line.dids().get(didIndex);
                if (did.isBlank()) {
                    problems.add(
                            new ConfigProblem(
                                    key + ".dids[" + didIndex + "]",
                                    "is empty: no call dials an empty number",
                                    "write the number callers dial, as Asterisk's ${EXTEN} shows it, e.g. \"5551000\", or remove it"));
                    continue;
                }
                String owner = didOwners.putIfAbsent(did, line.name());
                if (owner != null) {
                    problems.add(new ConfigProblem(
                            key + ".dids[" + didIndex + "]",
                            "DID '" + did + "' is already used by line '" + owner + "'",
                            "a dialled number selects one line: remove it from one of them"));
                }
            }
            checkLine(config, line, key, problems, prompts);
        }
        config.departments()
                .forEach((name, department) ->
                        checkDepartment(department, "departments." + pathKey(name), problems, prompts));
        checkAmi(config.ami(), problems);
        checkDesk(config, problems);
        soundsDirectory.ifPresent(directory -> checkSounds(directory, prompts, problems));
        musicOnHold.ifPresent(file -> MusicOnHoldClasses.check(config, file, problems));
        return problems;
    }

    private static void checkGlobal(CallpathConfig config, List<ConfigProblem> problems) {
        problems.addAll(ServerRules.check(config.server()));
        problems.addAll(DatabaseRules.check(config.database()));
        problems.addAll(HttpRules.check(config.http()));
        Rules.positive("metrics.serviceLevelTarget", config.metrics().serviceLevelTarget(), problems);
        Rules.positive("metrics.shortAbandon", config.metrics().shortAbandon(), problems);
        Rules.positive("repeatCallers.window", config.repeatCallers().window(), problems);
        Rules.positive("repeatCallers.refreshEvery", config.repeatCallers().refreshEvery(), problems);
        if (config.repeatCallers().remembered() < 1) {
            problems.add(new ConfigProblem(
                    "repeatCallers.remembered",
                    "must be at least 1, was " + config.repeatCallers().remembered(),
                    "set it to the number of distinct callers you expect within repeatCallers.window (default "
                            + RepeatCallerSettings.defaults().remembered() + ")"));
        }
    }

    private static void checkLine(
            CallpathConfig config,
            LineConfig line,
            String key,
            List<ConfigProblem> problems,
            Map<String, Prompt> prompts) {
        List<String> departmentNames = List.copyOf(config.departments().keySet());
        if (line.informer() != null) {
            Rules.positive(key + ".informer.budget", line.informer().budget(), problems);
            prompts.put(key + ".informer.prompt", line.informer().prompt());
        }
        checkWhileRinging(config, line, key, problems);
        checkCallback(config, line, key, problems, prompts);
        MenuConfig menu = line.menu();
        Rules.positive(key + ".menu.timeout", menu.timeout(), problems);
        if (menu.retries() < 0) {
            problems.add(new ConfigProblem(key + ".menu.retries", "is " + menu.retries(), "use 0 or more"));
        }
        prompts.put(key + ".menu.prompt", menu.prompt());
        prompts.put(key + ".menu.noInputPrompt", menu.noInputPrompt());
        prompts.put(key + ".menu.invalidPrompt", menu.invalidPrompt());
        if (menu.options().isEmpty()) {
            problems.add(new ConfigProblem(
                    key + ".menu.options",
                    "has no digit",
                    "map at least one digit to a department, e.g. \"1\": sales"));
        }
        menu.options().forEach((digit, department) -> {
            String optionKey = key + ".menu.options.\"" + digit + "\"";
            if (digit.equals("0")) {
                problems.add(new ConfigProblem(
                        optionKey,
                        "digit 0 always reaches the assistants",
                        "use another digit for '" + department + "'"));
            } else if (digit.length() != 1 || MENU_DIGITS.indexOf(digit.charAt(0)) < 0) {
                problems.add(new ConfigProblem(
                        optionKey, "'" + digit + "' is not one key of a phone", "use one of 1-9, * or #"));
            }
            if (!config.departments().containsKey(department)) {
                problems.add(new ConfigProblem(
                        optionKey,
                        "department '" + department + "' is not defined",
                        "define it under departments: or use one of " + departmentNames));
            }
        });
        if (line.assistants() != null) {
            AssistantsConfig assistants = line.assistants();
            checkDialList(key + ".assistants.dial", assistants.dial(), problems);
            Rules.positive(key + ".assistants.answerTimeout", assistants.answerTimeout(), problems);
            if (assistants.whisper() != null) {
                prompts.put(key + ".assistants.whisper", assistants.whisper());
            }
        }
        if (line.overflowDepartment() != null && !config.departments().containsKey(line.overflowDepartment())) {
            problems.add(new ConfigProblem(
                    key + ".overflowDepartment",
                    "department '" + line.overflowDepartment() + "' is not defined",
                    "define it under departments: or use one of " + departmentNames));
        }
        if (line.hours() != null) {
            line.hours()
                    .weekly()
                    .forEach((day, ranges) -> ranges.forEach(range -> {
                        if (!range.end().isAfter(range.start())) {
                            problems.add(new ConfigProblem(
                                    key + ".hours.weekly." + day.name().toLowerCase(java.util.Locale.ROOT),
                                    "range " + range.start() + "-" + range.end() + " ends before it starts",
                                    "write opening-closing within one day, e.g. 09:00-18:00 (use 24:00 for midnight)"));
                        }
                    }));
        }
        AfterHoursConfig afterHours = line.afterHours();
        prompts.put(key + ".afterHours.prompt", afterHours.prompt());
        if (afterHours.action() == AfterHoursAction.VOICEMAIL) {
            if (afterHours.voicemail() == null || afterHours.voicemail().isBlank()) {
                problems.add(new ConfigProblem(
                        key + ".afterHours.voicemail",
                        "is required when action is voicemail",
                        "add `voicemail: Local/vm@voicemail` or set `action: hangup`"));
            } else {
                checkDialSafe(key + ".afterHours.voicemail", afterHours.voicemail(), problems);
            }
        }
        if (line.whisper() != null) {
            prompts.put(key + ".whisper", line.whisper());
        }
        if (line.connectingPrompt() != null) {
            prompts.put(key + ".connectingPrompt", line.connectingPrompt());
        }
    }

    private static void checkCallback(
            CallpathConfig config,
            LineConfig line,
            String key,
            List<ConfigProblem> problems,
            Map<String, Prompt> prompts) {
        CallbackConfig callback = line.callback();
        String callbackKey = key + ".callback";
        if (!callback.enabled()) {
            if (callback.offerAfter() != null) {
                problems.add(new ConfigProblem(
                        callbackKey + ".offerAfter",
                        "offers a callback but callback.enabled is false",
                        "set `enabled: true` under callback: or remove offerAfter"));
            }
            return;
        }
        String department = line.callbackDepartment();
        if (!config.departments().containsKey(department)) {
            problems.add(new ConfigProblem(
                    callbackKey + ".department",
                    "department '" + department + "' is not defined",
                    "define it under departments: or use one of "
                            + List.copyOf(config.departments().keySet())));
        }
        if (callback.delay().isNegative()) {
            problems.add(new ConfigProblem(callbackKey + ".delay", "is negative", "write 0s or more, e.g. 30s"));
        }
        Rules.positive(callbackKey + ".maxAttempts", callback.maxAttempts(), problems);
        Rules.positive(callbackKey + ".maxBusySellers", callback.maxBusySellers(), problems);
        Rules.positive(callbackKey + ".retryAfter", callback.retryAfter(), problems);
        Rules.positive(callbackKey + ".ringTime", callback.ringTime(), problems);
        if (callback.callerId().isBlank()) {
            problems.add(new ConfigProblem(
                    callbackKey + ".callerId",
                    "is empty and the line has no DID",
                    "write the number the called-back caller should see, e.g. callerId: \"5551000\""));
        } else {
            checkDialSafe(callbackKey + ".callerId", callback.callerId(), problems);
        }
        try {
            java.util.regex.Pattern.compile(callback.callablePattern());
        } catch (java.util.regex.PatternSyntaxException badPattern) {
            problems.add(new ConfigProblem(
                    callbackKey + ".callablePattern",
                    "is not a regular expression: " + badPattern.getDescription(),
                    "write e.g. \"\\\\+?[0-9]{6,15}\""));
        }
        if (!callback.dial().contains("{number}")) {
            problems.add(new ConfigProblem(
                    callbackKey + ".dial",
                    "'" + callback.dial() + "' has no {number}",
                    "write the dial string with {number} where the caller's number goes, e.g. PJSIP/{number}@trunk"));
        }
        checkDialSafe(callbackKey + ".dial", callback.dial(), problems);
        prompts.put(callbackKey + ".whisper", callback.whisper());
        if (callback.offers()) {
            checkOffer(line, callbackKey, problems, prompts);
        }
    }

    /** The offered callback: a wait of 0 s or more, and a key of its own that the menu does not use. */
    private static void checkOffer(
            LineConfig line, String callbackKey, List<ConfigProblem> problems, Map<String, Prompt> prompts) {
        CallbackConfig callback = line.callback();
        if (callback.offerAfter().isNegative()) {
            problems.add(new ConfigProblem(callbackKey + ".offerAfter", "is negative", "write 0s or more, e.g. 20s"));
        }
        String offerKey = callback.offerKey();
        String lineKey = callbackKey.substring(0, callbackKey.length() - ".callback".length());
        if (offerKey.equals("0")) {
            problems.add(new ConfigProblem(
                    callbackKey + ".offerKey",
                    "'0' is also the menu's key 0 (the assistants)",
                    "give the callback a key the menu does not use, e.g. " + freeKey(line)));
        } else if (offerKey.length() != 1 || MENU_DIGITS.indexOf(offerKey.charAt(0)) < 0) {
            problems.add(new ConfigProblem(
                    callbackKey + ".offerKey",
                    "'" + offerKey + "' is not one key of a phone",
                    "use one of 1-9, * or # (quoted: offerKey: \"*\")"));
        } else if (line.menu().options().containsKey(offerKey)) {
            problems.add(new ConfigProblem(
                    callbackKey + ".offerKey",
                    "'" + offerKey + "' is also the menu's key " + lineKey + ".menu.options.\"" + offerKey + "\" ("
                            + line.menu().options().get(offerKey) + ")",
                    "give the callback a key the menu does not use, e.g. " + freeKey(line)));
        }
        prompts.put(callbackKey + ".offerPrompt", callback.offerPrompt());
        prompts.put(callbackKey + ".queuedPrompt", callback.queuedPrompt());
    }

    private static String freeKey(LineConfig line) {
        for (char candidate : new char[] {'*', '#', '9', '8', '7'}) {
            if (!line.menu().options().containsKey(String.valueOf(candidate))) {
                return "\"" + candidate + "\"";
            }
        }
        return "another key";
    }

    private static void checkWhileRinging(
            CallpathConfig config, LineConfig line, String key, List<ConfigProblem> problems) {
        List<String> departmentNames = List.copyOf(config.departments().keySet());
        if (!line.promoWhileRinging()) {
            if (line.defaultDepartment() != null) {
                problems.add(new ConfigProblem(
                        key + ".defaultDepartment",
                        "is used only when informer.mode is while-ringing",
                        "set `informer: {mode: while-ringing, musicClass: ...}` or remove defaultDepartment"));
            }
            if (line.informer() != null && line.informer().greetingClass() != null) {
                problems.add(new ConfigProblem(
                        key + ".informer.greetingClass",
                        "is used only when informer.mode is while-ringing",
                        "set `mode: while-ringing` or remove greetingClass"));
            }
            return;
        }
        String greetingClass = line.informer().greetingClass();
        if (greetingClass != null) {
            checkDialSafe(key + ".informer.greetingClass", greetingClass, problems);
        }
        String musicClass = line.informer().musicClass();
        if (musicClass == null || musicClass.isBlank()) {
            problems.add(new ConfigProblem(
                    key + ".informer.musicClass",
                    "is required when informer.mode is while-ringing",
                    "name the music-on-hold class that plays the promo, e.g. `musicClass: callpath-" + line.name()
                            + "`, and define it in musiconhold.conf (see asterisk-config/musiconhold.conf)"));
        } else {
            checkDialSafe(key + ".informer.musicClass", musicClass, problems);
        }
        if (line.defaultDepartment() == null || line.defaultDepartment().isBlank()) {
            problems.add(new ConfigProblem(
                    key + ".defaultDepartment",
                    "is required when informer.mode is while-ringing",
                    "name the department that rings when the caller presses no key, e.g. `defaultDepartment: "
                            + (departmentNames.isEmpty() ? "sales" : departmentNames.get(0)) + "`"));
        } else if (!config.departments().containsKey(line.defaultDepartment())) {
            problems.add(new ConfigProblem(
                    key + ".defaultDepartment",
                    "department '" + line.defaultDepartment() + "' is not defined",
                    "define it under departments: or use one of " + departmentNames));
        }
    }

    private static void checkDepartment(
            DepartmentConfig department, String key, List<ConfigProblem> problems, Map<String, Prompt> prompts) {
        checkDialSafe(key, department.name(), problems);
        checkDialList(key + ".sellers", department.sellers(), problems);
        Rules.positive(key + ".ringTimeout", department.ringTimeout(), problems);
        Rules.positive(key + ".acceptTimeout", department.acceptTimeout(), problems);
        if (department.acceptKey() != null
                && (department.acceptKey().length() != 1
                        || "0123456789*#".indexOf(department.acceptKey().charAt(0)) < 0)) {
            problems.add(new ConfigProblem(
                    key + ".acceptKey",
                    "'" + department.acceptKey() + "' is not one key of a phone",
                    "use one of 0-9, * or # (quote * and #: \"#\")"));
        }
        if (department.acceptKey() != null) {
            prompts.put(key + ".acceptPrompt", department.acceptPrompt());
        }
        if (department.whisper() != null) {
            prompts.put(key + ".whisper", department.whisper());
        }
        if (department.voicemail() != null) {
            checkDialSafe(key + ".voicemail", department.voicemail(), problems);
        }
    }

    private static void checkDialList(String key, List<String> dialStrings, List<ConfigProblem> problems) {
        if (dialStrings.isEmpty()) {
            problems.add(new ConfigProblem(
                    key, "is empty: nobody would ring", "add at least one dial string, e.g. PJSIP/101"));
        }
        for (int index = 0; index < dialStrings.size(); index++) {
            String dial = dialStrings.get(index);
            if (dial.isBlank()) {
                problems.add(new ConfigProblem(
                        key + "[" + index + "]", "is empty", "write a dial string such as PJSIP/101"));
            }
            checkDialSafe(key + "[" + index + "]", dial, problems);
        }
    }

    private static void checkAmi(AmiSettings ami, List<ConfigProblem> problems) {
        if (ami.port() < 1 || ami.port() > 65535) {
            problems.add(new ConfigProblem(
                    "ami.port",
                    ami.port() + " is not a TCP port",
                    "use the port of manager.conf (" + AmiSettings.defaults().port() + " by default)"));
        }
        if (ami.host().isBlank()
                || ami.host().chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            problems.add(new ConfigProblem(
                    "ami.host",
                    "'" + ami.host().replaceAll("\\p{Cntrl}", "?") + "' is not a host",
                    "use the Asterisk server's address, 127.0.0.1 when it runs on this machine"));
        }
        for (String[] field : new String[][] {{"ami.username", ami.username()}, {"ami.secret", ami.secret()}}) {
            if (field[1].chars().anyMatch(Character::isISOControl)) {
                problems.add(new ConfigProblem(
                        field[0],
                        "contains a control character (a line break would end the manager's login)",
                        "write it on one line"));
            }
        }
    }

    private static void checkDesk(CallpathConfig config, List<ConfigProblem> problems) {
        DeskSettings desk = config.desk();
        desk.phones().forEach((extension, dial) -> checkDialSafe("desk.phones." + pathKey(extension), dial, problems));
        for (int index = 0; index < desk.transferTo().size(); index++) {
            String department = desk.transferTo().get(index);
            if (config.department(department).isEmpty()) {
                problems.add(new ConfigProblem(
                        "desk.transferTo[" + index + "]",
                        "department '" + department + "' is not defined",
                        "use one of " + config.departments().keySet()));
            }
        }
        for (int index = 0; index < desk.heardOptions().size(); index++) {
            String option = desk.heardOptions().get(index);
            if (option.isBlank() || option.length() > DeskSettings.MAX_TEXT) {
                problems.add(new ConfigProblem(
                        "desk.heardOptions[" + index + "]",
                        "must be 1-" + DeskSettings.MAX_TEXT + " characters",
                        "write a short answer such as \"a friend\""));
            }
        }
        desk.names().forEach((extension, name) -> {
            if (name.length() > DeskSettings.MAX_TEXT) {
                problems.add(new ConfigProblem(
                        "desk.names." + pathKey(extension),
                        "is longer than " + DeskSettings.MAX_TEXT + " characters",
                        "write the first name the assistant greets with"));
            }
        });
    }

    private static void checkDialSafe(String key, String value, List<ConfigProblem> problems) {
        for (char forbidden : DIAL_FORBIDDEN.toCharArray()) {
            if (value.indexOf(forbidden) >= 0) {
                problems.add(new ConfigProblem(
                        key,
                        "'" + value.replace("\n", "\\n") + "' contains "
                                + (forbidden == '\n' || forbidden == '\r' ? "a line break" : "'" + forbidden + "'")
                                + ", which would split the Dial command",
                        "remove it: dial strings and names may not contain , ^ ( ) | \" or line breaks"));
                return;
            }
        }
    }

    private static String pathKey(String name) {
        return ConfigPaths.child("", name);
    }

    private static void checkSounds(Path directory, Map<String, Prompt> prompts, List<ConfigProblem> problems) {
        if (!Files.isDirectory(directory)) {
            problems.add(new ConfigProblem(
                    "(sounds)", directory + " is not a directory", "pass the directory that holds en/, ru/ ..."));
            return;
        }
        TreeSet<String> languages = new TreeSet<>();
        try (Stream<Path> children = Files.list(directory)) {
            children.filter(Files::isDirectory)
                    .forEach(child -> languages.add(child.getFileName().toString()));
        } catch (IOException unreadable) {
            problems.add(new ConfigProblem("(sounds)", directory + " cannot be listed", "check its permissions"));
            return;
        }
        prompts.values().forEach(prompt -> languages.addAll(prompt.byLanguage().keySet()));
        if (languages.isEmpty()) {
            languages.add("en");
        }
        prompts.forEach((key, prompt) -> {
            for (String language : languages) {
                String name = prompt.forLanguage(language);
                boolean found = SOUND_EXTENSIONS.stream()
                        .anyMatch(extension ->
                                Files.isRegularFile(directory.resolve(language).resolve(name + "." + extension)));
                if (!found) {
                    problems.add(new ConfigProblem(
                            key,
                            "prompt '" + name + "' has no sound file for language '" + language + "'",
                            "add " + directory.resolve(language).resolve(name)
                                    + ".wav (or .gsm, .ulaw, .alaw, .sln, .g722)" + " or fix the name"));
                }
            }
        });
    }
}
