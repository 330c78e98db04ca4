package io.callpath.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.callpath.config.DatabaseSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL as callpath runs it: durable, restarted when it dies, a leftover stopped, one owner per directory. */
class SupervisedPostgresTest {

    @TempDir
    Path root;

    @Test
    void theEmbeddedServerRunsWithFsyncAndSynchronousCommit() throws Exception {
        try (Database database = Database.start(settings(), Map.of())) {
            assertThat(setting(database, "fsync")).isEqualTo("on");
            assertThat(setting(database, "synchronous_commit")).isEqualTo("on");
            assertThat(setting(database, "full_page_writes")).isEqualTo("on");
            assertThat(database.health().state()).isEqualTo(DatabaseHealth.State.UP);
        }
    }

    @Test
    void aKilledPostmasterIsRestartedAndItsDataIsThere() throws Exception {
        try (Database database = Database.start(settings(), Map.of())) {
            execute(database, "INSERT INTO settings_probe VALUES (1)", "CREATE TABLE settings_probe (id int)");
            long pid = database.embeddedPid().orElseThrow();

            EmbeddedPostmaster.signal(pid, "KILL");

            await("seen down")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> !database.health().up());
            await("restarted")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> database.health().up());
            assertThat(database.health().restarts()).isEqualTo(1);
            assertThat(database.embeddedPid().orElseThrow()).isNotEqualTo(pid);
            await("the pool reconnects").atMost(Duration.ofSeconds(20)).until(() -> countProbes(database) == 1);
        }
    }

    @Test
    void aPostmasterLeftRunningOnTheDataDirectoryIsStoppedAndTheStartWorks() throws Exception {
        Path data = root.resolve("pgdata");
        Path installation = PostgresBinaries.installation();
        EmbeddedPostmaster.initIfNeeded(installation, data);
        // what a kill -9 of callpath leaves: a postmaster whose owner is gone (no lock held on the directory)
        EmbeddedPostmaster leftover = EmbeddedPostmaster.start(installation, data, freePort(), Duration.ofSeconds(60));
        try {
            try (Database database = Database.start(settings(), Map.of())) {
                assertThat(leftover.alive()).isFalse();
                assertThat(database.health().up()).isTrue();
                assertThat(database.embeddedPid().orElseThrow()).isNotEqualTo(leftover.pid());
            }
        } finally {
            leftover.stop();
        }
    }

    @Test
    void aSecondCallpathOnTheSameDataDirectoryIsRefusedAndTheFirstKeepsRunning() {
        try (Database first = Database.start(settings(), Map.of())) {
            assertThatThrownBy(() -> Database.start(settings(), Map.of()))
                    .hasMessageContaining("another callpath is running on database.dataDirectory");
            assertThat(first.health().up()).isTrue();
        }
    }

    @Test
    void closeStopsThePostmasterAndReleasesTheDirectory() throws Exception {
        long pid;
        try (Database database = Database.start(settings(), Map.of())) {
            pid = database.embeddedPid().orElseThrow();
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
        assertThat(Files.exists(root.resolve("pgdata").resolve("postmaster.pid")))
                .isFalse();
        try (Database again = Database.start(settings(), Map.of())) {
            assertThat(again.health().up()).isTrue();
        }
    }

    private DatabaseSettings settings() {
        return new DatabaseSettings(
                null,
                "postgres",
                "",
                root.resolve("pgdata"),
                0,
                root.resolve("spool"),
                1000,
                100,
                4,
                Duration.ofMillis(200));
    }

    private static String setting(Database database, String name) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SHOW " + name)) {
            row.next();
            return row.getString(1);
        }
    }

    private static void execute(Database database, String... statements) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            for (int i = statements.length - 1; i >= 0; i--) {
                statement.execute(statements[i]);
            }
        }
    }

    private static long countProbes(Database database) {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT count(*) FROM settings_probe")) {
            row.next();
            return row.getLong(1);
        } catch (SQLException notYet) {
            return -1;
        }
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
