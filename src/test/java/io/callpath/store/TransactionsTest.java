package io.callpath.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against the real embedded PostgreSQL: a scratch table of its own. */
class TransactionsTest {

    @BeforeEach
    void createTable() throws SQLException {
        execute("DROP TABLE IF EXISTS transactions_test");
        execute("CREATE TABLE transactions_test (n int)");
    }

    @AfterEach
    void dropTable() throws SQLException {
        execute("DROP TABLE IF EXISTS transactions_test");
    }

    @Test
    void workThatReturnsIsCommittedAndItsResultReturned() throws SQLException {
        try (Connection connection = SharedPostgres.dataSource().getConnection()) {
            int inserted = Transactions.inTransaction(connection, () -> {
                try (Statement statement = connection.createStatement()) {
                    return statement.executeUpdate("INSERT INTO transactions_test VALUES (1), (2)");
                }
            });

            assertThat(inserted).isEqualTo(2);
            assertThat(connection.getAutoCommit()).isTrue();
        }
        assertThat(Sql.count("SELECT count(*) FROM transactions_test")).isEqualTo(2);
    }

    @Test
    void workThatThrowsIsRolledBackAndItsFailureKept() throws SQLException {
        IllegalStateException failure = new IllegalStateException("the fold failed");
        try (Connection connection = SharedPostgres.dataSource().getConnection()) {
            assertThatThrownBy(() -> Transactions.runInTransaction(connection, () -> {
                        try (Statement statement = connection.createStatement()) {
                            statement.executeUpdate("INSERT INTO transactions_test VALUES (1)");
                        }
                        throw failure;
                    }))
                    .isSameAs(failure);

            assertThat(connection.getAutoCommit()).isTrue();
        }
        assertThat(Sql.count("SELECT count(*) FROM transactions_test")).isZero();
    }

    @Test
    void aFailedStatementRollsBackTheStatementsBeforeIt() throws SQLException {
        try (Connection connection = SharedPostgres.dataSource().getConnection()) {
            assertThatThrownBy(() -> Transactions.runInTransaction(connection, () -> {
                        try (Statement statement = connection.createStatement()) {
                            statement.executeUpdate("INSERT INTO transactions_test VALUES (1)");
                            statement.executeUpdate("INSERT INTO no_such_table VALUES (1)");
                        }
                    }))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("no_such_table");
        }
        assertThat(Sql.count("SELECT count(*) FROM transactions_test")).isZero();
    }

    @Test
    void aConnectionAlreadyInATransactionIsLeftSo() throws SQLException {
        try (Connection connection = SharedPostgres.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            Transactions.runInTransaction(connection, () -> {
                try (Statement statement = connection.createStatement()) {
                    statement.executeUpdate("INSERT INTO transactions_test VALUES (1)");
                }
            });

            assertThat(connection.getAutoCommit()).isFalse();
            connection.setAutoCommit(true);
        }
        assertThat(Sql.count("SELECT count(*) FROM transactions_test")).isEqualTo(1);
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = SharedPostgres.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
