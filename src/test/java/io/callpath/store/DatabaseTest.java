package io.callpath.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpath.config.DatabaseSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

    @Test
    void embeddedDatabaseIsMigratedAndHasTheDefaultServiceLevel() throws SQLException {
        Database database = SharedPostgres.database();
        SharedPostgres.clean();

        assertThat(database.jdbcUrl()).startsWith("jdbc:postgresql://localhost:");
        assertThat(serviceLevelSettings()).isEqualTo("10000/5000");
    }

    @Test
    void serviceLevelSettingsComeFromTheServer() throws SQLException {
        SharedPostgres.clean();

        SharedPostgres.database().updateServiceLevel(Duration.ofSeconds(15), Duration.ofSeconds(3));

        assertThat(serviceLevelSettings()).isEqualTo("15000/3000");
        SharedPostgres.clean();
    }

    @Test
    void aServiceLevelSetWhileTheDatabaseIsDownIsStoredOnceItIsMigrated(@TempDir Path spool) throws Exception {
        SharedPostgres.clean();
        try (CuttableProxy proxy = new CuttableProxy(SharedPostgres.port())) {
            proxy.cut();
            DatabaseSettings throughProxy = new DatabaseSettings(
                    "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/postgres",
                    "postgres",
                    "",
                    spool.resolve("unused"),
                    0,
                    spool,
                    1000,
                    100,
                    2,
                    Duration.ofMillis(200));
            try (Database database = Database.startServing(throughProxy, Map.of())) {
                database.updateServiceLevel(Duration.ofSeconds(20), Duration.ofSeconds(4));
                assertThat(database.migrated()).isFalse();

                proxy.restore();
                await("migrated in the background")
                        .atMost(Duration.ofSeconds(20))
                        .until(database::migrated);
            }
        }
        assertThat(serviceLevelSettings()).isEqualTo("20000/4000");
        SharedPostgres.clean();
    }

    private static String serviceLevelSettings() throws SQLException {
        try (Connection connection = SharedPostgres.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet row =
                        statement.executeQuery("SELECT service_level_target_ms, short_abandon_ms FROM settings")) {
            row.next();
            return row.getLong(1) + "/" + row.getLong(2);
        }
    }
}
