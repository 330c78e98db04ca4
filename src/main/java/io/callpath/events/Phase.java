package io.callpath.events;

/** The phases that partition a caller's wait, from arrival (t0) to the seller (domain.md, "Clocks"). */
public enum Phase {
    INFORMER,
    MENU,
    ASSISTANT_RINGING,
    ASSISTANT_TALKING,
    TRANSFER_HOLD,
    SELLER_RINGING,
    WHISPER;

    /** The lower-case name used in SQL columns, channel variables and logs. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
