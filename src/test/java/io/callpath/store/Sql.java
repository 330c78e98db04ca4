package io.callpath.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Test-side reads of the shared database, or of any other (a PBX rig's). */
public final class Sql {

    private Sql() {}

    static List<Map<String, Object>> rows(String query, Object... parameters) {
        return rows(SharedPostgres.dataSource(), query, parameters);
    }

    public static List<Map<String, Object>> rows(DataSource dataSource, String query, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(query)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = statement.executeQuery()) {
                ResultSetMetaData meta = row.getMetaData();
                List<Map<String, Object>> rows = new ArrayList<>();
                while (row.next()) {
                    Map<String, Object> values = new LinkedHashMap<>();
                    for (int column = 1; column <= meta.getColumnCount(); column++) {
                        values.put(meta.getColumnLabel(column), row.getObject(column));
                    }
                    rows.add(values);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(query + ": " + e.getMessage(), e);
        }
    }

    static long count(String query, Object... parameters) {
        return ((Number) rows(query, parameters).get(0).values().iterator().next()).longValue();
    }
}
