package io.callpath.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/** The service-level definition the dashboard views read from the one-row table {@code settings}. */
record ServiceLevel(Duration target, Duration shortAbandon) {

    /** Stores it; the schema must be migrated. */
    void writeTo(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE settings SET service_level_target_ms = ?, short_abandon_ms = ?")) {
            update.setLong(1, target.toMillis());
            update.setLong(2, shortAbandon.toMillis());
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not update the settings table: " + e.getMessage(), e);
        }
    }
}
