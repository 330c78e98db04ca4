package io.callpath.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The AGI commands one benchmark call sends, per FastAGI script (incoming, answered, hangup), in order; the bare
 * servers replay them so every peer serves the same sessions with the same commands.
 */
public record CommandSequence(Map<String, List<String>> scripts) {

    /** Classpath resource used when no file is given: callpath's recorded sessions (PeerBenchmark --record-sequence). */
    public static final String DEFAULT_RESOURCE = "/io/callpath/bench/call-sequence.txt";
    /** The script a file's lines belong to before any {@code [script]} section line. */
    public static final String INBOUND_SCRIPT = "incoming";

    public CommandSequence {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        scripts.forEach((script, commands) -> copy.put(script, List.copyOf(commands)));
        scripts = Collections.unmodifiableMap(copy);
        if (!scripts.containsKey(INBOUND_SCRIPT) || scripts.get(INBOUND_SCRIPT).isEmpty()) {
            throw new IllegalArgumentException("command sequence has no " + INBOUND_SCRIPT + " commands");
        }
        for (List<String> commands : scripts.values()) {
            for (String command : commands) {
                // a newline inside a command would split it into two on the wire
                if (command.indexOf('\n') >= 0 || command.indexOf('\r') >= 0) {
                    throw new IllegalArgumentException("command contains a line break: " + command);
                }
            }
        }
    }

    /** The commands of one script, empty when the call has no such session. */
    public List<String> commands(String script) {
        return scripts.getOrDefault(script, List.of());
    }

    /** All commands of one call, over all its sessions. */
    public int commandsPerCall() {
        return scripts.values().stream().mapToInt(List::size).sum();
    }

    /** The script named in an {@code agi_network_script} value: {@code hangup?leg=caller} is script {@code hangup}. */
    public static String scriptOf(String networkScript) {
        String path = networkScript.strip();
        int query = path.indexOf('?');
        path = query < 0 ? path : path.substring(0, query);
        return path.startsWith("/") ? path.substring(1) : path;
    }

    /**
     * Reads commands, one per line; a line {@code [script]} starts that script's commands (lines before any section
     * are the inbound script's); blank lines and lines starting with '#' are skipped.
     */
    public static CommandSequence parse(String text) {
        Map<String, List<String>> scripts = new LinkedHashMap<>();
        String script = INBOUND_SCRIPT;
        for (String line : text.lines().map(String::strip).toList()) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                script = line.substring(1, line.length() - 1).strip();
                scripts.computeIfAbsent(script, name -> new ArrayList<>());
                continue;
            }
            scripts.computeIfAbsent(script, name -> new ArrayList<>()).add(line);
        }
        return new CommandSequence(scripts);
    }

    /** The text {@link #parse} reads back: one {@code [script]} section per script, after the comment lines. */
    public String format(String comment) {
        StringBuilder text = new StringBuilder();
        comment.lines().forEach(line -> text.append("# ").append(line).append('\n'));
        scripts.forEach((script, commands) -> {
            text.append('[').append(script).append("]\n");
            commands.forEach(command -> text.append(command).append('\n'));
        });
        return text.toString();
    }

    public static CommandSequence load(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** "default" means the bundled recording; anything else is a path. */
    public static CommandSequence load(String fileOrDefault) throws IOException {
        if (!"default".equals(fileOrDefault)) {
            return load(Path.of(fileOrDefault));
        }
        try (InputStream in = Objects.requireNonNull(
                CommandSequence.class.getResourceAsStream(DEFAULT_RESOURCE), "missing resource " + DEFAULT_RESOURCE)) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
