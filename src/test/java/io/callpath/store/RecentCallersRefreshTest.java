package io.callpath.store;

import static io.callpath.store.RepeatCallerTime.CLOCK;
import static io.callpath.store.RepeatCallerTime.DAY;
import static io.callpath.store.RepeatCallerTime.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.callpath.flow.CallerHistory.PreviousCall;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

@ExtendWith(CleanTables.class)
class RecentCallersRefreshTest {

    @Test
    void aNewCallerIsAnsweredWithoutTakingAConnection() throws Exception {
        insertCall("yesterday", "+1555", NOW.minus(Duration.ofHours(3)), "s1");
        RecentCallers recent = new RecentCallers(100);
        refresh(SharedPostgres.dataSource(), recent).refresh();
        ConnectionCountingDataSource lookups = new ConnectionCountingDataSource(SharedPostgres.dataSource());

        try (PostgresCallerHistory history = history(lookups, recent)) {
            assertThat(history.lookupAsync("+1999", "now", DAY).get(5, TimeUnit.SECONDS))
                    .isEmpty();
            assertThat(lookups.taken())
                    .as("no round trip for a number the index rules out")
                    .isZero();

            assertThat(history.lookupAsync("+1555", "now", DAY).get(5, TimeUnit.SECONDS))
                    .contains(new PreviousCall(NOW.minus(Duration.ofHours(3)), "s1"));
            assertThat(lookups.taken())
                    .as("a number in the index still asks the database for its seller")
                    .isOne();
        }
    }

    @Test
    void beforeTheFirstRefreshEveryLookupAsksTheDatabase() throws Exception {
        ConnectionCountingDataSource lookups = new ConnectionCountingDataSource(SharedPostgres.dataSource());

        try (PostgresCallerHistory history = history(lookups, new RecentCallers(100))) {
            assertThat(history.lookupAsync("+1999", "now", DAY).get(5, TimeUnit.SECONDS))
                    .isEmpty();
            assertThat(lookups.taken()).isOne();
        }
    }

    @Test
    void aCallTakenByAnotherServerIsFoundAfterTheNextRefresh() throws Exception {
        RecentCallers recent = new RecentCallers(100);
        RecentCallersRefresh refresh = refresh(SharedPostgres.dataSource(), recent);
        refresh.refresh();
        // another server's writer commits the row
        insertCall("elsewhere", "+1777", NOW.minusSeconds(5), "s2");

        try (PostgresCallerHistory history = history(SharedPostgres.dataSource(), recent)) {
            assertThat(history.lookup("+1777", "now", DAY))
                    .as("the documented gap: not refreshed yet")
                    .isEmpty();
            refresh.refresh();
            assertThat(history.lookup("+1777", "now", DAY)).contains(new PreviousCall(NOW.minusSeconds(5), "s2"));
        }
    }

    @Test
    void aRowCommittedLateWithAnOlderT0IsStillRead() throws Exception {
        insertCall("first", "+1001", NOW.minusSeconds(2), null);
        RecentCallers recent = new RecentCallers(100);
        RecentCallersRefresh refresh = refresh(SharedPostgres.dataSource(), recent);
        refresh.refresh();
        // arrived before the newest call the index knows, committed after the refresh read
        insertCall("late", "+1002", NOW.minusSeconds(8), null);

        refresh.refresh();

        assertThat(recent.mayHaveCalledSince("+1002", NOW.minus(DAY))).isTrue();
    }

    @Test
    void thisServersOwnCallsAreKnownAtOnce() throws Exception {
        RecentCallers recent = new RecentCallers(100);
        refresh(SharedPostgres.dataSource(), recent).refresh();
        ConnectionCountingDataSource lookups = new ConnectionCountingDataSource(SharedPostgres.dataSource());

        try (PostgresCallerHistory history = history(lookups, recent)) {
            history.remember("+1888", "first", null, null, NOW.minusSeconds(30));
            history.lookupAsync("+1888", "second", DAY).get(5, TimeUnit.SECONDS);
            assertThat(lookups.taken())
                    .as("remembered, so the database is asked")
                    .isOne();
        }
    }

    @Test
    void callsOutsideTheWindowAreNotLoaded() throws Exception {
        insertCall("last-week", "+1555", NOW.minus(Duration.ofDays(7)), "s1");
        RecentCallers recent = new RecentCallers(100);

        refresh(SharedPostgres.dataSource(), recent).refresh();

        assertThat(recent.size()).isZero();
        assertThat(recent.mayHaveCalledSince("+1555", NOW.minus(DAY))).isFalse();
    }

    @Test
    void aFailedRefreshLeavesTheIndexAsItWas() throws Exception {
        insertCall("morning", "+1555", NOW.minus(Duration.ofHours(3)), "s1");
        RecentCallers recent = new RecentCallers(100);
        refresh(SharedPostgres.dataSource(), recent).refresh();
        RecentCallersRefresh failing = refresh(refusingConnections(), recent);

        assertThatThrownBy(failing::refresh).isInstanceOf(SQLException.class);

        assertThat(recent.mayHaveCalledSince("+1555", NOW.minus(DAY))).isTrue();
        assertThat(recent.mayHaveCalledSince("+1999", NOW.minus(DAY))).isFalse();
    }

    private static DataSource refusingConnections() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        PGSimpleDataSource refusing = new PGSimpleDataSource();
        refusing.setUrl("jdbc:postgresql://127.0.0.1:" + closedPort + "/postgres");
        refusing.setConnectTimeout(1);
        return refusing;
    }

    private static RecentCallersRefresh refresh(DataSource dataSource, RecentCallers recent) {
        return new RecentCallersRefresh(dataSource, recent, DAY, Duration.ofSeconds(10), Duration.ofSeconds(5), CLOCK);
    }

    private static PostgresCallerHistory history(DataSource dataSource, RecentCallers recent) {
        return new PostgresCallerHistory(dataSource, Duration.ofSeconds(2), CLOCK, 2, recent);
    }

    private static void insertCall(String linkedId, String callerNumber, Instant t0, String seller)
            throws SQLException {
        try (Connection connection = SharedPostgres.dataSource().getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO calls (linked_id, caller_number, t0, seller) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, linkedId);
            insert.setString(2, callerNumber);
            insert.setTimestamp(3, Timestamp.from(t0));
            insert.setString(4, seller);
            insert.executeUpdate();
        }
    }
}
