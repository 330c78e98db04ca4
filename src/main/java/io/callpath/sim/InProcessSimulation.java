package io.callpath.sim;

import io.callpath.app.CallpathApp;
import io.callpath.app.RunningCallpath;
import io.callpath.config.CallpathConfig;
import io.callpath.config.DatabaseSettings;
import io.callpath.config.ServerSettings;
import io.callpath.events.CallSummary;
import io.callpath.events.EventType;
import io.callpath.events.InMemoryEventSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Starts callpath in this process on a free port with a fresh embedded database (so no earlier run makes anyone a
 * repeat caller), places the planned calls and folds each call's events. Each call runs on its own
 * {@link SimulatedTime}, which the server's sessions of that call read too, so every duration is exact audio time:
 * neither the time scale nor the machine's load changes a number.
 */
public final class InProcessSimulation {

    /** How long to wait, after a call's last session, for its final event to reach the sink. */
    private static final Duration LAST_EVENT_WAIT = Duration.ofSeconds(5);

    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(2);
    private static final String WARM_UP_PREFIX = "999";
    /** Channels one call may register at once: a caller, a few seller and assistant legs, with room to spare. */
    private static final int CHANNELS_PER_CALL = 64;

    /**
     * One run's result.
     *
     * @param calls     one summary per call that ran, in plan order, in simulated audio time
     * @param load      the fake's view of the calls
     * @param realTime  how long placing the calls took on the wall clock
     */
    public record Result(List<CallSummary> calls, LoadRun.Result load, Duration realTime) {
        public Result {
            calls = List.copyOf(calls);
        }
    }

    private InProcessSimulation() {}

    public static Result run(
            CallpathConfig config,
            CallerModel model,
            List<CallPlan> plans,
            String did,
            SimSettings settings,
            int concurrency,
            int warmUpCalls,
            LoadRun.Listener listener) {
        Path scratch = scratchDirectory();
        try {
            // A CALLPATH_DATABASE_URL in the environment would point the demo at someone's real data: ignore it.
            return run(
                    onFreePortWithFreshDatabase(config, scratch),
                    Map.of(),
                    config,
                    model,
                    plans,
                    did,
                    settings,
                    concurrency,
                    warmUpCalls,
                    listener);
        } finally {
            deleteQuietly(scratch);
        }
    }

    /**
     * As {@link #run}, but the calls stay in the database {@code config} names (resolved with {@code environment}, as
     * {@code serve} resolves it), for {@code report} and {@code tune} to read; only the server moves to a free port.
     */
    public static Result runRecorded(
            CallpathConfig config,
            Map<String, String> environment,
            CallerModel model,
            List<CallPlan> plans,
            String did,
            SimSettings settings,
            int concurrency,
            LoadRun.Listener listener) {
        return run(
                onFreePort(config, config.database()),
                environment,
                config,
                model,
                plans,
                did,
                settings,
                concurrency,
                0,
                listener);
    }

    private static Result run(
            CallpathConfig local,
            Map<String, String> environment,
            CallpathConfig config,
            CallerModel model,
            List<CallPlan> plans,
            String did,
            SimSettings settings,
            int concurrency,
            int warmUpCalls,
            LoadRun.Listener listener) {
        InMemoryEventSink sink = new InMemoryEventSink(plans.size() + 16);
        SimulatedCalls simulated = new SimulatedCalls(concurrency * CHANNELS_PER_CALL);
        // The system clock stays for repeat-caller windows: each call's simulated time starts at the real now.
        try (RunningCallpath callpath = CallpathApp.builder(local)
                .environment(environment)
                .alsoSendEventsTo(sink)
                .sessionClockPerCall(simulated::sessionClock)
                .build()
                .start()) {
            LoadRun run = new LoadRun("127.0.0.1", callpath.port(), settings, concurrency, simulated);
            if (warmUpCalls > 0) {
                // Other numbers than the measured callers', so nobody becomes a repeat caller by warming up.
                run.run(
                        CallPlans.draw(model, ~seedOf(plans), warmUpCalls, WARM_UP_PREFIX),
                        did,
                        plan -> CallPbx.forCall(plan, model, config),
                        (done, total, errors) -> {});
            }
            long started = System.nanoTime();
            LoadRun.Result load = run.run(plans, did, plan -> CallPbx.forCall(plan, model, config), listener);
            Duration realTime = Duration.ofNanos(System.nanoTime() - started);
            List<CallSummary> calls = new ArrayList<>();
            for (CallRecord record : load.records()) {
                sink.awaitEvent(record.linkedId(), EventType.CALL_ENDED, LAST_EVENT_WAIT);
                sink.summary(record.linkedId()).ifPresent(calls::add);
            }
            callpath.shutdown(SHUTDOWN_GRACE);
            return new Result(calls, load, realTime);
        }
    }

    private static long seedOf(List<CallPlan> plans) {
        return plans.isEmpty() ? 0 : plans.get(0).partySeed();
    }

    private static CallpathConfig onFreePortWithFreshDatabase(CallpathConfig config, Path scratch) {
        DatabaseSettings database = config.database();
        DatabaseSettings fresh = new DatabaseSettings(
                null,
                database.user(),
                database.password(),
                scratch.resolve("pgdata"),
                0,
                scratch.resolve("spool"),
                database.queueCapacity(),
                database.batchSize(),
                database.poolSize(),
                database.lookupTimeout());
        return onFreePort(config, fresh);
    }

    private static CallpathConfig onFreePort(CallpathConfig config, DatabaseSettings database) {
        ServerSettings server = config.server();
        ServerSettings local = new ServerSettings(
                "127.0.0.1",
                0,
                List.of("127.0.0.1", "::1"),
                server.maxSessions(),
                server.headerTimeout(),
                server.commandTimeout(),
                server.dialTimeout(),
                SHUTDOWN_GRACE);
        return new CallpathConfig(
                local, database, config.metrics(), config.repeatCallers(), config.lines(), config.departments());
    }

    private static Path scratchDirectory() {
        try {
            return Files.createTempDirectory("callpath-simulate-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the simulation's database", e);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A leftover temp directory is harmless; the OS cleans /tmp.
        }
    }
}
