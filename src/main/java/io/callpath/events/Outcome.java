package io.callpath.events;

/** How a call ended (domain.md): every call gets exactly one. */
public enum Outcome {
    REACHED_SELLER,
    ABANDONED,
    NO_SELLER,
    FAILED;

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
