package io.callpath.fault;

import io.callpath.app.CallpathApp;
import io.callpath.app.RunningCallpath;
import io.callpath.config.ConfigLoader;
import io.callpath.store.DatabaseHealth;
import io.callpath.store.WriterMetrics;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * A callpath server in a child JVM for the fault suite, started as {@code serve} starts it ({@link Callpath#start}).
 * Prints {@code READY port=… pgpid=…}, then a {@code STATE} line every 100 ms (events accepted, the writer's counters,
 * the database's health, live sessions). On {@code stop} (or end of stdin) it flushes the writer into PostgreSQL, shuts
 * down, prints {@code STOPPED flushed=…} and exits.
 */
public final class FaultServer {

    private FaultServer() {}

    public static void main(String[] args) throws Exception {
        LongAdder accepted = new LongAdder();
        RunningCallpath callpath = CallpathApp.builder(ConfigLoader.load(Path.of(args[0])))
                .environment(System.getenv())
                .alsoSendEventsTo(event -> accepted.increment())
                .build()
                .start();
        System.out.printf(
                Locale.ROOT,
                "READY port=%d pgpid=%d%n",
                callpath.port(),
                callpath.database().embeddedPid().orElse(-1));
        System.out.flush();
        Thread reporter = new Thread(
                () -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        System.out.println(state(callpath, accepted.sum()));
                        System.out.flush();
                        try {
                            Thread.sleep(100);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "fault-state");
        reporter.setDaemon(true);
        reporter.start();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.equals("stop")) {
            // only "stop" is understood
        }
        boolean flushed = callpath.writer().flush(Duration.ofSeconds(60));
        reporter.interrupt();
        reporter.join();
        System.out.println(state(callpath, accepted.sum()));
        callpath.shutdown(Duration.ofSeconds(5));
        System.out.println("STOPPED flushed=" + flushed);
        System.out.flush();
        System.exit(0);
    }

    private static String state(RunningCallpath callpath, long accepted) {
        WriterMetrics writer = callpath.writer().metrics();
        DatabaseHealth health = callpath.database().health();
        return String.format(
                Locale.ROOT,
                "STATE t=%d accepted=%d written=%d spooled=%d queued=%d overflow=%d lost=%d "
                        + "reachable=%b spoolWritable=%b health=%s restarts=%d live=%d",
                System.currentTimeMillis(),
                accepted,
                writer.writtenEvents(),
                writer.spooledEvents(),
                writer.queueDepth(),
                writer.overflowDepth(),
                writer.lostEvents(),
                writer.databaseReachable(),
                writer.spoolWritable(),
                health.state(),
                health.restarts(),
                callpath.server().activeSessions());
    }
}
