package io.callpath.config;

import java.util.Map;
import java.util.Objects;

/**
 * The Asterisk Manager Interface connection ({@code ami:} in the YAML): the desks' transfer buttons and originated calls.
 * Off unless {@code username} is set; a call never waits on it.
 *
 * @param host     the Asterisk server's manager address, 127.0.0.1 by default
 * @param port     its manager port, 5038 by default
 * @param username the manager user (manager.conf section), empty for no AMI
 * @param secret   its secret; CALLPATH_AMI_SECRET overrides it (keep it out of the YAML)
 */
public record AmiSettings(String host, int port, String username, String secret) {

    public static final String SECRET_VARIABLE = "CALLPATH_AMI_SECRET";

    public AmiSettings {
        Objects.requireNonNull(host, "host == null");
        Objects.requireNonNull(username, "username == null");
        Objects.requireNonNull(secret, "secret == null");
    }

    public static AmiSettings defaults() {
        return new AmiSettings("127.0.0.1", 5038, "", "");
    }

    /** True when a manager user is configured. */
    public boolean enabled() {
        return !username.isBlank();
    }

    /** The same settings with the secret of {@value #SECRET_VARIABLE} when it is set and not blank. */
    public AmiSettings withSecretFrom(Map<String, String> environment) {
        String fromEnvironment = environment.get(SECRET_VARIABLE);
        return fromEnvironment == null || fromEnvironment.isBlank()
                ? this
                : new AmiSettings(host, port, username, fromEnvironment.strip());
    }

    @Override
    public String toString() {
        return "AmiSettings[host=" + host + ", port=" + port + ", username=" + username + ", secret="
                + (secret.isEmpty() ? "(none)" : "(set)") + "]";
    }
}
