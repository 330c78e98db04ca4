package io.callpath.sim;

import java.util.List;
import java.util.Objects;

/**
 * The request header Asterisk 22 writes at the start of a FastAGI session, its keys in Asterisk's order
 * ({@code ../shared/asterisk} transcripts): the one builder of it for the fake Asterisk and the tests' raw peers.
 * Values go out as given, so a test can send hostile ones. Defaults: an unknown caller on a Local channel in
 * context {@code default}, extension {@code s}, priority 1.
 */
public final class AgiRequestHeader {

    private final String script;
    private final String channel;
    private final String uniqueId;
    private String request;
    private String type;
    private String language = "en";
    private String callerId = "unknown";
    private String callerName = "unknown";
    private String callingPres = "67";
    private String dnid = "unknown";
    private String context = "default";
    private String extension = "s";
    private int priority = 1;
    private String threadId = "140262603982528";
    private List<String> arguments = List.of();

    private AgiRequestHeader(String script, String channel, String uniqueId) {
        this.script = Objects.requireNonNull(script, "script == null");
        this.channel = Objects.requireNonNull(channel, "channel == null");
        this.uniqueId = Objects.requireNonNull(uniqueId, "uniqueId == null");
        this.request = "agi://127.0.0.1/" + script;
        int slash = channel.indexOf('/');
        this.type = slash < 0 ? channel : channel.substring(0, slash);
    }

    /**
     * The header of a session of {@code networkScript} (the URL path with its query, e.g. {@code hangup?leg=caller}) on
     * {@code channel} (its technology, before the '/', is {@code agi_type}) with {@code uniqueId}.
     */
    public static AgiRequestHeader of(String networkScript, String channel, String uniqueId) {
        return new AgiRequestHeader(networkScript, channel, uniqueId);
    }

    /** {@code agi_request} names the server as {@code agi://HOST[:PORT]/script}; without this, {@code agi://127.0.0.1/script}. */
    public AgiRequestHeader server(String hostAndPort) {
        this.request = "agi://" + hostAndPort + "/" + script;
        return this;
    }

    public AgiRequestHeader type(String type) {
        this.type = type;
        return this;
    }

    public AgiRequestHeader language(String language) {
        this.language = language;
        return this;
    }

    /** The caller's number and name; an empty number is an unknown caller (Asterisk: {@code unknown}, presentation 67). */
    public AgiRequestHeader caller(String number, String name) {
        this.callerId = number.isEmpty() ? "unknown" : number;
        this.callerName = name.isEmpty() ? "unknown" : name;
        this.callingPres = number.isEmpty() ? "67" : "0";
        return this;
    }

    public AgiRequestHeader dnid(String dnid) {
        this.dnid = dnid;
        return this;
    }

    /** Where the AGI() ran in the dialplan. */
    public AgiRequestHeader at(String context, String extension, int priority) {
        this.context = context;
        this.extension = extension;
        this.priority = priority;
        return this;
    }

    public AgiRequestHeader threadId(String threadId) {
        this.threadId = threadId;
        return this;
    }

    /** {@code agi_arg_1} ... in order. */
    public AgiRequestHeader arguments(List<String> arguments) {
        this.arguments = List.copyOf(arguments);
        return this;
    }

    public AgiRequestHeader arguments(String... arguments) {
        return arguments(List.of(arguments));
    }

    /** The header as Asterisk sends it: one {@code key: value} line each, then an empty line. */
    public String text() {
        StringBuilder header = new StringBuilder(640);
        line(header, "agi_network", "yes");
        line(header, "agi_network_script", script);
        line(header, "agi_request", request);
        line(header, "agi_channel", channel);
        line(header, "agi_language", language);
        line(header, "agi_type", type);
        line(header, "agi_uniqueid", uniqueId);
        line(header, "agi_version", "22.10.1");
        line(header, "agi_callerid", callerId);
        line(header, "agi_calleridname", callerName);
        line(header, "agi_callingpres", callingPres);
        line(header, "agi_callingani2", "0");
        line(header, "agi_callington", "0");
        line(header, "agi_callingtns", "0");
        line(header, "agi_dnid", dnid);
        line(header, "agi_rdnis", "unknown");
        line(header, "agi_context", context);
        line(header, "agi_extension", extension);
        line(header, "agi_priority", Integer.toString(priority));
        line(header, "agi_enhanced", "0.0");
        line(header, "agi_accountcode", "");
        line(header, "agi_threadid", threadId);
        for (int i = 0; i < arguments.size(); i++) {
            line(header, "agi_arg_" + (i + 1), arguments.get(i));
        }
        return header.append('\n').toString();
    }

    private static void line(StringBuilder header, String key, String value) {
        header.append(key).append(": ").append(value).append('\n');
    }
}
