package io.callpath.config;

import java.util.Objects;

/**
 * The HTTP endpoint for operations ({@code http:} in the YAML): the wallboard, /metrics and /health.
 *
 * @param enabled false serves no HTTP at all
 * @param bind    address to listen on; anything but a loopback address needs a token
 * @param port    TCP port, 8573 by default (0 = a free port, for tests)
 * @param token   the bearer token every request must carry, empty for none; CALLPATH_HTTP_TOKEN overrides it
 */
public record HttpSettings(boolean enabled, String bind, int port, String token) {

    /** A token shorter than this is refused: it guards the numbers and callers' names on the wallboard. */
    public static final int MIN_TOKEN_LENGTH = 16;

    public HttpSettings {
        Objects.requireNonNull(bind, "bind == null");
        Objects.requireNonNull(token, "token == null");
    }

    public static HttpSettings defaults() {
        return new HttpSettings(true, "127.0.0.1", 8573, "");
    }

    /** No HTTP endpoint: what a configuration built in code gets unless it asks for one (tests, the simulator). */
    public static HttpSettings off() {
        return new HttpSettings(false, "127.0.0.1", 0, "");
    }

    /** At least {@link #MIN_TOKEN_LENGTH} characters a header, a cookie and a URL carry as they are. */
    public static boolean isWellFormedToken(String token) {
        return token.length() >= MIN_TOKEN_LENGTH && token.matches("[A-Za-z0-9._~+/=-]+");
    }

    /** The same settings with {@code token} (from CALLPATH_HTTP_TOKEN) when it is set and not blank. */
    public HttpSettings withTokenFrom(java.util.Map<String, String> environment) {
        String fromEnvironment = environment.get("CALLPATH_HTTP_TOKEN");
        return fromEnvironment == null || fromEnvironment.isBlank()
                ? this
                : new HttpSettings(enabled, bind, port, fromEnvironment.strip());
    }
}
