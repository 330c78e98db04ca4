package io.callpath.bench;

import io.callpath.app.CallpathApp;
import io.callpath.app.RunningCallpath;
import io.callpath.config.CallpathConfig;
import io.callpath.config.ConfigLoader;
import io.callpath.config.ServerSettings;
import io.callpath.store.WriterMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * Peer (a) in a child JVM: callpath's full flow with every event persisted in an embedded PostgreSQL of its own
 * (temp data and spool directories), started as {@code serve --config FILE} does ({@link CallpathApp}), plus the
 * bench control protocol. Child JVM main: {@code --port P [--config FILE] [--max-sessions N]} (a config's own
 * server.port gives way to P); without --config the bundled {@code callpath-bench.yaml} is filled in with the port, the session limit and temp directories.
 */
public final class CallpathServerChild {

    /** The class whose main runs callpath in production; peer (a) needs it on the classpath. */
    static final String CALLPATH_MAIN_CLASS = "io.callpath.Main";

    static final String CONFIG_TEMPLATE = "/io/callpath/bench/callpath-bench.yaml";

    private CallpathServerChild() {}

    /** True when callpath's main class is on the classpath, i.e. peer (a) can run. */
    static boolean available() {
        try {
            Class.forName(CALLPATH_MAIN_CLASS, false, CallpathServerChild.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The bench config: the template with port, session limit and fresh data/spool directories under {@code root}. */
    static String benchConfig(int port, int maxSessions, Path root) throws IOException {
        try (InputStream in = Objects.requireNonNull(
                CallpathServerChild.class.getResourceAsStream(CONFIG_TEMPLATE),
                "missing resource " + CONFIG_TEMPLATE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("@PORT@", Integer.toString(port))
                    .replace("@MAX_SESSIONS@", Integer.toString(maxSessions))
                    .replace("@DATA@", "\"" + root.resolve("pgdata") + "\"")
                    .replace("@SPOOL@", "\"" + root.resolve("spool") + "\"");
        }
    }

    /** The parent picked the port; a given config file's server.port gives way to it. */
    private static CallpathConfig onPort(CallpathConfig config, int port) {
        ServerSettings s = config.server();
        return new CallpathConfig(
                new ServerSettings(
                        s.bind(),
                        port,
                        s.allow(),
                        s.maxSessions(),
                        s.headerTimeout(),
                        s.commandTimeout(),
                        s.dialTimeout(),
                        s.shutdownGrace()),
                config.database(),
                config.metrics(),
                config.repeatCallers(),
                config.lines(),
                config.departments());
    }

    public static void main(String[] args) throws Exception {
        int port = ChildControl.intArg(args, "--port", 4573);
        String configFile = ChildControl.stringArg(args, "--config", "");
        CallpathConfig config;
        Path root = null;
        if (configFile.isEmpty()) {
            root = Files.createTempDirectory(ServerProcess.helperMarker(port));
            String yaml = benchConfig(port, ChildControl.intArg(args, "--max-sessions", 20_000), root);
            Files.writeString(root.resolve("callpath.yaml"), yaml, StandardCharsets.UTF_8);
            config = ConfigLoader.load(root.resolve("callpath.yaml"));
        } else {
            config = onPort(ConfigLoader.load(Path.of(configFile)), port);
        }
        LongAdder events = new LongAdder();
        RunningCallpath callpath = CallpathApp.builder(config)
                .environment(System.getenv())
                .alsoSendEventsTo(event -> events.increment())
                .build()
                .start();
        ChildControl.announceReadyAndServe(() -> {
            WriterMetrics writer = callpath.writer().metrics();
            return String.format(
                    Locale.ROOT,
                    "events=%d written=%d spooled=%d queued=%d dbReachable=%b",
                    events.sum(),
                    writer.writtenEvents(),
                    writer.spooledEvents(),
                    writer.queueDepth(),
                    writer.databaseReachable());
        });
        callpath.shutdown(java.time.Duration.ofSeconds(5));
        if (root != null) {
            deleteTree(root);
        }
        System.exit(0);
    }

    /** A run leaves hundreds of MB of PostgreSQL data; the numbers are printed, the rows are not needed. */
    private static void deleteTree(Path root) throws IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
