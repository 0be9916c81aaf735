package org.partnerdelegation.jdbi;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Handles;
import org.jdbi.v3.core.Jdbi;

/**
 * The connections of a {@link Jdbi}, as the {@link DataSource} Flyway takes, for a
 * {@link SchemaInstaller} built from a Jdbi alone: each connection is a handle's, and closing it
 * closes the handle, which gives the connection back the way the Jdbi was told to.
 */
final class JdbiDataSource implements DataSource {

    private final Jdbi jdbi;

    JdbiDataSource(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Handle handle;
        try {
            handle = jdbi.open();
        } catch (RuntimeException e) {
            throw new SQLException("Cannot open a connection of the delegation database: " + e.getMessage(), "08001", e);
        }
        // Flyway ends its own transactions; a handle closed after a failure it reported must not throw a second error.
        handle.getConfig(Handles.class).setForceEndTransactions(false);
        Connection connection = handle.getConnection();
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        handle.close();
                        return null;
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
        throw new SQLFeatureNotSupportedException("the connections of a Jdbi come with its own credentials");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // no log writer: the connections come from the Jdbi
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // the Jdbi's own data source has the timeout
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
