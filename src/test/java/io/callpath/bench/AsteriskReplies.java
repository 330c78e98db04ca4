package io.callpath.bench;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Asterisk answers to each command of one AGI session, instantly and in the exact reply forms of
 * {@code shared/asterisk/README.md}; keeps the session's channel variables so GET VARIABLE sees SET VARIABLE.
 */
final class AsteriskReplies {

    static final String UNKNOWN_COMMAND = "510 Invalid or unknown command";
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}]*)}");

    private final Map<String, String> variables = new HashMap<>();
    private final char streamDigit;
    private final char menuDigit;
    private String dialStatus = "ANSWER";

    /**
     * @param streamDigit the key "pressed" during STREAM FILE when it is among the escape digits
     * @param menuDigit   the key returned by GET DATA and WAIT FOR DIGIT
     */
    AsteriskReplies(String linkedId, String uniqueId, String t0, String callerId, char streamDigit, char menuDigit) {
        this.streamDigit = streamDigit;
        this.menuDigit = menuDigit;
        variables.put("CHANNEL(linkedid)", linkedId);
        variables.put("UNIQUEID", uniqueId);
        variables.put("CDR(start,u)", t0);
        variables.put("CALLERID(num)", callerId);
    }

    /** A channel variable as set in this session, or empty. */
    java.util.Optional<String> variable(String name) {
        return java.util.Optional.ofNullable(variables.get(name));
    }

    /** How the next EXEC Dial ends (ANSWER by default, BUSY when the answered session declined). */
    void dialEndsWith(String status) {
        dialStatus = status;
    }

    /** The channel is gone (a hang-up handler runs next): HANGUPCAUSE is set, as Asterisk does. */
    void hangUp(String cause) {
        variables.put("HANGUPCAUSE", cause);
    }

    String replyTo(String command) {
        String upper = command.toUpperCase(Locale.ROOT);
        if (upper.equals("ANSWER")) {
            return "200 result=0";
        }
        if (upper.startsWith("GET FULL VARIABLE ")) {
            return "200 result=1 (" + expand(unquote(command.substring(18).strip())) + ")";
        }
        if (upper.startsWith("GET VARIABLE ")) {
            String value = variables.get(command.substring(13).strip());
            return value == null ? "200 result=0" : "200 result=1 (" + value + ")";
        }
        if (upper.startsWith("SET VARIABLE ")) {
            String rest = command.substring(13).strip();
            int space = rest.indexOf(' ');
            if (space < 0) {
                return "520 Invalid command syntax.  Proper usage not available.";
            }
            variables.put(
                    rest.substring(0, space), unquote(rest.substring(space + 1).strip()));
            return "200 result=1";
        }
        if (upper.startsWith("STREAM FILE ")) {
            String[] words = command.split(" ", 4);
            String escapeDigits = words.length > 3 ? unquote(words[3]) : "";
            return escapeDigits.indexOf(streamDigit) >= 0
                    ? "200 result=" + (int) streamDigit + " endpos=13280"
                    : "200 result=0 endpos=3404";
        }
        if (upper.startsWith("GET DATA ")) {
            return "200 result=" + menuDigit;
        }
        if (upper.startsWith("WAIT FOR DIGIT ")) {
            return "200 result=" + (int) menuDigit;
        }
        if (upper.startsWith("EXEC DIAL ")) {
            variables.put("DIALSTATUS", dialStatus);
            // the caller leg's Dial returns -1 once the bridged seller hangs up (transcript 01)
            return "ANSWER".equals(dialStatus) ? "200 result=-1" : "200 result=0";
        }
        if (upper.startsWith("EXEC ")) {
            return "200 result=0";
        }
        if (upper.equals("CHANNEL STATUS")) {
            return "200 result=6";
        }
        if (upper.startsWith("VERBOSE ")
                || upper.equals("NOOP")
                || upper.startsWith("NOOP ")
                || upper.equals("HANGUP")) {
            return "200 result=1";
        }
        return UNKNOWN_COMMAND;
    }

    private String expand(String expression) {
        Matcher matcher = EXPRESSION.matcher(expression);
        StringBuilder expanded = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(expanded, Matcher.quoteReplacement(variables.getOrDefault(matcher.group(1), "")));
        }
        matcher.appendTail(expanded);
        return expanded.toString();
    }

    private static String unquote(String text) {
        return text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")
                ? text.substring(1, text.length() - 1)
                : text;
    }
}
