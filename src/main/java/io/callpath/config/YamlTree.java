package io.callpath.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.util.List;

/**
 * Reads YAML into a tree of objects, arrays and text scalars, reporting keys written twice
 * (Jackson's own tree reader silently keeps the last one, which would hide a digit used twice).
 */
final class YamlTree {

    private static final YAMLFactory FACTORY = new YAMLFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private YamlTree() {}

    static JsonNode read(Reader source, List<ConfigProblem> problems) throws IOException {
        try (JsonParser parser = FACTORY.createParser(source)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return NODES.objectNode();
            }
            return value(parser, "", problems);
        }
    }

    /** A syntax error as a problem that names its line and column (1-based, as editors count them). */
    static ConfigProblem syntaxProblem(IOException notYaml) {
        String message =
                notYaml instanceof JsonProcessingException processing && processing.getOriginalMessage() != null
                        ? processing.getOriginalMessage()
                        : String.valueOf(notYaml.getMessage());
        String reason = reasonOf(message);
        JsonLocation at = notYaml instanceof JsonProcessingException processing ? processing.getLocation() : null;
        if (at == null || at.getLineNr() < 1) {
            return new ConfigProblem("(file)", "is not valid YAML: " + reason, "fix the syntax");
        }
        return new ConfigProblem(
                "(file) line " + at.getLineNr() + ", column " + at.getColumnNr(),
                "is not valid YAML: " + reason,
                "fix the syntax at line " + at.getLineNr() + ", column " + at.getColumnNr()
                        + " (indent with spaces, quote values that hold ': ' or start with * & ! [ {)");
    }

    /**
     * SnakeYAML says "context / in 'reader', line, column / the line / caret / problem / in 'reader' ...": the problem
     * (the line before the last position) with its context, in one line.
     */
    private static String reasonOf(String message) {
        List<String> lines = message.lines().toList();
        String context = lines.isEmpty() ? "unreadable" : lines.get(0).strip();
        for (int i = lines.size() - 1; i > 0; i--) {
            if (lines.get(i).startsWith(" in '") && i >= 1 && !lines.get(i - 1).isBlank()) {
                String problem = lines.get(i - 1).strip();
                return problem.equals(context) || i - 1 == 0 ? problem : problem + " (" + context + ")";
            }
        }
        return context;
    }

    private static JsonNode value(JsonParser parser, String path, List<ConfigProblem> problems) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            ObjectNode object = NODES.objectNode();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                String keyPath = ConfigPaths.child(path, key);
                parser.nextToken();
                JsonNode child = value(parser, keyPath, problems);
                if (object.has(key)) {
                    problems.add(new ConfigProblem(
                            keyPath,
                            "is written twice (line " + parser.currentLocation().getLineNr() + ")",
                            "keep one of them"));
                } else {
                    object.set(key, child);
                }
            }
            return object;
        }
        if (token == JsonToken.START_ARRAY) {
            ArrayNode array = NODES.arrayNode();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                array.add(value(parser, path + "[" + array.size() + "]", problems));
            }
            return array;
        }
        if (token == JsonToken.VALUE_NULL) {
            return NODES.nullNode();
        }
        return NODES.textNode(parser.getText());
    }
}
