package io.callpath.config;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one home of the rules for {@code http:} (after CALLPATH_HTTP_TOKEN is applied): check-config and the loader
 * report them, and the HTTP endpoint refuses settings that break them.
 */
public final class HttpRules {

    private HttpRules() {}

    /** Every problem of {@code http}, each with its key and a fix. */
    public static List<ConfigProblem> check(HttpSettings http) {
        List<ConfigProblem> problems = new ArrayList<>();
        Rules.listeningPort("http.port", http.port(), HttpSettings.defaults().port(), problems);
        Optional<InetAddress> bind = ServerRules.address(http.bind());
        if (bind.isEmpty()) {
            problems.add(new ConfigProblem(
                    "http.bind",
                    "'" + http.bind() + "' is not an IPv4 or IPv6 address",
                    "use 127.0.0.1 (this machine only) or the address of one interface; 0.0.0.0 needs http.token"));
        }
        String token = http.token();
        if (!token.isEmpty() && !HttpSettings.isWellFormedToken(token)) {
            problems.add(new ConfigProblem(
                    "http.token",
                    "must be at least " + HttpSettings.MIN_TOKEN_LENGTH
                            + " characters of A-Z a-z 0-9 . _ ~ + / = - (in the file or in CALLPATH_HTTP_TOKEN)",
                    "generate one with `openssl rand -hex 24`"));
        }
        if (http.enabled() && token.isEmpty() && bind.isPresent() && !bind.get().isLoopbackAddress()) {
            problems.add(new ConfigProblem(
                    "http.token",
                    "is empty while http.bind " + http.bind() + " is reachable from other machines",
                    "set http.token or CALLPATH_HTTP_TOKEN (e.g. `openssl rand " + "-hex 24`), or bind 127.0.0.1"));
        }
        return problems;
    }

    /** {@link #check} as one IllegalArgumentException (a programming error: the loader reports these first). */
    public static HttpSettings requireValid(HttpSettings http) {
        Rules.requireNone(check(http));
        return http;
    }
}
