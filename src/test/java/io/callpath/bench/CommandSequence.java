package io.callpath.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** The AGI commands one benchmark call sends, in order; the bare servers replay it so every peer does the same work. */
public record CommandSequence(List<String> commands) {

    /** Classpath resource used when no file is given: callpath's recorded inbound session (PeerBenchmark --record-sequence). */
    public static final String DEFAULT_RESOURCE = "/io/callpath/bench/call-sequence.txt";

    public CommandSequence {
        commands = List.copyOf(commands);
        if (commands.isEmpty()) {
            throw new IllegalArgumentException("command sequence is empty");
        }
        for (String command : commands) {
            // a newline inside a command would split it into two on the wire
            if (command.indexOf('\n') >= 0 || command.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("command contains a line break: " + command);
            }
        }
    }

    /** Reads a file of commands, one per line; blank lines and lines starting with '#' are skipped. */
    public static CommandSequence parse(String text) {
        return new CommandSequence(text.lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList());
    }

    public static CommandSequence load(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** "default" means the bundled recording; anything else is a path. */
    public static CommandSequence load(String fileOrDefault) throws IOException {
        if (!"default".equals(fileOrDefault)) {
            return load(Path.of(fileOrDefault));
        }
        try (InputStream in = Objects.requireNonNull(CommandSequence.class.getResourceAsStream(DEFAULT_RESOURCE),
                "missing resource " + DEFAULT_RESOURCE)) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
