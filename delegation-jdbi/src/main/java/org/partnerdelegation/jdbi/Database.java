package org.partnerdelegation.jdbi;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.partnerdelegation.core.observation.DelegationObserver;

/**
 * The connections of one storage, and the unit of work a thread is in. Adapters of the same
 * storage that are called inside a unit of work (the tenant directory, the session issuer) join
 * its connection instead of taking a second one: one use case, one connection, one transaction,
 * and no pool exhaustion when every connection is already inside a unit of work.
 *
 * <p>Units of work run on a pooled connection through plain JDBC (auto-commit off, commit or
 * roll back, auto-commit back on), not through a Jdbi handle: opening a handle copies Jdbi's
 * configuration and builds its transaction handler, several kilobytes per use case for nothing the
 * statements use (they run through {@link Sql}). The Jdbi instance stays for the schema installer
 * and for hosts ({@link JdbiStorage#jdbi()}).
 *
 * <p>Transactions run READ COMMITTED. When the pool already hands out READ COMMITTED connections
 * the level is left alone: setting it per transaction through JDBC costs PostgreSQL's driver a
 * {@code SHOW TRANSACTION ISOLATION LEVEL} round trip each time it is read, more than most units
 * of work run statements.
 */
final class Database {

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final boolean poolIsReadCommitted;
    private final ThreadLocal<Connection> current = new ThreadLocal<>();
    private final DataSource dataSource;
    /** Told of every statement; null (the default) when nobody observes them, so that they cost nothing more. */
    private volatile DelegationObserver observer;

    /**
     * @param dataSource          the connections of the units of work and the single reads
     * @param poolIsReadCommitted true when every connection of the data source is READ COMMITTED
     *                            already (a pool configured so), false to set the level on each transaction
     */
    Database(DataSource dataSource, Jdbi jdbi, Dialect dialect, boolean poolIsReadCommitted) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.poolIsReadCommitted = poolIsReadCommitted;
    }

    Jdbi jdbi() {
        return jdbi;
    }

    DataSource dataSource() {
        return dataSource;
    }

    Dialect dialect() {
        return dialect;
    }

    /** Reports every statement sent from now on to {@code observer}; {@link DelegationObserver#none()} stops it. */
    void observeStatements(DelegationObserver observer) {
        this.observer = observer == DelegationObserver.none() ? null : observer;
    }

    /** Starts reporting the statements this thread sends on {@code connection}, when there is an observer; null when not. */
    private Sql.Observed observing(Connection connection, DelegationObserver observer) {
        return observer == null ? null : Sql.beginObserving(connection, observer);
    }

    /** What a read or a unit of work does with its connection. */
    @FunctionalInterface
    interface ConnectionCallback<T> {
        T withConnection(Connection connection);
    }

    /**
     * Runs one read on the connection of the unit of work this thread is in, or else on a
     * connection of its own in auto-commit: no BEGIN and no COMMIT for a check that only reads.
     */
    <T> T readOnce(ConnectionCallback<T> read) {
        Connection joined = current.get();
        if (joined != null) {
            return read.withConnection(joined);
        }
        DelegationObserver observed = observer;
        try (Connection connection = dataSource.getConnection()) {
            if (observed == null) {
                return read.withConnection(connection);
            }
            Sql.Observed enclosing = observing(connection, observed);
            try {
                return read.withConnection(connection);
            } finally {
                Sql.endObserving(enclosing);
            }
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    /**
     * Runs reads on the connection of the unit of work this thread is in, or else on a connection
     * of its own in auto-commit, which the adapters called meanwhile join: each statement sees what
     * was committed when it ran.
     */
    <T> T read(ConnectionCallback<T> callback) {
        Connection joined = current.get();
        if (joined != null) {
            return callback.withConnection(joined);
        }
        DelegationObserver observed = observer;
        try (Connection connection = dataSource.getConnection()) {
            current.set(connection);
            Sql.Observed enclosing = observing(connection, observed);
            try {
                return callback.withConnection(connection);
            } finally {
                if (observed != null) {
                    Sql.endObserving(enclosing);
                }
                current.remove();
            }
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    /**
     * Runs the callback in a new READ COMMITTED transaction, or in the one this thread is already
     * in. The writes it held back go before the commit; whatever it throws rolls the whole unit of
     * work back and comes out translated ({@link SqlFailures}).
     */
    <T> T inTransaction(ConnectionCallback<T> callback) {
        Connection joined = current.get();
        if (joined != null) {
            return callback.withConnection(joined);
        }
        try (Connection connection = dataSource.getConnection()) {
            return inTransactionOn(connection, callback);
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    private <T> T inTransactionOn(Connection c, ConnectionCallback<T> callback) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        int isolation = poolIsReadCommitted ? Connection.TRANSACTION_READ_COMMITTED : c.getTransactionIsolation();
        boolean rolledBack = true;
        Throwable failure = null;
        try {
            if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
            if (autoCommit) {
                c.setAutoCommit(false);
            }
            current.set(c);
            DelegationObserver observed = observer;
            Sql.Observed enclosingObserved = observing(c, observed);
            Sql.Deferred enclosing = Sql.beginDeferring(c, dialect == Dialect.POSTGRESQL);
            T result;
            try {
                result = callback.withConnection(c);
                // What is still held back goes before the commit, so that the commit covers it.
                Sql.flushDeferred();
            } finally {
                Sql.endDeferring(enclosing);
                if (observed != null) {
                    Sql.endObserving(enclosingObserved);
                }
                current.remove();
            }
            commit(c);
            return result;
        } catch (RuntimeException e) {
            failure = e;
            rolledBack = rollBack(c, e);
            throw SqlFailures.translate(e);
        } catch (Error | SQLException e) {
            failure = e;
            rolledBack = rollBack(c, e);
            throw e;
        } finally {
            restore(c, autoCommit, isolation, rolledBack, failure);
        }
    }

    /**
     * Commits, telling a commit whose outcome is unknown from one refused: once COMMIT has left, a
     * connection lost before its reply may have lost it before or after the server wrote it, so the
     * use case answers {@code OUTCOME_UNKNOWN} (retry the same call) rather than "nothing was
     * changed". A commit the server answered with a refusal (a serialization failure, a deferred
     * constraint) is still a failure that wrote nothing.
     */
    private static void commit(Connection c) throws SQLException {
        try {
            c.commit();
        } catch (SQLException e) {
            if (SqlFailures.isConnectionFailure(e)) {
                throw SqlFailures.outcomeUnknown(e);
            }
            throw e;
        }
    }

    /**
     * Gives the connection back as it was taken, for a pool that does not reset what it hands out;
     * each step on its own, a failure of one recorded on the unit of work's own failure, if any.
     * After a rollback that failed, auto-commit stays off: switching it on would commit whatever
     * the connection still holds (the pool rolls back or discards it when it is closed).
     */
    private static void restore(Connection c, boolean autoCommit, int isolation, boolean rolledBack, Throwable failure)
            throws SQLException {
        SQLException first = null;
        if (autoCommit && rolledBack) {
            try {
                c.setAutoCommit(true);
            } catch (SQLException e) {
                first = e;
            }
        }
        if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
            try {
                c.setTransactionIsolation(isolation);
            } catch (SQLException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            if (failure != null) {
                failure.addSuppressed(first);
            } else {
                throw first;
            }
        }
    }

    /** Rolls back after {@code failure}; a rollback that fails too (the connection died) is recorded on it, and false returned. */
    private static boolean rollBack(Connection c, Throwable failure) {
        try {
            c.rollback();
            return true;
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
            return false;
        }
    }

    /**
     * The connection of the unit of work this thread is in, for statements that must run inside
     * one (a login's locking read and its writes).
     *
     * @throws IllegalStateException when the thread is in none: the caller broke the port's contract
     */
    Connection joined() {
        Connection joined = current.get();
        if (joined == null) {
            throw new IllegalStateException("This runs inside a unit of work of the same storage (DelegationStore.inTransaction)");
        }
        return joined;
    }
}
