package io.callpath.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A recorded transcript: per connection, the header and each command with Asterisk's answer. The ones the tests
 * need are copied byte for byte from {@code ../shared/asterisk/transcripts} into
 * {@code src/test/resources/io/callpath/sim/transcripts}, so a clone tests itself.
 */
record Transcript(String name, List<Connection> connections) {

    static final Path DIRECTORY = resourceDirectory();
    /** Where the recordings were made; only there on the machine that has the shared Asterisk material. */
    static final Path ORIGINALS = Path.of("..", "shared", "asterisk", "transcripts");

    private static Path resourceDirectory() {
        try {
            return Path.of(Transcript.class.getResource("transcripts").toURI());
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw new IllegalStateException(
                    "the transcripts are missing from the test classpath "
                            + "(src/test/resources/io/callpath/sim/transcripts)",
                    e);
        }
    }

    private static final Pattern LINE = Pattern.compile("^\\[\\S+ \\+\\s*([0-9.]+)s\\] (<<<|>>>|###) (.*)$");

    /** One FastAGI connection of the recording. */
    record Connection(String script, byte[] header, List<Step> steps) {}

    /**
     * The server sent {@code command} at {@code atSeconds}; Asterisk answered {@code expected} before the next command.
     * {@code expectEndOfStream}: Asterisk closed the connection after that.
     */
    record Step(double atSeconds, byte[] command, byte[] expected, boolean expectEndOfStream) {}

    static Transcript load(String prefix) throws IOException {
        try (var files = Files.list(DIRECTORY)) {
            Path file = files.filter(p -> p.getFileName().toString().startsWith(prefix + "-"))
                    .filter(p -> !p.getFileName().toString().contains("asterisk-log"))
                    .findFirst()
                    .orElseThrow(() -> new IOException("no transcript " + prefix));
            return parse(prefix, Files.readAllLines(file));
        }
    }

    static Transcript parse(String name, List<String> lines) {
        List<Connection> connections = new ArrayList<>();
        ByteArrayOutputStream header = null;
        List<Step> steps = null;
        double at = 0;
        byte[] command = null;
        ByteArrayOutputStream expected = null;
        boolean endOfStream = false;
        for (String line : lines) {
            if (line.startsWith("######## connection file") || line.isEmpty()) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String kind = m.group(2);
            if (kind.equals("###")) {
                if (m.group(3).startsWith("accepted connection")) {
                    if (command != null) {
                        steps.add(new Step(at, command, expected.toByteArray(), endOfStream));
                    }
                    if (header != null) {
                        connections.add(connection(header, steps));
                    }
                    header = new ByteArrayOutputStream();
                    steps = new ArrayList<>();
                    command = null;
                    endOfStream = false;
                }
                continue;
            }
            byte[] bytes = PythonBytes.decode(m.group(3));
            if (kind.equals(">>>")) {
                if (command != null) {
                    steps.add(new Step(at, command, expected.toByteArray(), endOfStream));
                }
                at = Double.parseDouble(m.group(1));
                command = bytes;
                expected = new ByteArrayOutputStream();
            } else if (command == null) {
                header.writeBytes(bytes);
            } else if (bytes.length == 0) {
                endOfStream = true;
            } else {
                expected.writeBytes(bytes);
            }
        }
        if (command != null) {
            steps.add(new Step(at, command, expected.toByteArray(), endOfStream));
        }
        if (header != null) {
            connections.add(connection(header, steps));
        }
        return new Transcript(name, connections);
    }

    private static Connection connection(ByteArrayOutputStream header, List<Step> steps) {
        String text = header.toString(java.nio.charset.StandardCharsets.UTF_8);
        Matcher script = Pattern.compile("agi_network_script: (.*)\n").matcher(text);
        return new Connection(script.find() ? script.group(1) : "", header.toByteArray(), List.copyOf(steps));
    }
}
