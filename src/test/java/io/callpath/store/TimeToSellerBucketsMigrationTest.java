package io.callpath.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * V10 defines the hourly and daily time-to-seller views once (time_to_seller_by(grain)): on the same calls they give the
 * same rows as V3's two queries, and a dashboard's query on them is planned the same (the function is inlined).
 */
class TimeToSellerBucketsMigrationTest {

    private static final String CALLS = "INSERT INTO calls (linked_id, t0, line, route, source, outcome, menu_ms, "
            + "time_to_seller_ms) "
            + "SELECT 'call-' || i, timestamptz '2026-11-02 00:00:00+00' + (i * 7919 % 259200) * interval '1 second', "
            + "(ARRAY['main', 'promo', NULL])[i % 3 + 1], (ARRAY['sales', 'service', 'assistant', NULL])[i % 4 + 1], "
            + "(ARRAY['google', 'radio', NULL])[i / 3 % 3 + 1], "
            + "(ARRAY['reached_seller', 'abandoned', 'no_seller', 'reached_seller', NULL])[i / 4 % 5 + 1], "
            + "i * 37 % 20000, CASE WHEN i / 4 % 5 IN (0, 3) THEN i * 53 % 30000 END "
            + "FROM generate_series(1, 2000) AS i";
    private static final List<String> QUERIES = List.of(
            "SELECT * FROM v_time_to_seller_hourly ORDER BY bucket, line, route, source",
            "SELECT * FROM v_time_to_seller_daily ORDER BY bucket, line, route, source",
            // the dashboard's query (deploy/grafana/dashboards/callpath.json)
            "SELECT bucket AS day, line, route, source, offered, reached, short_abandons, round(p50_ms / 1000.0, 1) AS p50_s, "
                    + "service_level FROM v_time_to_seller_daily WHERE bucket >= date_trunc('day', timestamptz "
                    + "'2026-11-03 05:00:00+00') AND bucket < timestamptz '2026-11-05 00:00:00+00' "
                    + "ORDER BY bucket DESC, offered DESC, line, route, source");

    @Test
    void theViewsGiveTheSameRowsAndPlansAsBeforeV10() throws SQLException {
        String database = "v10_migration_" + ProcessHandle.current().pid();
        try (Connection admin = SharedPostgres.dataSource().getConnection();
                Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database);
            statement.execute("CREATE DATABASE " + database);
        }
        String url = SharedPostgres.database().jdbcUrl().replaceAll("/[^/?]+(\\?.*)?$", "/" + database);
        try {
            Flyway.configure()
                    .dataSource(url, "postgres", "")
                    .locations("classpath:db/migration")
                    .target("9")
                    .load()
                    .migrate();
            List<List<Map<String, Object>>> rowsBefore = new ArrayList<>();
            List<List<Map<String, Object>>> plansBefore = new ArrayList<>();
            try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                    Statement statement = connection.createStatement()) {
                statement.execute(CALLS);
                statement.execute("ANALYZE calls");
                for (String query : QUERIES) {
                    rowsBefore.add(rows(statement, query));
                    plansBefore.add(rows(statement, "EXPLAIN (COSTS OFF) " + query));
                }
            }

            Flyway.configure()
                    .dataSource(url, "postgres", "")
                    .locations("classpath:db/migration")
                    .target("10")
                    .load()
                    .migrate();

            try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                    Statement statement = connection.createStatement()) {
                assertThat(rowsBefore.get(0)).hasSizeGreaterThan(100);
                assertThat(rowsBefore.get(2)).isNotEmpty();
                for (int i = 0; i < QUERIES.size(); i++) {
                    assertThat(rows(statement, QUERIES.get(i)))
                            .as(QUERIES.get(i))
                            .isEqualTo(rowsBefore.get(i));
                    assertThat(rows(statement, "EXPLAIN (COSTS OFF) " + QUERIES.get(i)))
                            .as("plan of " + QUERIES.get(i))
                            .isEqualTo(plansBefore.get(i));
                }
            }
        } finally {
            try (Connection admin = SharedPostgres.dataSource().getConnection();
                    Statement statement = admin.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + database);
            }
        }
    }

    private static List<Map<String, Object>> rows(Statement statement, String query) throws SQLException {
        try (ResultSet row = statement.executeQuery(query)) {
            ResultSetMetaData meta = row.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (row.next()) {
                Map<String, Object> values = new LinkedHashMap<>();
                for (int column = 1; column <= meta.getColumnCount(); column++) {
                    values.put(
                            meta.getColumnLabel(column) + " " + meta.getColumnTypeName(column), row.getObject(column));
                }
                rows.add(values);
            }
            return rows;
        }
    }
}
