package io.callpath.store;

import java.sql.Connection;
import java.sql.SQLException;

/** One way to run JDBC work in a transaction. */
final class Transactions {

    /** Statements on the transaction's connection; its result is returned once committed. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws SQLException;
    }

    /** Work without a result. */
    @FunctionalInterface
    interface VoidWork {
        void run() throws SQLException;
    }

    private Transactions() {}

    /**
     * Runs {@code work} in one transaction on {@code connection}: commits when it returns, rolls back when it throws
     * (a failed rollback is added to the failure as suppressed) and leaves auto-commit as it found it.
     */
    static <T> T inTransaction(Connection connection, Work<T> work) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        if (autoCommit) {
            connection.setAutoCommit(false);
        }
        T result;
        try {
            result = work.run();
            connection.commit();
        } catch (SQLException | RuntimeException failure) {
            try {
                connection.rollback();
                if (autoCommit) {
                    connection.setAutoCommit(true);
                }
            } catch (SQLException rollbackFailure) {
                failure.addSuppressed(rollbackFailure);
            }
            throw failure;
        }
        if (autoCommit) {
            connection.setAutoCommit(true);
        }
        return result;
    }

    /** {@link #inTransaction(Connection, Work)} for work without a result. */
    static void runInTransaction(Connection connection, VoidWork work) throws SQLException {
        inTransaction(connection, () -> {
            work.run();
            return null;
        });
    }
}
