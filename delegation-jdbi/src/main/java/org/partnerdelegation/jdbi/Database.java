package org.partnerdelegation.jdbi;

import java.util.Objects;
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

    /**
     * @param poolIsReadCommitted true when every connection of the data source is READ COMMITTED
     *                            already (a pool configured so), false to set the level on each transaction
     */
    Database(Jdbi jdbi, Dialect dialect, boolean poolIsReadCommitted) {
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

    /** Runs the callback in a new READ COMMITTED transaction, or in the one this thread is already in. */
    <T> T inTransaction(HandleCallback<T, RuntimeException> callback) {
        Handle joined = current.get();
        if (joined != null) {
            return callback.withHandle(joined);
        }
        HandleCallback<T, RuntimeException> owned = handle -> {
            current.set(handle);
            try {
                return callback.withHandle(handle);
            } finally {
                current.remove();
            }
        };
        try {
            return poolIsReadCommitted
                    ? jdbi.inTransaction(owned)
                    : jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, owned);
        } catch (RuntimeException e) {
            throw SqlFailures.translate(e);
        }
    }
}
