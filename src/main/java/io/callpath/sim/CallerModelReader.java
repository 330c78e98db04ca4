package io.callpath.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads a {@link CallerModel} from YAML plus {@code key=value} overrides, over {@link #DEFAULTS}.
 * Every problem names its dotted key; all of them are reported at once.
 */
public final class CallerModelReader {

    private static final String DIGITS = "keys.digits.";
    private static final String PROMPTS = "pbx.prompts.";

    /** Every key with its default, in the order a model file lists them. */
    public static final Map<String, String> DEFAULTS = defaults();

    private CallerModelReader() {}

    private static Map<String, String> defaults() {
        Map<String, String> values = new LinkedHashMap<>();
        // Most callers who know what they want press as soon as the promo names the key; see BENCHMARKS.md.
        values.put("keys.inPromo", "0.5");
        values.put("keys.inMenu", "0.3");
        values.put("keys.promoAfter", "2s..10s");
        values.put("keys.menuAfter", "1s..3s");
        values.put(DIGITS + "1", "0.7");
        values.put(DIGITS + "2", "0.15");
        values.put(DIGITS + "0", "0.1");
        values.put(DIGITS + "9", "0.05");
        values.put("hangUp.share", "0.15");
        values.put("hangUp.after", "5s..60s");
        values.put("repeatShare", "0.1");
        values.put("sellers.answerAfter", "2s..8s");
        values.put("sellers.missShare", "0.1");
        values.put("sellers.acceptShare", "0.9");
        values.put("sellers.talk", "20s..60s");
        values.put("assistants.answerAfter", "2s..6s");
        values.put("assistants.busyShare", "0.2");
        values.put("assistants.talk", "25s");
        values.put("assistants.transferTo", "sales");
        values.put(PROMPTS + "callpath/menu", "4s");
        // the greeting of a while-ringing line, as long as asterisk-config/sounds/en/callpath/greeting.wav
        values.put(PROMPTS + "callpath/greeting", "2665ms");
        values.put(PROMPTS + "callpath/no-input", "2s");
        values.put(PROMPTS + "callpath/invalid", "2s");
        values.put(PROMPTS + "callpath/after-hours", "5s");
        values.put(PROMPTS + "callpath/line-main", "1s");
        values.put(PROMPTS + "callpath/dept-sales", "1s");
        values.put(PROMPTS + "callpath/dept-service", "1s");
        values.put(PROMPTS + "callpath/accept", "2s");
        values.put(PROMPTS + "callpath/connecting", "2s");
        values.put(PROMPTS + "handbook/silence", "0s");
        values.put(PROMPTS + "handbook/hold", "8s");
        // the offered callback and the callback whisper, as long as their files in asterisk-config/sounds/en/callpath
        values.put(PROMPTS + "callpath/callback-offer", "2196ms");
        values.put(PROMPTS + "callpath/callback-queued", "3503ms");
        values.put(PROMPTS + "callpath/callback", "2859ms");
        // Assumptions, not measurements: half of the callers offered a callback take it; 60% of called-back callers
        // answer an attempt, after 5-20 s of ringing (speed-to-lead studies report far lower rates for web leads).
        values.put("callbacks.takeOffer", "0.5");
        values.put("callbacks.answerShare", "0.6");
        values.put("callbacks.answerAfter", "5s..20s");
        return Collections.unmodifiableMap(values);
    }

    /**
     * The model from YAML text (empty for defaults only) and overrides ({@code keys.inPromo -> 0.4}), which win.
     * A {@code keys.digits} or {@code pbx.prompts} map in the file replaces the default one; overrides add to it.
     *
     * @throws IllegalArgumentException listing every problem, each with its key
     */
    public static CallerModel read(String yaml, Map<String, String> overrides) {
        List<String> problems = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        Map<String, String> fromFile = flatten(yaml, problems);
        if (fromFile.keySet().stream().anyMatch(key -> key.startsWith(DIGITS))) {
            values.keySet().removeIf(key -> key.startsWith(DIGITS));
        }
        values.putAll(fromFile);
        values.putAll(overrides);
        for (String key : values.keySet()) {
            boolean known = DEFAULTS.containsKey(key) || key.startsWith(DIGITS) || key.startsWith(PROMPTS);
            if (!known) {
                problems.add(key + ": unknown key; known keys are " + String.join(", ", knownKeys()));
            }
        }
        Values read = new Values(values, problems);
        double inPromo = read.share("keys.inPromo");
        double inMenu = read.share("keys.inMenu");
        if (inPromo + inMenu > 1 + 1e-9) {
            problems.add("keys.inPromo + keys.inMenu: add up to " + (inPromo + inMenu)
                    + ", more than 1; the rest (1 - both) are callers who never press");
        }
        Map<Character, Double> digits = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (!key.startsWith(DIGITS)) {
                return;
            }
            String digit = key.substring(DIGITS.length());
            if (digit.length() != 1 || "0123456789*#".indexOf(digit.charAt(0)) < 0) {
                problems.add(key + ": '" + digit + "' is not a key; use one of 0-9, * or # (quote it: \"1\": 0.7)");
                return;
            }
            digits.put(digit.charAt(0), read.share(key));
        });
        boolean digitKeyRefused = problems.stream().anyMatch(problem -> problem.startsWith(DIGITS));
        if (!digitKeyRefused
                && digits.values().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
            problems.add("keys.digits: needs at least one key with a weight above 0, e.g. \"1\": 0.7");
        }
        Map<String, Duration> prompts = new LinkedHashMap<>();
        values.keySet().stream()
                .filter(key -> key.startsWith(PROMPTS))
                .forEach(key -> prompts.put(key.substring(PROMPTS.length()), read.duration(key)));
        String transferTo = values.get("assistants.transferTo").trim();
        if (transferTo.isEmpty()) {
            problems.add("assistants.transferTo: is empty; name the department the assistant transfers to, e.g. sales");
        }
        CallerModel model = new CallerModel(
                inPromo,
                inMenu,
                read.span("keys.promoAfter"),
                read.span("keys.menuAfter"),
                digits,
                read.share("hangUp.share"),
                read.span("hangUp.after"),
                read.share("repeatShare"),
                read.span("sellers.answerAfter"),
                read.share("sellers.missShare"),
                read.share("sellers.acceptShare"),
                read.span("sellers.talk"),
                read.span("assistants.answerAfter"),
                read.share("assistants.busyShare"),
                read.span("assistants.talk"),
                transferTo,
                prompts,
                read.share("callbacks.takeOffer"),
                read.share("callbacks.answerShare"),
                read.span("callbacks.answerAfter"));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("caller model has " + problems.size() + " problem"
                    + (problems.size() == 1 ? "" : "s") + ":\n  " + String.join("\n  ", problems));
        }
        return model;
    }

    /** The model as a YAML file {@link #read} reads back to an equal model, with a comment per section. */
    public static String write(CallerModel model) {
        StringBuilder yaml = new StringBuilder();
        yaml.append(
                "# callpath simulate caller model. Shares are fractions 0..1; times are audio time: 500ms, 3s, 2m\n");
        yaml.append("# or a range 2s..8s drawn uniformly per call.\n");
        yaml.append("keys:            # who presses a key, and when; the rest (1 - inPromo - inMenu) never press\n");
        yaml.append("  inPromo: ").append(model.pressInPromo()).append('\n');
        yaml.append("  inMenu: ").append(model.pressInMenu()).append('\n');
        yaml.append("  promoAfter: ").append(model.promoKeyAfter()).append("   # since the call started\n");
        yaml.append("  menuAfter: ").append(model.menuKeyAfter()).append("    # since the menu prompt started\n");
        yaml.append(
                "  digits:         # which key, by weight; a key the menu lacks is invalid, 0 asks for the assistant\n");
        model.digits()
                .forEach((digit, weight) -> yaml.append("    \"")
                        .append(digit)
                        .append("\": ")
                        .append(weight)
                        .append('\n'));
        yaml.append(
                "hangUp:          # callers with limited patience hang up this long after arriving, in whatever phase\n");
        yaml.append("  share: ").append(model.hangUpShare()).append('\n');
        yaml.append("  after: ").append(model.patience()).append('\n');
        yaml.append("repeatShare: ")
                .append(model.repeatShare())
                .append("   # calls that are an earlier caller calling again\n");
        yaml.append("sellers:\n");
        yaml.append("  answerAfter: ").append(model.sellerAnswerAfter()).append('\n');
        yaml.append("  missShare: ").append(model.sellerMissShare()).append("     # a seller's phone rings out\n");
        yaml.append("  acceptShare: ")
                .append(model.sellerAcceptShare())
                .append("   # presses the accept key in the whisper\n");
        yaml.append("  talk: ").append(model.sellerTalk()).append('\n');
        yaml.append("assistants:\n");
        yaml.append("  answerAfter: ").append(model.assistantAnswerAfter()).append('\n');
        yaml.append("  busyShare: ").append(model.assistantBusyShare()).append('\n');
        yaml.append("  talk: ").append(model.assistantTalk()).append("        # questions before the blind transfer\n");
        yaml.append("  transferTo: ").append(model.assistantTransferTo()).append('\n');
        yaml.append("callbacks:       # assumptions for lines with callback: (see README, Callbacks)\n");
        yaml.append("  takeOffer: ")
                .append(model.callbackTakeOffer())
                .append("    # press * when offered a callback\n");
        yaml.append("  answerShare: ")
                .append(model.callbackAnswerShare())
                .append("  # a called-back caller answers an attempt\n");
        yaml.append("  answerAfter: ").append(model.callbackAnswerAfter()).append('\n');
        yaml.append("pbx:\n");
        yaml.append(
                "  prompts:        # lengths on the fake PBX; an informer not listed lasts its configured budget\n");
        model.prompts()
                .forEach((name, length) -> yaml.append("    \"")
                        .append(name)
                        .append("\": ")
                        .append(ModelText.duration(length))
                        .append('\n'));
        return yaml.toString();
    }

    /** {@code key=value} as given to {@code --set}. */
    public static Map.Entry<String, String> override(String assignment) {
        int equals = assignment.indexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException(
                    "--set '" + assignment + "' must look like key=value, e.g. keys.inPromo=0.4");
        }
        return Map.entry(
                assignment.substring(0, equals).trim(),
                assignment.substring(equals + 1).trim());
    }

    private static List<String> knownKeys() {
        List<String> keys = new ArrayList<>();
        for (String key : DEFAULTS.keySet()) {
            String shown =
                    key.startsWith(DIGITS) ? "keys.digits.<key>" : key.startsWith(PROMPTS) ? "pbx.prompts.<name>" : key;
            if (!keys.contains(shown)) {
                keys.add(shown);
            }
        }
        return keys;
    }

    /** Mappings become dotted keys; {@code keys.digits} and {@code pbx.prompts} keep their own keys whole. */
    private static Map<String, String> flatten(String yaml, List<String> problems) {
        Map<String, String> flat = new LinkedHashMap<>();
        if (yaml.isBlank()) {
            return flat;
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (IOException notYaml) {
            problems.add("(file): is not valid YAML: "
                    + notYaml.getMessage().lines().findFirst().orElse(""));
            return flat;
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return flat;
        }
        if (!root.isObject()) {
            problems.add("(file): must be a mapping of keys, e.g. `keys:` with `inPromo: 0.3` below it");
            return flat;
        }
        flattenInto("", root, flat, problems);
        return flat;
    }

    private static void flattenInto(String prefix, JsonNode node, Map<String, String> flat, List<String> problems) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = prefix + field.getKey();
            JsonNode value = field.getValue();
            if (value.isObject() && !(key + ".").equals(DIGITS) && !(key + ".").equals(PROMPTS)) {
                flattenInto(key + ".", value, flat, problems);
            } else if (value.isObject()) {
                value.properties().forEach(entry -> {
                    if (entry.getValue().isValueNode()) {
                        flat.put(key + "." + entry.getKey(), entry.getValue().asText());
                    } else {
                        problems.add(key + "." + entry.getKey() + ": must be a single value");
                    }
                });
            } else if (value.isValueNode() && !value.isNull()) {
                flat.put(key, value.asText());
            } else {
                problems.add(key + ": must be a single value, e.g. 0.3, 3s or 2s..8s");
            }
        }
    }

    /** Typed reads that record a problem (and return a harmless value) instead of throwing. */
    private record Values(Map<String, String> values, List<String> problems) {

        double share(String key) {
            return parsed(
                    key, ModelText::parseShare, "is not a share; write a fraction between 0 and 1, e.g. 0.25", 0.0);
        }

        Span span(String key) {
            return parsed(
                    key,
                    ModelText::parseSpan,
                    "is not a duration or span; write 3s, 500ms, 2m or a range like 2s..8s (shortest first)",
                    Span.of(Duration.ZERO));
        }

        Duration duration(String key) {
            return parsed(key, ModelText::parseDuration, "is not a duration; write 3s, 500ms or 2m", Duration.ZERO);
        }

        private <T> T parsed(String key, Function<String, Optional<T>> parser, String complaint, T fallback) {
            String text = values.getOrDefault(key, "");
            Optional<T> value = parser.apply(text);
            if (value.isEmpty()) {
                problems.add(key + ": '" + text + "' " + complaint);
                return fallback;
            }
            return value.get();
        }
    }
}
