package io.callpath.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The FastAGI listener's settings ({@code server:} in the YAML).
 *
 * @param bind            address to listen on
 * @param port            TCP port, 4573 by default
 * @param allow           addresses of the Asterisk servers allowed to connect; anything else is refused and logged
 * @param maxSessions     concurrent AGI sessions; a session over the limit is told OVERLOADED and closed
 * @param headerTimeout   how long a new connection may take to send its agi_ header
 * @param commandTimeout  how long Asterisk may take to answer an ordinary command (prompts and digit waits add their own length)
 * @param dialTimeout     how long an EXEC Dial may block: ring time plus the whole conversation
 * @param shutdownGrace   on SIGTERM, how long live calls may take to finish before the server exits
 */
public record ServerSettings(
        String bind,
        int port,
        List<String> allow,
        int maxSessions,
        Duration headerTimeout,
        Duration commandTimeout,
        Duration dialTimeout,
        Duration shutdownGrace) {

    public ServerSettings {
        Objects.requireNonNull(bind, "bind == null");
        allow = List.copyOf(allow);
    }

    public static ServerSettings defaults() {
        return new ServerSettings(
                "127.0.0.1",
                4573,
                List.of("127.0.0.1", "::1"),
                10_000,
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                Duration.ofHours(4),
                Duration.ofSeconds(30));
    }
}
