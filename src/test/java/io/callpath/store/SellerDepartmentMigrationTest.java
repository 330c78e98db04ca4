package io.callpath.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** V2 adds calls.seller_department and fills it for calls stored before, from their SELLER_ANSWERED events. */
class SellerDepartmentMigrationTest {

    @Test
    void callsStoredBeforeV2GetTheDepartmentOfTheSellerTheyReached() throws SQLException {
        String database = "v2_migration";
        String url = SharedPostgres.freshDatabase(database);
        try {
            Flyway.configure()
                    .dataSource(url, "postgres", "")
                    .locations("classpath:db/migration")
                    .target("1")
                    .load()
                    .migrate();
            try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                    Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO calls (linked_id, t0, seller, outcome) VALUES "
                        + "('reached', now(), 'PJSIP/101', 'reached_seller'), ('abandoned', now(), null, 'abandoned')");
                statement.execute(
                        "INSERT INTO call_events (event_id, linked_id, session_id, type, wall_time, offset_ms, attributes) VALUES "
                                + "(gen_random_uuid(), 'reached', 's/answered', 'SELLER_ANSWERED', now(), 4000, "
                                + "'{\"seller\": \"PJSIP/102\", \"department\": \"sales\"}'), "
                                + "(gen_random_uuid(), 'reached', 's/answered', 'SELLER_ANSWERED', now(), 9000, "
                                + "'{\"seller\": \"PJSIP/101\", \"department\": \"service\"}')");
            }

            Flyway.configure()
                    .dataSource(url, "postgres", "")
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();

            try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(
                            "SELECT linked_id, seller_department FROM calls ORDER BY linked_id")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("abandoned");
                assertThat(rows.getString(2)).isNull();
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("reached");
                assertThat(rows.getString(2)).isEqualTo("service");
            }
        } finally {
            SharedPostgres.dropDatabase(database);
        }
    }
}
