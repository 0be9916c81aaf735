package org.partnerdelegation.jdbi;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * The Jdbi instance of one storage, and the transaction a thread is in. Adapters of the same
 * storage that are called inside a unit of work (the tenant directory, the session issuer) join
 * its handle instead of taking a second connection: one use case, one connection, one
 * transaction, and no pool exhaustion when every connection is already inside a unit of work.
 *
 * <p>Transactions run READ COMMITTED. When the pool already hands out READ COMMITTED connections
 * the level is left alone: setting it per transaction through JDBC costs PostgreSQL's driver a
 * {@code SHOW TRANSACTION ISOLATION LEVEL} round trip each time it is read, six per transaction
 * with Jdbi and HikariCP, more than most units of work run statements.
 */
final class Database {

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final boolean poolIsReadCommitted;
    private final ThreadLocal<Handle> current = new ThreadLocal<>();
    private final DataSource dataSource;

    /**
     * @param dataSource          the connections Jdbi opens its handles on, read from directly by single reads
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

    Dialect dialect() {
        return dialect;
    }

    /** What a single read does with its connection. */
    @FunctionalInterface
    interface ConnectionCallback<T> {
        T withConnection(Connection connection);
    }

    /**
     * Runs one read on the connection of the unit of work this thread is in, or else on a
     * connection of its own in auto-commit: no BEGIN and no COMMIT for a check that only reads,
     * and no Jdbi handle either (opening one costs as much as an indexed read on H2).
     */
    <T> T readOnce(ConnectionCallback<T> read) {
        Handle joined = current.get();
        if (joined != null) {
            return read.withConnection(joined.getConnection());
        }
        try (Connection connection = dataSource.getConnection()) {
            return read.withConnection(connection);
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    /**
     * Runs reads on the handle of the unit of work this thread is in, or else on a handle of its
     * own in auto-commit, which the adapters called meanwhile join: each statement sees what was
     * committed when it ran.
     */
    <T> T read(HandleCallback<T, RuntimeException> callback) {
        Handle joined = current.get();
        if (joined != null) {
            return callback.withHandle(joined);
        }
        try (Handle handle = jdbi.open()) {
            current.set(handle);
            try {
                return callback.withHandle(handle);
            } finally {
                current.remove();
            }
        } catch (RuntimeException e) {
            throw SqlFailures.translate(e);
        }
    }

    /** Runs the callback in a new READ COMMITTED transaction, or in the one this thread is already in. */
    <T> T inTransaction(HandleCallback<T, RuntimeException> callback) {
        Handle joined = current.get();
        if (joined != null) {
            return callback.withHandle(joined);
        }
        HandleCallback<T, RuntimeException> owned = handle -> {
            current.set(handle);
            Sql.Deferred enclosing = Sql.beginDeferring(handle.getConnection(), dialect == Dialect.POSTGRESQL);
            try {
                T result = callback.withHandle(handle);
                // What is still held back goes before the commit, so that the commit covers it.
                Sql.flushDeferred();
                return result;
            } finally {
                Sql.endDeferring(enclosing);
                current.remove();
            }
        };
        try (Handle handle = jdbi.open()) {
            return poolIsReadCommitted
                    ? handle.inTransaction(owned)
                    : handle.inTransaction(TransactionIsolationLevel.READ_COMMITTED, owned);
        } catch (RuntimeException e) {
            throw SqlFailures.translate(e);
        }
    }

    /**
     * The handle of the unit of work this thread is in, for statements that must run inside one
     * (a login's locking read and its writes).
     *
     * @throws IllegalStateException when the thread is in none: the caller broke the port's contract
     */
    Handle joined() {
        Handle joined = current.get();
        if (joined == null) {
            throw new IllegalStateException("This runs inside a unit of work of the same storage (DelegationStore.inTransaction)");
        }
        return joined;
    }
}
