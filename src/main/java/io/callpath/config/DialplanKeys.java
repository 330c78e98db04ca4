package io.callpath.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one-key extensions of an extensions.conf's contexts (with the contexts they include), for check-config: on a line
 * whose default department rings during the greeting, the offered callback's key must end that ringing, so it must be
 * an extension of the kit's {@code [callpath-keys-offer]}, the EXITCONTEXT callpath sets for a caller offered one.
 */
public final class DialplanKeys {

    /** The context callpath's Dial exits to (d option) for a caller offered a callback; the kit defines it. */
    public static final String OFFER_CONTEXT = "callpath-keys-offer";

    private final Map<String, Set<String>> extensions;
    private final Map<String, List<String>> includes;

    private DialplanKeys(Map<String, Set<String>> extensions, Map<String, List<String>> includes) {
        this.extensions = extensions;
        this.includes = includes;
    }

    /** Contexts, their literal extensions and their includes of {@code text}; comments ({@code ;}) are ignored. */
    public static DialplanKeys in(String text) {
        Map<String, Set<String>> extensions = new LinkedHashMap<>();
        Map<String, List<String>> includes = new LinkedHashMap<>();
        String context = "";
        for (String raw : text.split("\n")) {
            int comment = raw.indexOf(';');
            String line = (comment >= 0 ? raw.substring(0, comment) : raw).strip();
            if (line.startsWith("[") && line.indexOf(']') > 0) {
                context = line.substring(1, line.indexOf(']')).strip();
                extensions.putIfAbsent(context, new TreeSet<>());
                includes.putIfAbsent(context, new ArrayList<>());
            } else if (line.startsWith("exten") && line.contains("=>") && !context.isEmpty()) {
                String rest = line.substring(line.indexOf("=>") + 2).strip();
                int comma = rest.indexOf(',');
                extensions.get(context).add((comma < 0 ? rest : rest.substring(0, comma)).strip());
            } else if (line.startsWith("include") && line.contains("=>") && !context.isEmpty()) {
                includes.get(context).add(line.substring(line.indexOf("=>") + 2).strip());
            }
        }
        return new DialplanKeys(extensions, includes);
    }

    /** Whether {@code context} is defined. */
    public boolean defines(String context) {
        return extensions.containsKey(context);
    }

    /** The literal extensions of {@code context} and of the contexts it includes (as Dial's d option finds them). */
    public Set<String> extensionsOf(String context) {
        Set<String> found = new TreeSet<>();
        collect(context, found, new TreeSet<>());
        return found;
    }

    private void collect(String context, Set<String> found, Set<String> visited) {
        if (!visited.add(context)) {
            return;
        }
        found.addAll(extensions.getOrDefault(context, Set.of()));
        includes.getOrDefault(context, List.of()).forEach(included -> collect(included, found, visited));
    }

    static void check(CallpathConfig config, Path file, List<ConfigProblem> problems) {
        DialplanKeys dialplan;
        try {
            dialplan = in(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException unreadable) {
            problems.add(new ConfigProblem(
                    "(dialplan)",
                    file + " cannot be read (" + unreadable.getMessage() + ")",
                    "pass the extensions-callpath.conf your Asterisk loads with --dialplan FILE"));
            return;
        }
        for (int index = 0; index < config.lines().size(); index++) {
            LineConfig line = config.lines().get(index);
            if (line.ringingGreetingClass() == null || !line.callback().offers()) {
                continue;
            }
            String key = String.valueOf(line.callback().offerDigit());
            if (!dialplan.defines(OFFER_CONTEXT)) {
                problems.add(new ConfigProblem(
                        "lines[" + index + "].callback.offerAfter",
                        "offers a callback while the phones ring during the greeting, but " + file + " has no ["
                                + OFFER_CONTEXT + "] context (the offer key could not end the ringing)",
                        "copy [" + OFFER_CONTEXT + "] from asterisk-config/extensions-callpath.conf and reload the "
                                + "dialplan"));
            } else if (!dialplan.extensionsOf(OFFER_CONTEXT).contains(key)) {
                problems.add(new ConfigProblem(
                        "lines[" + index + "].callback.offerKey",
                        "'" + key + "' is not an extension of [" + OFFER_CONTEXT + "] in " + file + " (it has "
                                + dialplan.extensionsOf(OFFER_CONTEXT) + "): it would not end the ringing",
                        "add `exten => " + key + ",1,Goto(callpath-after-keys,s,1)` to [" + OFFER_CONTEXT
                                + "] and reload the dialplan, or use offerKey \"*\""));
            }
        }
    }
}
