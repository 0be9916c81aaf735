package org.partnerdelegation.jdbi;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Handles;
import org.jdbi.v3.core.Jdbi;

/**
 * The connections a {@link SchemaInstaller} hands Flyway. Flyway holds two at once (one for its
 * history, one for the migrations); the installer holds one already, for its lock and its look at
 * the tables. That one is lent to Flyway whenever Flyway asks and it is not lent yet (Flyway's
 * "close" gives it back), so that an install takes two connections of a host's pool, not three.
 * The others come from the installer's own source: a data source, or handles of a {@link Jdbi}.
 */
final class FlywayConnections implements DataSource {

    /** Where the connections other than the held one come from. */
    @FunctionalInterface
    interface Source {
        Connection open() throws SQLException;
    }

    private final Connection held;
    private final Source source;
    private final AtomicBoolean heldLent = new AtomicBoolean();

    /**
     * @param held   the connection the installer holds, lent first; null for none
     * @param source where the others come from
     */
    FlywayConnections(Connection held, Source source) {
        this.held = held;
        this.source = source;
    }

    /** The connections of a data source. */
    static Source of(DataSource dataSource) {
        return dataSource::getConnection;
    }

    /** The connections of a Jdbi: each a handle's, closing it closes the handle. */
    static Source of(Jdbi jdbi) {
        return () -> {
            Handle handle;
            try {
                handle = jdbi.open();
            } catch (RuntimeException e) {
                throw new SQLException("Cannot open a connection of the delegation database: " + e.getMessage(), "08001", e);
            }
            // Flyway ends its own transactions; a handle closed after a failure it reported must not throw a second error.
            handle.getConfig(Handles.class).setForceEndTransactions(false);
            return closingRuns(handle.getConnection(), handle::close);
        };
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (held != null && heldLent.compareAndSet(false, true)) {
            return closingRuns(held, () -> heldLent.set(false));
        }
        return source.open();
    }

    /** The connection, whose {@code close()} runs {@code onClose} instead of closing it. */
    private static Connection closingRuns(Connection connection, Runnable onClose) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        onClose.run();
                        return null;
                    }
                    if (method.getName().equals("isClosed") && method.getParameterCount() == 0) {
                        return connection.isClosed();
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the installer's connections come with their own credentials");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // no log writer: the connections come from the installer's source
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // the installer's source has its own timeout
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging logger");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper of " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
