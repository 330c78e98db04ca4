package io.callpath.flow;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The FastAGI request header of a session, parsed.
 *
 * @param script      script name: the path of agi_network_script before any '?' (e.g. "incoming")
 * @param parameters  the URL query of agi_network_script, URL-decoded (e.g. campaign=test)
 * @param arguments   agi_arg_1..N in order; empty strings kept
 * @param uniqueId    agi_uniqueid of this channel
 * @param channelName agi_channel
 * @param language    agi_language
 * @param callerId    agi_callerid, or "unknown"
 * @param callerName  agi_calleridname, or "unknown"
 * @param dnid        agi_dnid, or "unknown"
 * @param context     agi_context
 * @param extension   agi_extension
 * @param raw         every agi_ header as sent
 */
public record CallRequest(
        String script,
        Map<String, String> parameters,
        List<String> arguments,
        String uniqueId,
        String channelName,
        String language,
        String callerId,
        String callerName,
        String dnid,
        String context,
        String extension,
        Map<String, String> raw) {

    public CallRequest {
        parameters = Map.copyOf(parameters);
        arguments = List.copyOf(arguments);
        raw = Map.copyOf(raw);
    }

    /** agi_arg_N (1-based), if sent and not empty. */
    public Optional<String> argument(int oneBased) {
        if (oneBased < 1 || oneBased > arguments.size()) {
            return Optional.empty();
        }
        String value = arguments.get(oneBased - 1);
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** A URL query parameter of the script, if present. */
    public Optional<String> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }
}
