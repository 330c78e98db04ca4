package io.callpath.ami;

import org.asteriskjava.manager.action.OriginateAction;

/**
 * An Originate whose {@code Timeout} (how long the first channel rings) is set without going through
 * {@link OriginateAction#setTimeout}, which warns for anything under 10 s ("will cause the originate to fail if not
 * answered within 10 seconds"): a callback attempt that rings a seller for 8 s means exactly that. asterisk-java
 * builds the action from its getters, so the header carries {@link #getTimeout()}.
 */
public final class RingTimedOriginateAction extends OriginateAction {

    private static final long serialVersionUID = 1L;

    private final long ringMillis;

    public RingTimedOriginateAction(long ringMillis) {
        if (ringMillis <= 0) {
            throw new IllegalArgumentException("ringMillis must be positive: " + ringMillis);
        }
        this.ringMillis = ringMillis;
    }

    @Override
    public Long getTimeout() {
        return ringMillis;
    }
}
