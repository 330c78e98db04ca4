package io.callpath.sim;

import java.util.List;

/**
 * One FastAGI connection the fake opened, with everything said on it.
 *
 * @param script      path and query after host:port/ (e.g. {@code hangup?leg=caller})
 * @param channelName the channel the session ran on
 * @param arguments   agi_arg_1..N sent
 * @param exchanges   commands and replies in order
 * @param failure     why the session broke (connect refused, read timeout), empty when it ended normally
 */
public record SessionRecord(
        String script, String channelName, List<String> arguments, List<Exchange> exchanges, String failure) {

    public SessionRecord {
        arguments = List.copyOf(arguments);
        exchanges = List.copyOf(exchanges);
    }

    /** The commands the server sent, in order. */
    public List<String> commands() {
        return exchanges.stream()
                .filter(e -> !e.command().isEmpty())
                .map(Exchange::command)
                .toList();
    }

    /** The script name without its query. */
    public String scriptName() {
        int query = script.indexOf('?');
        return query < 0 ? script : script.substring(0, query);
    }
}
