package io.callpath.cli;

import io.callpath.config.CallpathConfig;
import io.callpath.config.DatabaseSettings;
import io.callpath.events.CallSummary;
import io.callpath.report.TimeToSellerReport;
import io.callpath.sim.AudioTime;
import io.callpath.sim.CallPbx;
import io.callpath.sim.CallPlan;
import io.callpath.sim.CallRecord;
import io.callpath.sim.CallerModel;
import io.callpath.sim.LoadRun;
import io.callpath.sim.SimSettings;
import io.callpath.store.CallQueries;
import io.callpath.store.Database;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code simulate --target}: calls against a callpath someone else runs. Its timings live in its database; without
 * one, only what the fake Asterisk saw can be told.
 */
final class RemoteSimulation {

    /** The server writes events in batches: how long to wait for the last calls to show up. */
    private static final Duration FLUSH_WAIT = Duration.ofSeconds(15);

    private static final Duration POLL = Duration.ofMillis(500);

    private final String host;
    private final int port;
    /** Where the server writes its calls, with the user and password to read them; empty when unknown. */
    private final Optional<DatabaseSettings> database;

    RemoteSimulation(String target, Optional<DatabaseSettings> database) {
        int colon = target.lastIndexOf(':');
        if (colon <= 0) {
            throw new UserInputException("--target '" + target + "' must be HOST:PORT, e.g. 127.0.0.1:4573");
        }
        this.host = target.substring(0, colon);
        try {
            this.port = Integer.parseInt(target.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new UserInputException("--target '" + target + "' must end in a port number, e.g. 127.0.0.1:4573");
        }
        this.database = database;
    }

    void run(
            CallpathConfig config,
            CallerModel model,
            List<CallPlan> plans,
            String did,
            SimSettings settings,
            int concurrency,
            LoadRun.Listener progress,
            PrintWriter out) {
        Instant from = Instant.now().minusSeconds(60);
        LoadRun.Result load = new LoadRun(host, port, settings, concurrency)
                .run(plans, did, plan -> CallPbx.forCall(plan, model, config), progress);
        out.println();
        String title = "simulated calls against " + host + ":" + port;
        if (database.isEmpty()) {
            out.print(fakeView(title, load));
            out.println(
                    "For time-to-seller, give --database-url (or CALLPATH_DATABASE_URL) of the database that callpath writes to.");
            return;
        }
        Set<String> ours = load.records().stream().map(CallRecord::linkedId).collect(Collectors.toSet());
        List<CallSummary> calls = summaries(database.get(), from, ours).stream()
                .map(call -> AudioTime.of(call, settings.timeScale()))
                .toList();
        out.print(TimeToSellerReport.render(
                title,
                calls,
                config.metrics().serviceLevelTarget(),
                config.metrics().shortAbandon()));
        out.println("Times are that server's real clock / " + settings.timeScale()
                + ": its scheduling delays on a loaded machine count 1/scale times too.");
        if (calls.size() < ours.size()) {
            out.println("(" + (ours.size() - calls.size())
                    + " calls not in the database yet; `callpath report` later shows them)");
        }
    }

    private static List<CallSummary> summaries(DatabaseSettings settings, Instant from, Set<String> ours) {
        try (Database database = RecordedCallsDatabase.start(settings)) {
            long deadline = System.nanoTime() + FLUSH_WAIT.toNanos();
            while (true) {
                List<CallSummary> found =
                        CallQueries.summaries(
                                        database.dataSource(),
                                        from,
                                        Instant.now().plusSeconds(60))
                                .stream()
                                .filter(call -> ours.contains(call.linkedId()))
                                .toList();
                boolean complete =
                        found.size() == ours.size() && found.stream().allMatch(call -> call.outcome() != null);
                if (complete || System.nanoTime() > deadline) {
                    return found;
                }
                try {
                    Thread.sleep(POLL.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return found;
                }
            }
        }
    }

    /** Outcome counts as the fake saw them: no timings, since those are the server's to measure. */
    static String fakeView(String title, LoadRun.Result load) {
        long connected = load.records().stream()
                .filter(call -> call.answeredBy().isPresent())
                .count();
        long abandoned = load.records().stream().filter(CallRecord::abandoned).count();
        long other = load.records().size() - connected - abandoned;
        return "Calls as the fake Asterisk saw them: " + title + "\n"
                + "  placed                 "
                + (load.records().size() + load.errors().size()) + "\n"
                + "  bridged to someone     " + connected + "  (a seller, or an assistant who kept the call)\n"
                + "  caller hung up first   " + abandoned + "\n"
                + "  ended otherwise        " + other + "  (no seller, after hours, failed)\n"
                + "  broke in the simulator " + load.errors().size() + "\n";
    }
}
