package io.callpath.agi;

import io.callpath.logs.RateLimitedWarnings;
import java.net.InetAddress;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/** server.allow at the door: which peers may open a session, and the rate-limited warning for the others. */
final class PeerAllowlist {

    private final Set<InetAddress> allowed;
    private final RateLimitedWarnings warnings;
    private final LongAdder refused = new LongAdder();

    /** @param allowed the addresses server.allow names, resolved (ServerRules.allowedAddresses) */
    PeerAllowlist(Set<InetAddress> allowed, RateLimitedWarnings warnings) {
        this.allowed = Set.copyOf(allowed);
        this.warnings = warnings;
    }

    /** True when {@code peer} may connect; otherwise counts and warns (the caller closes the socket). */
    boolean admits(InetAddress peer) {
        if (allowed.contains(peer)) {
            return true;
        }
        refused.increment();
        String host = peer.getHostAddress();
        warnings.warn(
                AgiWarnings.NOT_ALLOWED,
                host,
                () -> "refused FastAGI connection from " + host
                        + ": not in server.allow; add " + host + " to server.allow if it is your Asterisk"
                        + " (further refusals are summarised once a minute)");
        return false;
    }

    /** Connections refused since start. */
    long refused() {
        return refused.sum();
    }
}
