package io.callpath.sim;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A FastAGI client that plays Asterisk 22 byte for byte (see shared/asterisk/transcripts): it places scripted calls
 * against a callpath server and records every command the server sent. One thread per call while it runs.
 */
public final class FakeAsterisk {

    private static final Logger log = LoggerFactory.getLogger(FakeAsterisk.class);

    final String host;
    final int port;
    final FakePbx pbx;
    final SimSettings settings;
    private final Supplier<CallClock> callClocks;
    /** Told each channel's uniqueid before a session opens on it. */
    private final Consumer<String> sessionOpening;

    private final AtomicLong uniqueIds;
    private final AtomicLong channels;
    private final AtomicLong threads = new AtomicLong(140262600000000L);

    public FakeAsterisk(String host, int port, FakePbx pbx, SimSettings settings) {
        this(host, port, pbx, settings, () -> new CallClock(settings.timeScale()), uniqueId -> {});
    }

    /**
     * A fake whose calls run on {@code time}: audio moves it on exactly (sleeping {@code settings.timeScale()} real time
     * per audio second), and its clock replaces {@code settings.clock()}. Place one call at a time.
     */
    public FakeAsterisk(String host, int port, FakePbx pbx, SimSettings settings, SimulatedTime time) {
        this(
                host,
                port,
                pbx,
                settings.withClock(time.clock()),
                () -> new CallClock(settings.timeScale(), time),
                uniqueId -> {});
    }

    /**
     * A fake for one call on {@code time} (as above) that registers each channel of the call in {@code calls} before
     * opening a session on it, so a server reading {@link SimulatedCalls#sessionClock} stamps it with this time.
     */
    public FakeAsterisk(
            String host, int port, FakePbx pbx, SimSettings settings, SimulatedTime time, SimulatedCalls calls) {
        this(
                host,
                port,
                pbx,
                settings.withClock(time.clock()),
                () -> new CallClock(settings.timeScale(), time),
                uniqueId -> calls.register(uniqueId, time));
    }

    private FakeAsterisk(
            String host,
            int port,
            FakePbx pbx,
            SimSettings settings,
            Supplier<CallClock> callClocks,
            Consumer<String> sessionOpening) {
        this.callClocks = callClocks;
        this.sessionOpening = Objects.requireNonNull(sessionOpening, "sessionOpening == null");
        this.host = Objects.requireNonNull(host, "host == null");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
        this.port = port;
        this.pbx = Objects.requireNonNull(pbx, "pbx == null");
        this.settings = Objects.requireNonNull(settings, "settings == null");
        this.uniqueIds = new AtomicLong(settings.firstUniqueIdSequence());
        this.channels = new AtomicLong(settings.firstChannelSequence());
    }

    public FakeAsterisk(String host, int port, FakePbx pbx, double timeScale) {
        this(host, port, pbx, SimSettings.scaled(timeScale));
    }

    /** Runs the whole call like Asterisk would and returns what happened; blocks for the call's (scaled) length. */
    public CallRecord placeCall(CallerScript caller) {
        Objects.requireNonNull(caller, "caller == null");
        CallRecord record = new CallRun(this, caller).execute();
        log.info(
                "simulated call linkedid={} sessions={} dialStatuses={} answeredBy={} abandoned={}",
                record.linkedId(),
                record.sessions().size(),
                record.dialStatuses(),
                record.answeredBy().orElse("-"),
                record.abandoned());
        return record;
    }

    /** {@link #placeCall} on the given executor (bound it: each running call holds one of its threads). */
    public CompletableFuture<CallRecord> placeCallAsync(CallerScript caller, Executor executor) {
        return CompletableFuture.supplyAsync(() -> placeCall(caller), executor);
    }

    String nextUniqueId(long epochSeconds) {
        return epochSeconds + "." + uniqueIds.getAndIncrement();
    }

    void sessionOpening(String uniqueId) {
        sessionOpening.accept(uniqueId);
    }

    long nextChannelSequence() {
        return channels.getAndIncrement();
    }

    CallClock newCallClock() {
        return callClocks.get();
    }

    long nextThreadId() {
        return threads.getAndAdd(4096);
    }
}
