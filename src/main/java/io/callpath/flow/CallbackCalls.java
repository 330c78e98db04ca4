package io.callpath.flow;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Starts the seller's leg of a callback attempt on the PBX (an AMI Originate); the callback script takes over on answer. */
public interface CallbackCalls {

    /**
     * Rings {@code seller} for {@code ringTime}; when they answer, Asterisk runs the {@code callback} script with the
     * job. Completes when the PBX took the call; fails at once when it cannot (not connected, refused).
     */
    CompletableFuture<Void> ringSeller(CallbackJob job, String seller, Duration ringTime);
}
