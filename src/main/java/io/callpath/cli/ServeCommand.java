package io.callpath.cli;

import ch.qos.logback.classic.LoggerContext;
import io.callpath.app.CallpathApp;
import io.callpath.app.RunningCallpath;
import io.callpath.config.CallpathConfig;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code callpath serve}: runs the FastAGI server until SIGTERM, then stops gracefully. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description =
                "Run the FastAGI server (embedded PostgreSQL unless database.url or CALLPATH_DATABASE_URL is set).")
final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    CallpathCommand callpath;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> environment = callpath.environment();
        CallpathConfig loaded = config.load(environment);
        CompletableFuture<RunningCallpath> started = new CompletableFuture<>();
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM: drain calls in flight, flush events, stop the database (RunningCallpath.shutdown), then the logs.
        // The hook is
        // there before the start: calls are served from the moment the FastAGI port listens, while the rest (HTTP)
        // still
        // starts, and a SIGTERM then must not drop them; the hook waits for the start to end, then stops.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                started.join().close();
                            } catch (CompletionException startFailed) {
                                // Nothing to stop: a failed start closes what it had started.
                            } finally {
                                stopped.countDown();
                                flushLogs();
                            }
                        },
                        "callpath-shutdown"));
        try {
            started.complete(
                    CallpathApp.builder(loaded).environment(environment).build().start());
        } catch (RuntimeException startFailed) {
            started.completeExceptionally(startFailed);
            throw startFailed;
        }
        stopped.await();
        return 0;
    }

    /** The log lines of the shutdown itself are queued in the async appender: write them before the JVM halts. */
    private static void flushLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }
}
