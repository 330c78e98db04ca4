package io.callpath.desk;

import io.callpath.config.CallpathConfig;
import io.callpath.config.DepartmentConfig;
import io.callpath.config.LineConfig;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which dial string a desk extension stands for: {@code desk.phones} first, else the one configured dial string
 * whose resource is the extension ({@code PJSIP/201} for 201, {@code SIP/201@pbx} too).
 */
public final class DeskPhones {

    private final CallpathConfig config;

    public DeskPhones(CallpathConfig config) {
        this.config = config;
    }

    public Optional<String> assistant(String extension) {
        Set<String> dials = new LinkedHashSet<>();
        config.lines().stream()
                .map(LineConfig::assistants)
                .filter(java.util.Objects::nonNull)
                .forEach(assistants -> dials.addAll(assistants.dial()));
        return find(extension, dials);
    }

    public Optional<String> seller(String extension) {
        Set<String> dials = new LinkedHashSet<>();
        config.departments().values().stream().map(DepartmentConfig::sellers).forEach(dials::addAll);
        return find(extension, dials);
    }

    private Optional<String> find(String extension, Set<String> dials) {
        String mapped = config.desk().phones().get(extension);
        if (mapped != null) {
            return Optional.of(mapped);
        }
        return dials.stream().filter(dial -> resource(dial).equals(extension)).findFirst();
    }

    /** "PJSIP/201" -> "201"; "Local/201@phones" -> "201"; "PJSIP/trunk/sip:201@host" -> "trunk". */
    static String resource(String dial) {
        int slash = dial.indexOf('/');
        String rest = slash < 0 ? dial : dial.substring(slash + 1);
        int end = rest.length();
        for (char stop : new char[] {'@', '/'}) {
            int at = rest.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return rest.substring(0, end);
    }
}
