package io.callpath.cli;

import io.callpath.Callpath;
import io.callpath.config.CallpathConfig;
import io.callpath.config.ConfigLoader;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code callpath serve}: runs the FastAGI server until SIGTERM, then stops gracefully. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the FastAGI server (embedded PostgreSQL unless database.url or CALLPATH_DATABASE_URL is set).")
final class ServeCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws InterruptedException {
        CallpathConfig loaded = ConfigLoader.load(config.file);
        AtomicReference<Callpath> running = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM: drain calls in flight, flush events, stop the database (Callpath.shutdown), then the logs.
        // Registered before the start: the server takes calls before Callpath.start returns, and a SIGTERM in that
        // window must still drain and flush them (the hook waits for the start to finish).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                started.await();
                Callpath callpath = running.get();
                if (callpath != null) {
                    callpath.close();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stopped.countDown();
                flushLogs();
            }
        }, "callpath-shutdown"));
        try {
            running.set(Callpath.start(loaded, System.getenv(), event -> { }));
        } finally {
            started.countDown();
        }
        stopped.await();
        return 0;
    }

    private static void flushLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }
}
