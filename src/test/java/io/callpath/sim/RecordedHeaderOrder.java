package io.callpath.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The order of the agi_ header keys as real Asterisk 22 sent them (transcript 07 states it after each header). */
public final class RecordedHeaderOrder {

    private static final String TRANSCRIPT = "07-lifecycle-dial-U-gosub-and-hangup-handlers.txt";
    private static final String STATED = "### environment keys in order: ";

    private RecordedHeaderOrder() {}

    /** The recorded keys of a request without arguments, then agi_arg_1 to agi_arg_{@code arguments}. */
    public static List<String> withArguments(int arguments) {
        List<String> keys = new ArrayList<>(recordedWithoutArguments());
        for (int i = 1; i <= arguments; i++) {
            keys.add("agi_arg_" + i);
        }
        return keys;
    }

    private static List<String> recordedWithoutArguments() {
        Path file = Transcript.DIRECTORY.resolve(TRANSCRIPT);
        try {
            return Files.readAllLines(file).stream()
                    .filter(line -> line.contains(STATED))
                    .map(line -> Arrays.asList(line.substring(line.indexOf(STATED) + STATED.length())
                            .split(", ")))
                    .filter(keys -> keys.stream().noneMatch(key -> key.startsWith("agi_arg_")))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(file + " states no header without arguments"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
