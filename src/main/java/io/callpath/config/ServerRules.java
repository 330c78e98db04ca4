package io.callpath.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one home of the rules for {@code server:}: check-config and the config loader report them, and the FastAGI
 * server refuses settings that break them, so nothing that serve would refuse passes check-config.
 */
public final class ServerRules {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[\\w.]+)?");

    private ServerRules() {}

    /** Every problem of {@code server}, each with its key and a fix; empty when the FastAGI server can start with it. */
    public static List<ConfigProblem> check(ServerSettings server) {
        List<ConfigProblem> problems = new ArrayList<>();
        if (address(server.bind()).isEmpty()) {
            problems.add(new ConfigProblem(
                    "server.bind",
                    "'" + server.bind() + "' is not an IPv4 or IPv6 address",
                    "write the address to listen on, e.g. 127.0.0.1, 0.0.0.0 (every address) or ::1"
                            + (isLocalhost(server.bind()) ? " (write 127.0.0.1 for localhost)" : "")));
        }
        Rules.listeningPort(
                "server.port", server.port(), ServerSettings.defaults().port(), problems);
        if (server.allow().isEmpty()) {
            problems.add(new ConfigProblem(
                    "server.allow",
                    "is empty: every connection would be refused",
                    "list the addresses of your Asterisk servers, e.g. [127.0.0.1, \"::1\"]"));
        }
        for (int index = 0; index < server.allow().size(); index++) {
            String entry = server.allow().get(index);
            if (address(entry).isEmpty()) {
                problems.add(new ConfigProblem(
                        "server.allow[" + index + "]",
                        "'" + entry + "' is not an IPv4 or IPv6 address",
                        isLocalhost(entry)
                                ? "write 127.0.0.1 and \"::1\" instead: host names are not resolved, so that no connection waits on DNS"
                                : "write the Asterisk server's address, e.g. 10.0.0.5 (host names are not resolved)"));
            }
        }
        if (server.maxSessions() < 1) {
            problems.add(new ConfigProblem(
                    "server.maxSessions",
                    "is " + server.maxSessions() + " but must be at least 1",
                    "set the most AGI sessions to run at once (default "
                            + ServerSettings.defaults().maxSessions() + ")"));
        }
        Rules.positive("server.headerTimeout", server.headerTimeout(), problems);
        Rules.positive("server.commandTimeout", server.commandTimeout(), problems);
        Rules.positive("server.dialTimeout", server.dialTimeout(), problems);
        if (server.shutdownGrace() == null || server.shutdownGrace().isNegative()) {
            problems.add(new ConfigProblem(
                    "server.shutdownGrace",
                    "must be zero or longer",
                    "write a duration such as 30s (0s cuts live calls at once on SIGTERM)"));
        }
        return problems;
    }

    /** {@link #check} as one exception, for code that is handed settings without going through the loader. */
    public static ServerSettings requireValid(ServerSettings server) {
        Rules.requireNone(check(server));
        return server;
    }

    /** The addresses of server.allow; every entry must pass {@link #check}. */
    public static Set<InetAddress> allowedAddresses(ServerSettings server) {
        Set<InetAddress> addresses = new LinkedHashSet<>();
        for (String entry : server.allow()) {
            addresses.add(address(entry)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "server.allow entry '" + entry + "' is not an IPv4 or IPv6 address")));
        }
        return Set.copyOf(addresses);
    }

    /** An address literal parsed without any DNS lookup; empty for anything else (host names included). */
    public static Optional<InetAddress> address(String literal) {
        if (literal == null) {
            return Optional.empty();
        }
        String trimmed = literal.trim();
        var ipv4 = IPV4.matcher(trimmed);
        if (ipv4.matches()) {
            for (int group = 1; group <= 4; group++) {
                if (Integer.parseInt(ipv4.group(group)) > 255) {
                    return Optional.empty();
                }
            }
        } else if (!IPV6.matcher(trimmed).matches()) {
            return Optional.empty();
        }
        try {
            // A literal of these forms never reaches DNS.
            return Optional.of(InetAddress.getByName(trimmed));
        } catch (UnknownHostException | SecurityException notAnAddress) {
            return Optional.empty();
        }
    }

    private static boolean isLocalhost(String text) {
        return text != null && text.trim().equalsIgnoreCase("localhost");
    }
}
