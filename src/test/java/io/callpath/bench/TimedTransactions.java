package io.callpath.bench;

import io.callpath.testing.DelegatingDataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import javax.sql.DataSource;

/**
 * A DataSource that times each writer batch from taking its connection to its commit: how long a batch's events wait
 * in the transaction, the part of an event's age that the batch size sets.
 */
final class TimedTransactions extends DelegatingDataSource {

    private final long[] nanos = new long[1 << 20];
    private int count;

    TimedTransactions(DataSource delegate) {
        super(delegate);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return timed(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return timed(delegate.getConnection(user, password));
    }

    private Connection timed(Connection connection) {
        long taken = System.nanoTime();
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                Object result = method.invoke(connection, args);
                if (method.getName().equals("commit")) {
                    record(System.nanoTime() - taken);
                }
                return result;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Connection)
                Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }

    private synchronized void record(long elapsed) {
        if (count < nanos.length) {
            nanos[count++] = elapsed;
        }
    }

    /** Forgets the transactions so far (the warm-up's). */
    synchronized void reset() {
        count = 0;
    }

    /** "n=… p50=… p99=… max=… ms" over the committed transactions since the last reset. */
    synchronized String summary() {
        if (count == 0) {
            return "n=0";
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        return String.format(
                "n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms",
                count, at(sorted, 0.50) / 1e6, at(sorted, 0.99) / 1e6, sorted[sorted.length - 1] / 1e6);
    }

    private static long at(long[] sorted, double fraction) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(fraction * sorted.length) - 1)];
    }
}
