package io.callpath.bench;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds back the reply to one kind of command (a long EXEC Dial, a WAIT FOR DIGIT) until released, so a call
 * stays live on the server, as a real call does while the caller talks to a seller.
 */
final class Parking {

    private final String commandPrefix;
    private final Duration maxHold;
    private final AtomicInteger parked = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);

    /** @param commandPrefix upper-case start of the command to hold, e.g. "EXEC DIAL"; empty holds nothing */
    Parking(String commandPrefix, Duration maxHold) {
        this.commandPrefix = commandPrefix.toUpperCase(Locale.ROOT);
        this.maxHold = maxHold;
    }

    static Parking none() {
        return new Parking("", Duration.ZERO);
    }

    void holdIfParked(String command) {
        if (commandPrefix.isEmpty() || !command.toUpperCase(Locale.ROOT).startsWith(commandPrefix)) {
            return;
        }
        parked.incrementAndGet();
        try {
            // bounded: a benchmark that forgets to release must still end
            release.await(maxHold.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            parked.decrementAndGet();
        }
    }

    int parkedNow() {
        return parked.get();
    }

    void releaseAll() {
        release.countDown();
    }
}
