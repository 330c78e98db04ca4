package io.callpath.http;

import io.callpath.app.CallpathApp;
import io.callpath.app.RunningCallpath;
import io.callpath.config.CallpathConfig;
import io.callpath.config.ConfigLoader;
import io.callpath.config.DatabaseSettings;
import io.callpath.config.HttpSettings;
import io.callpath.config.ServerSettings;
import io.callpath.events.EventSink;
import io.callpath.events.SessionClock;
import io.callpath.store.SharedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/** A whole callpath (CallpathApp) on free ports with its HTTP endpoint, on the tests' shared PostgreSQL. */
final class LiveOpsRig implements AutoCloseable {

    final RunningCallpath callpath;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    LiveOpsRig(String token, Clock wallClock, Supplier<SessionClock> sessionClocks) {
        this(token, wallClock, sessionClocks, event -> {});
    }

    LiveOpsRig(String token, Clock wallClock, Supplier<SessionClock> sessionClocks, EventSink seen) {
        this.callpath = CallpathApp.builder(config(token))
                .alsoSendEventsTo(seen)
                .wallClock(wallClock)
                .sessionClock(sessionClocks)
                .build()
                .start();
    }

    /** The demo lines with the promo before the menu (the e2e tests' fixture), so the calls' phases are those of FullStackTest. */
    static CallpathConfig config(String token) {
        return config(
                token,
                Path.of("src/test/resources/callpath-before.yaml"),
                SharedPostgres.database().jdbcUrl());
    }

    /** {@code fixture}'s lines and departments on the database at {@code jdbcUrl} and free ports. */
    static CallpathConfig config(String token, Path fixture, String jdbcUrl) {
        CallpathConfig defaults = ConfigLoader.load(fixture);
        try {
            Path spool = Files.createTempDirectory("callpath-http-spool");
            DatabaseSettings database = new DatabaseSettings(
                    jdbcUrl,
                    "postgres",
                    "",
                    spool.resolve("pgdata-unused"),
                    0,
                    spool,
                    1_000,
                    50,
                    4,
                    Duration.ofSeconds(2));
            ServerSettings server = new ServerSettings(
                    "127.0.0.1",
                    0,
                    List.of("127.0.0.1"),
                    50,
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(5),
                    Duration.ofMinutes(5),
                    Duration.ofSeconds(2));
            return new CallpathConfig(
                    server,
                    database,
                    defaults.metrics(),
                    defaults.repeatCallers(),
                    defaults.lines(),
                    defaults.departments(),
                    new HttpSettings(true, "127.0.0.1", 0, token));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String base() {
        return "http://127.0.0.1:" + callpath.httpPort();
    }

    HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        callpath.shutdown(Duration.ofSeconds(2));
    }
}
