package io.callpath.cli;

import io.callpath.Callpath;
import io.callpath.config.CallpathConfig;
import io.callpath.config.ConfigLoader;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
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
        Callpath callpath = Callpath.start(loaded, System.getenv(), event -> { });
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM: drain calls in flight, flush events, stop the database (Callpath.shutdown), then the logs.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                callpath.close();
            } finally {
                stopped.countDown();
                flushLogs();
            }
        }, "callpath-shutdown"));
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
