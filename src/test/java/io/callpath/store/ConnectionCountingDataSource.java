package io.callpath.store;

import io.callpath.testing.DelegatingDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/** A DataSource that counts the connections taken from it: a lookup that needs no connection made no round trip. */
final class ConnectionCountingDataSource extends DelegatingDataSource {

    private final AtomicInteger taken = new AtomicInteger();

    ConnectionCountingDataSource(DataSource delegate) {
        super(delegate);
    }

    int taken() {
        return taken.get();
    }

    @Override
    public Connection getConnection() throws SQLException {
        taken.incrementAndGet();
        return delegate.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        taken.incrementAndGet();
        return delegate.getConnection(username, password);
    }
}
