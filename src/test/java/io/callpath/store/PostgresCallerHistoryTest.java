package io.callpath.store;

import static io.callpath.store.RepeatCallerTime.CLOCK;
import static io.callpath.store.RepeatCallerTime.DAY;
import static io.callpath.store.RepeatCallerTime.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.zaxxer.hikari.HikariDataSource;
import io.callpath.config.DatabaseSettings;
import io.callpath.events.CallTimeline;
import io.callpath.events.EventType;
import io.callpath.events.Phase;
import io.callpath.flow.CallerHistory.PreviousCall;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(CleanTables.class)
class PostgresCallerHistoryTest {

    @Test
    void repeatCallerGetsTheLatestCallAndTheLastSellerWhoSpokeWithThem() throws SQLException {
        store(PostgresEventWriterTest.reachedSeller("morning", NOW.minus(Duration.ofHours(3)), "+1555", "s1")
                .events());
        store(CallStory.call("noon-abandoned", NOW.minus(Duration.ofHours(1)), "+1555")
                .phase(Phase.INFORMER, 0)
                .event(EventType.CALLER_HUNG_UP, 2_000, Map.of())
                .events());

        try (PostgresCallerHistory history = history(SharedPostgres.dataSource())) {
            assertThat(history.lookup("+1555", "now", DAY))
                    .contains(new PreviousCall(NOW.minus(Duration.ofHours(1)), "s1"));
        }
    }

    @Test
    void repeatCallerGetsTheDepartmentTheirLastSellerWasRungFor() throws SQLException {
        store(CallStory.call("morning", NOW.minus(Duration.ofHours(3)), "+1556")
                .phase(Phase.SELLER_RINGING, 0)
                .event(EventType.SELLER_ANSWERED, 4_000, Map.of("seller", "s1", "department", "service"))
                .phase(Phase.WHISPER, 4_000)
                .event(EventType.SELLER_CONNECTED, 6_000, Map.of("seller", "s1", "department", "service"))
                .events());

        try (PostgresCallerHistory history = history(SharedPostgres.dataSource())) {
            assertThat(history.lookup("+1556", "now", DAY))
                    .contains(new PreviousCall(NOW.minus(Duration.ofHours(3)), "s1", "service"));
        }
    }

    @Test
    void theCurrentCallIsNotItsOwnPreviousCall() throws SQLException {
        store(PostgresEventWriterTest.reachedSeller("now", NOW.minusSeconds(40), "+1555", "s1")
                .events());

        try (PostgresCallerHistory history = history(SharedPostgres.dataSource())) {
            assertThat(history.lookup("+1555", "now", DAY)).isEmpty();
        }
    }

    @Test
    void callsOutsideTheWindowAreForgotten() throws SQLException {
        store(PostgresEventWriterTest.reachedSeller("last-week", NOW.minus(Duration.ofDays(7)), "+1555", "s1")
                .events());

        try (PostgresCallerHistory history = history(SharedPostgres.dataSource())) {
            assertThat(history.lookup("+1555", "now", DAY)).isEmpty();
        }
    }

    @Test
    void callersWithoutANumberAreNeverRepeatCallers() throws SQLException {
        store(PostgresEventWriterTest.reachedSeller("earlier", NOW.minus(Duration.ofHours(1)), "unknown", "s1")
                .events());

        try (PostgresCallerHistory history = history(SharedPostgres.dataSource())) {
            assertThat(history.lookup("unknown", "now", DAY)).isEmpty();
            assertThat(history.lookup("", "now", DAY)).isEmpty();
        }
    }

    @Test
    void aDatabaseThatNeverAnswersMeansANewCallerWithinTheBudget() throws Exception {
        try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                HikariDataSource silent = ConnectionPools.main(
                        "jdbc:postgresql://127.0.0.1:" + blackHole.getLocalPort() + "/postgres", "postgres", "", 2);
                PostgresCallerHistory history = history(silent)) {
            // the pool alone would wait 2 s for a connection; the lookup budget is 200 ms
            Optional<PreviousCall> answer =
                    assertTimeoutPreemptively(Duration.ofMillis(1_500), () -> history.lookup("+1555", "now", DAY));
            assertThat(answer).isEmpty();
        }
    }

    @Test
    void aDatabaseThatRefusesConnectionsMeansANewCaller() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        try (HikariDataSource down = ConnectionPools.main(
                        "jdbc:postgresql://127.0.0.1:" + closedPort + "/postgres", "postgres", "", 2);
                PostgresCallerHistory history = history(down)) {
            assertThat(history.lookup("+1555", "now", DAY)).isEmpty();
        }
    }

    @Test
    void lookupConnectionsAreOpenedWithTheLookupTimeoutAsTheirStatementTimeout() throws SQLException {
        try (HikariDataSource lookups = ConnectionPools.lookups(
                        SharedPostgres.database().jdbcUrl(), "postgres", "", Duration.ofMillis(200));
                Connection connection = lookups.getConnection();
                java.sql.Statement show = connection.createStatement();
                java.sql.ResultSet row = show.executeQuery("SHOW statement_timeout")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo("200ms");
            assertThat(connection.getAutoCommit())
                    .as("a lookup is one statement, no transaction around it")
                    .isTrue();
        }
    }

    @Test
    @SuppressWarnings("try") // the two connections are held only to take the writers' pool
    void lookupsAnswerWhileEveryConnectionOfTheWritersPoolIsTaken() throws Exception {
        store(PostgresEventWriterTest.reachedSeller("morning", NOW.minus(Duration.ofHours(3)), "+1555", "s1")
                .events());
        // two: Flyway's migration at start needs both
        DatabaseSettings twoPooledConnections = new DatabaseSettings(
                SharedPostgres.database().jdbcUrl(),
                "postgres",
                "",
                Path.of("unused"),
                0,
                Path.of("unused"),
                1000,
                100,
                2,
                Duration.ofMillis(200));
        try (Database database = Database.start(twoPooledConnections, Map.of());
                Connection writersFirst = database.dataSource().getConnection();
                Connection writersSecond = database.dataSource().getConnection();
                PostgresCallerHistory history = history(database.lookupDataSource())) {
            assertThat(history.lookupAsync("+1555", "now", DAY).get(5, TimeUnit.SECONDS))
                    .contains(new PreviousCall(NOW.minus(Duration.ofHours(3)), "s1"));
        }
    }

    @Test
    void asyncLookupOfADatabaseThatNeverAnswersCompletesEmptyWithinTheBudget() throws Exception {
        try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                HikariDataSource silent = ConnectionPools.lookups(
                        "jdbc:postgresql://127.0.0.1:" + blackHole.getLocalPort() + "/postgres",
                        "postgres",
                        "",
                        Duration.ofMillis(200));
                PostgresCallerHistory history = history(silent)) {
            assertThat(history.lookupAsync("+1555", "now", DAY).get(1_500, TimeUnit.MILLISECONDS))
                    .isEmpty();
        }
    }

    private static PostgresCallerHistory history(javax.sql.DataSource dataSource) {
        return new PostgresCallerHistory(dataSource, Duration.ofMillis(200), CLOCK, 2);
    }

    private static void store(List<io.callpath.events.CallEvent> events) throws SQLException {
        try (Connection connection = SharedPostgres.dataSource().getConnection()) {
            CallRows.upsert(
                    connection,
                    List.of(new CallRows.Row(
                            CallTimeline.summarize(events.get(0).linkedId(), events), Map.of())));
        }
    }
}
