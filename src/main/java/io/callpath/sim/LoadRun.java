package io.callpath.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places planned calls against a FastAGI server, at most {@code concurrency} at once, each through its own
 * {@link FakeAsterisk} (each call meets its own drawn PBX). A repeat call starts only after the call it repeats ended.
 */
public final class LoadRun {

    private static final Logger log = LoggerFactory.getLogger(LoadRun.class);
    /** Uniqueid and channel sequence numbers each call may use, so calls never share an id. */
    private static final long IDS_PER_CALL = 1000;

    /** Told after every call, from the caller threads. */
    @FunctionalInterface
    public interface Listener {
        void callEnded(int done, int total, int errors);
    }

    /**
     * What came back.
     *
     * @param records every call that ran to its end, in plan order
     * @param errors  calls that broke in the simulator itself (not the server's failures, which the records show)
     */
    public record Result(List<CallRecord> records, List<String> errors) {
        public Result {
            records = List.copyOf(records);
            errors = List.copyOf(errors);
        }
    }

    private final String host;
    private final int port;
    private final SimSettings settings;
    private final int concurrency;
    /**
     * Blocks of ids handed to calls, across every {@link #run} of this instance (a warm-up and the measured run);
     * a random start keeps two simulators driving one server in the same second apart.
     */
    private final AtomicLong idBlocks =
            new AtomicLong(ThreadLocalRandom.current().nextInt(1_000_000));

    /** How one call meets its fake: on the real clocks, or on its own simulated time. */
    @FunctionalInterface
    private interface Placing {
        CallRecord place(FakePbx pbx, SimSettings callSettings, CallerScript caller);
    }

    private final Placing placing;

    /** Calls on real (scaled) time: what a remote server measures is its own wall clock. */
    public LoadRun(String host, int port, SimSettings settings, int concurrency) {
        this(
                host,
                port,
                settings,
                concurrency,
                (pbx, callSettings, caller) -> new FakeAsterisk(host, port, pbx, callSettings).placeCall(caller));
    }

    /**
     * Each call on its own {@link SimulatedTime}, starting at {@code settings.clock()}'s now and moved on only by the
     * audio the call plays; each channel is registered in {@code calls} while the call runs, for a server in this
     * process to stamp the call's sessions with it.
     */
    public LoadRun(String host, int port, SimSettings settings, int concurrency, SimulatedCalls calls) {
        this(host, port, settings, concurrency, (pbx, callSettings, caller) -> {
            SimulatedTime time = new SimulatedTime(callSettings.clock().instant());
            try {
                return new FakeAsterisk(host, port, pbx, callSettings, time, calls).placeCall(caller);
            } finally {
                calls.forget(time);
            }
        });
    }

    private LoadRun(String host, int port, SimSettings settings, int concurrency, Placing placing) {
        this.placing = placing;
        this.host = Objects.requireNonNull(host, "host == null");
        this.port = port;
        this.settings = Objects.requireNonNull(settings, "settings == null");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
        this.concurrency = concurrency;
    }

    /** Runs every plan to its end; blocks until the last call is over. */
    public Result run(List<CallPlan> plans, String did, Function<CallPlan, FakePbx> pbxFor, Listener listener) {
        AtomicInteger threadNumber = new AtomicInteger();
        // FIFO with every plan queued up front: a call starts only after every earlier one started, so a repeat
        // call waiting for its first call never waits on a call that has no thread.
        ThreadPoolExecutor callers = new ThreadPoolExecutor(
                concurrency,
                concurrency,
                1,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(plans.size()),
                runnable -> new Thread(runnable, "sim-caller-" + threadNumber.incrementAndGet()));
        AtomicInteger done = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        List<CompletableFuture<CallRecord>> calls = new ArrayList<>(plans.size());
        try {
            for (CallPlan plan : plans) {
                CompletableFuture<CallRecord> first = plan.repeat() ? calls.get(plan.repeatOf()) : null;
                calls.add(CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                if (first != null) {
                                    first.exceptionally(error -> null).join();
                                }
                                return place(plan, did, pbxFor);
                            } catch (RuntimeException e) {
                                errors.incrementAndGet();
                                throw e;
                            } finally {
                                listener.callEnded(done.incrementAndGet(), plans.size(), errors.get());
                            }
                        },
                        callers));
            }
            List<CallRecord> records = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < calls.size(); i++) {
                try {
                    records.add(calls.get(i).join());
                } catch (CompletionException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    log.error("simulated call {} broke in the simulator", i + 1, cause);
                    problems.add("call " + (i + 1) + ": " + cause);
                }
            }
            return new Result(records, problems);
        } finally {
            callers.shutdownNow();
        }
    }

    private CallRecord place(CallPlan plan, String did, Function<CallPlan, FakePbx> pbxFor) {
        long firstId = 1 + idBlocks.getAndIncrement() * IDS_PER_CALL;
        return placing.place(pbxFor.apply(plan), settings.withSequences(firstId, firstId), plan.script(did));
    }
}
