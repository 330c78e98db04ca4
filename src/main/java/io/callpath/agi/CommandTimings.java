package io.callpath.agi;

import java.util.Locale;
import java.util.Set;

/**
 * Told how long each AGI command took, from sending it to its reply (or failure), on the session's own thread:
 * an implementation must return at once (a counter, never I/O or a lock held across I/O).
 */
@FunctionalInterface
public interface CommandTimings {

    /** Records nothing. */
    CommandTimings NONE = (command, nanos) -> {};

    /** Applications named after {@code EXEC}; any other is reported as {@code EXEC other}, so names stay few. */
    Set<String> NAMED_APPLICATIONS = Set.of(
            "dial",
            "playback",
            "background",
            "voicemail",
            "wait",
            "read",
            "record",
            "hangup",
            "answer",
            "gosub",
            "goto",
            "set",
            "queue");

    /**
     * @param command the command's name ({@link #nameOf}): {@code STREAM FILE}, {@code GET DATA}, {@code EXEC Dial}, ...
     * @param nanos   from the write of the command to its reply, or to the failure that ended it
     */
    void completed(String command, long nanos);

    /** The command's verb without its arguments; the application too for EXEC. Never caller text. */
    static String nameOf(String commandLine) {
        String[] words = commandLine.split(" ", 4);
        String first = words[0].toUpperCase(Locale.ROOT);
        switch (first) {
            case "EXEC" -> {
                String application = words.length > 1 ? words[1] : "";
                String lower = application.toLowerCase(Locale.ROOT);
                return NAMED_APPLICATIONS.contains(lower)
                        ? "EXEC " + Character.toUpperCase(lower.charAt(0)) + lower.substring(1)
                        : "EXEC other";
            }
            case "STREAM",
                    "GET",
                    "SET",
                    "WAIT",
                    "CHANNEL",
                    "DATABASE",
                    "SAY",
                    "CONTROL",
                    "SPEECH",
                    "RECEIVE",
                    "SEND" -> {
                if (first.equals("GET") && words.length > 2 && words[1].equalsIgnoreCase("FULL")) {
                    return "GET FULL VARIABLE";
                }
                if (first.equals("WAIT") && words.length > 2) {
                    return "WAIT FOR DIGIT";
                }
                return words.length > 1 ? first + " " + words[1].toUpperCase(Locale.ROOT) : first;
            }
            case "ANSWER", "HANGUP", "NOOP", "VERBOSE", "ASYNCAGI", "TDD", "SETMUSIC", "GOSUB" -> {
                return first;
            }
            default -> {
                return "other";
            }
        }
    }
}
