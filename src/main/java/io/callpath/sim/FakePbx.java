package io.callpath.sim;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The PBX the fake plays: which prompt files exist (and how long they are) and how each dialled endpoint behaves. */
public final class FakePbx {

    private final Map<String, Duration> prompts;
    private final Map<String, Endpoint> endpoints;
    private final Map<String, Set<Character>> keyContexts;

    private FakePbx(
            Map<String, Duration> prompts, Map<String, Endpoint> endpoints, Map<String, Set<Character>> keyContexts) {
        this.prompts = Map.copyOf(prompts);
        this.endpoints = Map.copyOf(endpoints);
        this.keyContexts = Map.copyOf(keyContexts);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Audio length of a prompt; empty means the file is missing. */
    public Optional<Duration> prompt(String name) {
        return Optional.ofNullable(prompts.get(name));
    }

    /** The endpoint behind a dial string such as {@code PJSIP/101}; empty means nothing is configured (unreachable). */
    public Optional<Endpoint> endpoint(String dialString) {
        return Optional.ofNullable(endpoints.get(dialString));
    }

    /** The one-key extensions of a dialplan context (what Dial's d option exits to, via EXITCONTEXT); empty if unknown. */
    public Set<Character> keysOf(String context) {
        return keyContexts.getOrDefault(context, Set.of());
    }

    /** Builds a {@link FakePbx}. */
    public static final class Builder {
        private final Map<String, Duration> prompts = new LinkedHashMap<>();
        private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        private final Map<String, Set<Character>> keyContexts = new LinkedHashMap<>();

        public Builder prompt(String name, Duration length) {
            prompts.put(Objects.requireNonNull(name, "name == null"), Objects.requireNonNull(length, "length == null"));
            return this;
        }

        /** A prompt whose length is given in samples at 8000 samples/s, as Asterisk reports endpos. */
        public Builder promptSamples(String name, long samples) {
            return prompt(name, Duration.ofNanos(samples * 125_000L));
        }

        public Builder endpoint(String dialString, Endpoint endpoint) {
            endpoints.put(
                    Objects.requireNonNull(dialString, "dialString == null"),
                    Objects.requireNonNull(endpoint, "endpoint == null"));
            return this;
        }

        /** A dialplan context whose extensions are these single keys (e.g. the kit's [callpath-keys]). */
        public Builder keyContext(String context, Set<Character> keys) {
            keyContexts.put(Objects.requireNonNull(context, "context == null"), Set.copyOf(keys));
            return this;
        }

        public FakePbx build() {
            return new FakePbx(prompts, endpoints, keyContexts);
        }
    }
}
