package io.callpath.kit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A read-only view of an extensions.conf file: contexts, their extensions and each priority's application. */
record Dialplan(Map<String, Map<String, String>> globalsAndOptions, List<Step> steps) {

    /** One {@code exten =>} or {@code same =>} line: context, extension pattern, label (may be empty) and application text. */
    record Step(String context, String extension, String label, String application, int lineNumber) {

        String applicationName() {
            int open = application.indexOf('(');
            return (open < 0 ? application : application.substring(0, open)).trim();
        }

        /** The top-level comma-separated arguments inside the application's parentheses. */
        List<String> arguments() {
            int open = application.indexOf('(');
            int close = application.lastIndexOf(')');
            if (open < 0 || close < open) {
                return List.of();
            }
            return splitTopLevel(application.substring(open + 1, close));
        }
    }

    static Dialplan read(Path file) throws IOException {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        List<Step> steps = new ArrayList<>();
        String context = "";
        String extension = "";
        List<String> lines = Files.readAllLines(file);
        for (int index = 0; index < lines.size(); index++) {
            String line = stripComment(lines.get(index)).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                context = line.substring(1, line.indexOf(']'));
                extension = "";
                sections.putIfAbsent(context, new LinkedHashMap<>());
                continue;
            }
            if (line.startsWith("exten")) {
                String rest = afterArrow(line);
                List<String> parts = splitFirst(rest, 3);
                extension = parts.get(0);
                steps.add(step(context, extension, parts.get(1), parts.get(2), index + 1));
            } else if (line.startsWith("same")) {
                List<String> parts = splitFirst(afterArrow(line), 2);
                steps.add(step(context, extension, parts.get(0), parts.get(1), index + 1));
            } else if (line.contains("=")) {
                int equals = line.indexOf('=');
                sections.get(context)
                        .put(
                                line.substring(0, equals).strip(),
                                line.substring(equals + 1)
                                        .replaceFirst("^>", "")
                                        .strip());
            }
        }
        return new Dialplan(sections, List.copyOf(steps));
    }

    List<Step> stepsOf(String context) {
        return steps.stream().filter(step -> step.context().equals(context)).toList();
    }

    List<Step> stepsOf(String context, String extension) {
        return steps.stream()
                .filter(step ->
                        step.context().equals(context) && step.extension().equals(extension))
                .toList();
    }

    private static Step step(String context, String extension, String priority, String application, int lineNumber) {
        // "n(done)" carries a label; the priority number itself does not matter to the checks
        String label =
                priority.contains("(") ? priority.substring(priority.indexOf('(') + 1, priority.indexOf(')')) : "";
        return new Step(context, extension, label, application.strip(), lineNumber);
    }

    private static String afterArrow(String line) {
        return line.substring(line.indexOf("=>") + 2).strip();
    }

    /** Splits off the first {@code count - 1} fields at commas; the last field keeps its commas. */
    private static List<String> splitFirst(String text, int count) {
        List<String> parts = new ArrayList<>();
        String rest = text;
        for (int field = 1; field < count; field++) {
            int comma = indexOfTopLevelComma(rest);
            parts.add(rest.substring(0, comma).strip());
            rest = rest.substring(comma + 1);
        }
        parts.add(rest.strip());
        return parts;
    }

    private static int indexOfTopLevelComma(String text) {
        int depth = 0;
        for (int index = 0; index < text.length(); index++) {
            char character = text.charAt(index);
            if (character == '(' || character == '{' || character == '[') {
                depth++;
            } else if (character == ')' || character == '}' || character == ']') {
                depth--;
            } else if (character == ',' && depth == 0) {
                return index;
            }
        }
        throw new IllegalArgumentException("no comma in: " + text);
    }

    static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int index = 0; index < text.length(); index++) {
            char character = text.charAt(index);
            if (character == '(' || character == '{') {
                depth++;
            } else if (character == ')' || character == '}') {
                depth--;
            } else if (character == ',' && depth == 0) {
                parts.add(text.substring(start, index));
                start = index + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static String stripComment(String line) {
        int semicolon = line.indexOf(';');
        return semicolon < 0 ? line : line.substring(0, semicolon);
    }
}
