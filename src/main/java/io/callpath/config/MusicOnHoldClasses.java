package io.callpath.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The classes a musiconhold.conf defines, for check-config: a while-ringing line's music class must be one of them. */
public final class MusicOnHoldClasses {

    private static final Pattern SECTION = Pattern.compile("^\\s*\\[([^\\]]+)\\]");

    private MusicOnHoldClasses() {}

    /** Section names of {@code text} except {@code [general]}; comments ({@code ;}) are ignored. */
    public static Set<String> in(String text) {
        Set<String> classes = new LinkedHashSet<>();
        for (String line : text.split("\n")) {
            int comment = line.indexOf(';');
            Matcher section = SECTION.matcher(comment >= 0 ? line.substring(0, comment) : line);
            if (section.find() && !section.group(1).trim().equalsIgnoreCase("general")) {
                classes.add(section.group(1).trim());
            }
        }
        return classes;
    }

    static void check(CallpathConfig config, Path file, List<ConfigProblem> problems) {
        Set<String> classes;
        try {
            classes = in(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException unreadable) {
            problems.add(new ConfigProblem(
                    "(musiconhold)",
                    file + " cannot be read (" + unreadable.getMessage() + ")",
                    "pass the musiconhold.conf your Asterisk loads with --music-on-hold FILE"));
            return;
        }
        for (int index = 0; index < config.lines().size(); index++) {
            LineConfig line = config.lines().get(index);
            String musicClass = line.ringingMusicClass();
            if (musicClass != null && !musicClass.isBlank() && !classes.contains(musicClass)) {
                problems.add(new ConfigProblem(
                        "lines[" + index + "].informer.musicClass",
                        "class '" + musicClass + "' is not defined in " + file + " (it has " + classes + ")",
                        "add a [" + musicClass + "] section that plays the promo (mode=files, directory=...; "
                                + "see asterisk-config/musiconhold.conf), or use one of its classes"));
            }
            String greetingClass = line.ringingGreetingClass();
            if (greetingClass != null && !classes.contains(greetingClass)) {
                problems.add(new ConfigProblem(
                        "lines[" + index + "].informer.greetingClass",
                        "class '" + greetingClass + "' is not defined in " + file + " (it has " + classes + ")",
                        "add a [" + greetingClass + "] section that plays the greeting, then the promo (mode=files, "
                                + "sort=alpha; see asterisk-config/musiconhold.conf), or use one of its classes"));
            }
        }
    }
}
