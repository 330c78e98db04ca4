package io.callpath.kit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.callpath.store.SharedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every SQL query of the Grafana dashboard against an embedded PostgreSQL migrated by the real Flyway migrations,
 * with a few known calls in it, so a renamed view or column breaks the build instead of a panel.
 */
class DashboardQueriesTest {

    private static final Path DASHBOARD = Path.of("deploy", "grafana", "dashboards", "callpath.json");
    private static final Path DATASOURCE = Path.of("deploy", "grafana", "provisioning", "datasources", "callpath.yaml");
    /** Override with -Dcallpath.migrations=filesystem:/other/tree/src/main/resources/db/migration to try another branch's schema. */
    private static final String MIGRATIONS =
            System.getProperty("callpath.migrations", "filesystem:src/main/resources/db/migration");

    private static final Pattern TIME_FILTER = Pattern.compile("\\$__timeFilter\\(([^)]+)\\)");
    private static final Pattern TIME_GROUP_ALIAS =
            Pattern.compile("\\$__timeGroupAlias\\(([^,]+),\\s*(\\d+)([smhd])\\)");
    private static final Instant FROM = Instant.now().minus(6, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    private static final Instant TO = Instant.now().plus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);

    private static final String DATABASE = "dashboard_queries";
    private static String url;

    @BeforeAll
    static void migratedDatabaseWithKnownCalls() throws IOException, SQLException {
        Path migrations = Path.of(MIGRATIONS.replaceFirst("^filesystem:", ""));
        assertThat(migrations).as("the Flyway migrations the dashboard reads").isDirectoryContaining("glob:**.sql");
        url = SharedPostgres.freshDatabase(DATABASE);
        Flyway.configure()
                .dataSource(url, "postgres", "")
                .locations(MIGRATIONS)
                .load()
                .migrate();
        try (Connection connection = connection();
                Statement statement = connection.createStatement()) {
            statement.execute(Files.readString(
                    Path.of("src", "test", "resources", "io", "callpath", "kit", "dashboard-calls.sql")));
        }
    }

    @AfterAll
    static void dropDatabase() {
        SharedPostgres.dropDatabase(DATABASE);
    }

    private static Connection connection() throws SQLException {
        return DriverManager.getConnection(url, "postgres", "");
    }

    @TestFactory
    Stream<DynamicTest> everyPanelQueryRunsAndShowsTheKnownCalls() throws IOException {
        List<Panel> panels = panels();
        assertThat(panels).hasSizeGreaterThanOrEqualTo(10);
        return panels.stream()
                .map(panel -> DynamicTest.dynamicTest(panel.title(), () -> {
                    List<List<Object>> rows = new ArrayList<>();
                    List<String> columns = new ArrayList<>();
                    try (Connection connection = connection();
                            Statement statement = connection.createStatement();
                            ResultSet result = statement.executeQuery(grafanaExpanded(panel.sql()))) {
                        ResultSetMetaData meta = result.getMetaData();
                        for (int column = 1; column <= meta.getColumnCount(); column++) {
                            columns.add(meta.getColumnLabel(column));
                        }
                        while (result.next()) {
                            List<Object> row = new ArrayList<>();
                            for (int column = 1; column <= meta.getColumnCount(); column++) {
                                row.add(result.getObject(column));
                            }
                            rows.add(row);
                        }
                    }
                    assertThat(rows)
                            .as("%s returns rows for the known calls", panel.title())
                            .isNotEmpty();
                    assertThat(rows.get(0))
                            .as("%s shows values, not only nulls", panel.title())
                            .anyMatch(value -> value != null);
                    if (panel.format().equals("time_series")) {
                        assertThat(columns.get(0))
                                .as("Grafana needs the time column first")
                                .isEqualTo("time");
                    }
                }));
    }

    @Test
    void everyPanelReadsTheProvisionedDatasource() throws IOException {
        String provisionedUid = Files.readAllLines(DATASOURCE).stream()
                .map(String::strip)
                .filter(line -> line.startsWith("uid:"))
                .map(line -> line.substring("uid:".length()).strip())
                .findFirst()
                .orElseThrow();
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(panel.at("/datasource/uid").asText())
                    .as(panel.get("title").asText())
                    .isEqualTo(provisionedUid);
            for (JsonNode target : panel.get("targets")) {
                assertThat(target.at("/datasource/uid").asText())
                        .as(panel.get("title").asText())
                        .isEqualTo(provisionedUid);
            }
        }
    }

    @Test
    void expansionReplacesEveryGrafanaMacroTheDashboardUses() {
        String expanded = grafanaExpanded(
                "SELECT $__timeGroupAlias(t0, 1h), 1 FROM calls WHERE $__timeFilter(t0) AND day < $__timeTo()"
                        + " AND day >= $__timeFrom()::timestamptz");
        assertThat(expanded)
                .doesNotContain("$")
                .contains("floor(extract(epoch from t0) / 3600) * 3600 AS \"time\"")
                .contains("t0 BETWEEN '" + FROM + "' AND '" + TO + "'");
    }

    /** Expands the macros the way Grafana's PostgreSQL datasource does; an unknown macro fails the test rather than being ignored. */
    private static String grafanaExpanded(String sql) {
        String expanded = TIME_FILTER
                .matcher(sql)
                .replaceAll(match ->
                        Matcher.quoteReplacement(match.group(1).strip() + " BETWEEN '" + FROM + "' AND '" + TO + "'"));
        expanded = TIME_GROUP_ALIAS
                .matcher(expanded)
                .replaceAll(match -> Matcher.quoteReplacement("floor(extract(epoch from "
                        + match.group(1).strip() + ") / " + seconds(match.group(2), match.group(3)) + ") * "
                        + seconds(match.group(2), match.group(3)) + " AS \"time\""));
        expanded = expanded.replace("$__timeFrom()", "'" + FROM + "'").replace("$__timeTo()", "'" + TO + "'");
        assertThat(expanded)
                .as("a Grafana macro or variable this test does not expand")
                .doesNotContain("$");
        return expanded;
    }

    private static long seconds(String amount, String unit) {
        long perUnit = switch (unit) {
            case "s" -> 1;
            case "m" -> 60;
            case "h" -> 3600;
            default -> 86_400;
        };
        return Long.parseLong(amount) * perUnit;
    }

    private record Panel(String title, String format, String sql) {}

    private static List<Panel> panels() throws IOException {
        List<Panel> panels = new ArrayList<>();
        collectPanels(new ObjectMapper().readTree(DASHBOARD.toFile()).get("panels"), panels);
        return panels;
    }

    /** Walks rows' nested panels too, so a query moved into a collapsed row is still checked. */
    private static void collectPanels(JsonNode panelList, List<Panel> into) {
        for (JsonNode panel : panelList) {
            if (panel.has("panels")) {
                collectPanels(panel.get("panels"), into);
            }
            for (JsonNode target : panel.path("targets")) {
                into.add(new Panel(
                        panel.get("title").asText() + " ["
                                + target.path("refId").asText() + "]",
                        target.path("format").asText("table"),
                        target.get("rawSql").asText()));
            }
        }
    }
}
