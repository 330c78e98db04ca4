package io.callpath.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.callpath.agi.FastAgiServer;
import io.callpath.config.DatabaseSettings;
import io.callpath.config.ServerSettings;
import io.callpath.events.CallTimeline;
import io.callpath.store.PostgresEventWriter;
import io.callpath.store.SharedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readiness from real parts: a listening FastAGI server, a writer, and a PostgreSQL that answers or does not. */
class HealthWatchTest {

    private static FastAgiServer listening() {
        FastAgiServer server = new FastAgiServer(
                new ServerSettings(
                        "127.0.0.1",
                        0,
                        List.of("127.0.0.1"),
                        5,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(10),
                        Duration.ZERO),
                Map.of(),
                (request, linkedId, reason) -> {});
        server.start();
        return server;
    }

    private static PostgresEventWriter writer(DataSource dataSource, Path spool) {
        DatabaseSettings settings =
                new DatabaseSettings(null, "postgres", "", spool, 0, spool, 100, 10, 2, Duration.ofMillis(200));
        return new PostgresEventWriter(
                dataSource, settings, CallTimeline::summarize, Duration.ofSeconds(1), System::nanoTime);
    }

    @Test
    void readyWithTheDatabaseUpDegradedWithItDownNotReadyOnceFastAgiStops(@TempDir Path spool) throws IOException {
        FastAgiServer server = listening();
        try (HikariDataSource down = poolToNothing();
                HealthWatch up = new HealthWatch(
                                server,
                                writer(SharedPostgres.database().dataSource(), spool),
                                SharedPostgres.database().dataSource(),
                                SharedPostgres.database()::health,
                                System::nanoTime)
                        .start();
                HealthWatch withoutDatabase = new HealthWatch(
                                server, writer(down, spool), down, SharedPostgres.database()::health, System::nanoTime)
                        .start()) {
            assertThat(up.ready().status()).isEqualTo("ready");
            assertThat(up.ready().httpStatus()).isEqualTo(200);

            HealthWatch.HealthReport degraded = withoutDatabase.ready();
            assertThat(degraded.status()).isEqualTo("degraded");
            assertThat(degraded.httpStatus()).as("calls are still served").isEqualTo(200);
            assertThat(degraded.detail().get("database"))
                    .asString()
                    .contains("up=false")
                    .contains("problem=");
            assertThat(withoutDatabase.databaseUp()).isFalse();

            server.shutdown(Duration.ZERO);
            assertThat(up.ready().status()).isEqualTo("not_ready");
            assertThat(up.ready().httpStatus()).isEqualTo(503);
        } finally {
            server.shutdown(Duration.ZERO);
        }
    }

    /** A pool whose server is gone: a port that was free a moment ago. */
    private static HikariDataSource poolToNothing() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + port + "/postgres");
        config.setUsername("postgres");
        config.setConnectionTimeout(250);
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("connectTimeout", "1");
        return new HikariDataSource(config);
    }
}
