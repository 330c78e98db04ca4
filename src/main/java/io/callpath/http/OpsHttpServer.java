package io.callpath.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callpath.config.HttpSettings;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations endpoint on Javalin (Jetty): the wallboard page at {@code /} with its live stream {@code /events},
 * {@code /board} (the same JSON once), {@code /metrics} (Prometheus text), {@code /health/live} and
 * {@code /health/ready}. Every route but /health/live needs the token when one is set. Its own small thread pool:
 * nothing here runs on a call's thread, and a call never waits on it.
 */
final class OpsHttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OpsHttpServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_THREADS = 16;
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final Javalin app;

    private OpsHttpServer(Javalin app) {
        this.app = app;
    }

    /** Binds {@code settings.bind():settings.port()} and serves; throws with the keys to change when it cannot. */
    static OpsHttpServer start(
            HttpSettings settings,
            TokenGuard guard,
            PrometheusMeterRegistry registry,
            HealthWatch health,
            LiveFeed feed,
            BoardSubscribers subscribers,
            java.util.function.Consumer<io.javalin.config.JavalinConfig> moreRoutes) {
        byte[] page = resource("index.html");
        byte[] style = resource("wallboard.css");
        byte[] script = resource("wallboard.js");
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2);
        threads.setName("callpath-http");
        threads.setDaemon(true);
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = settings.bind();
            config.jetty.port = settings.port();
            config.jetty.threadPool = threads;
            config.routes.before(context -> {
                context.header("X-Content-Type-Options", "nosniff");
                context.header("Referrer-Policy", "no-referrer");
                context.header("Cache-Control", "no-store");
                context.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
                if (!context.path().equals("/health/live")) {
                    guard.check(context);
                }
            });
            config.routes.get("/", context -> serve(context, page, "text/html; charset=utf-8"));
            config.routes.get("/wallboard.css", context -> serve(context, style, "text/css; charset=utf-8"));
            config.routes.get("/wallboard.js", context -> serve(context, script, "text/javascript; charset=utf-8"));
            config.routes.get(
                    "/board", context -> context.contentType("application/json").result(feed.latestBoard()));
            config.routes.sse("/events", page1 -> {
                if (!subscribers.add(page1, feed.latestBoard())) {
                    page1.ctx().status(503);
                    page1.close();
                }
            });
            config.routes.get(
                    "/metrics", context -> context.contentType(PROMETHEUS_TEXT).result(registry.scrape()));
            config.routes.get("/health/live", context -> json(context, 200, Map.of("status", "live")));
            config.routes.get("/health/ready", context -> {
                HealthWatch.HealthReport report = health.ready();
                json(context, report.httpStatus(), report.detail());
            });
            moreRoutes.accept(config);
        });
        try {
            app.start();
        } catch (RuntimeException bindFailed) {
            app.stop();
            throw new IllegalStateException(
                    "cannot serve HTTP on " + settings.bind() + ":" + settings.port() + " (" + rootMessage(bindFailed)
                            + "): free the port or change http.port / http.bind, or set http.enabled: false",
                    bindFailed);
        }
        log.info(
                "HTTP serving on http://{}:{}/ (wallboard, /metrics, /health/ready){}",
                settings.bind(),
                app.port(),
                guard.required() ? " with a token" : "");
        return new OpsHttpServer(app);
    }

    int port() {
        return app.port();
    }

    private static void serve(Context context, byte[] body, String type) {
        context.contentType(type).result(body);
    }

    private static void json(Context context, int status, Object body) throws JsonProcessingException {
        context.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
    }

    private static byte[] resource(String name) {
        Supplier<String> path = () -> "/wallboard/" + name;
        try (InputStream in = OpsHttpServer.class.getResourceAsStream(path.get())) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + path.get() + ": rebuild it with mvn package");
            }
            return in.readAllBytes();
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    @Override
    public void close() {
        app.stop();
    }
}
