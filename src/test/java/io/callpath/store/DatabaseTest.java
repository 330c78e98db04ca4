package io.callpath.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

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

    private static String serviceLevelSettings() throws SQLException {
        try (Connection connection = SharedPostgres.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT service_level_target_ms, short_abandon_ms FROM settings")) {
            row.next();
            return row.getLong(1) + "/" + row.getLong(2);
        }
    }
}
