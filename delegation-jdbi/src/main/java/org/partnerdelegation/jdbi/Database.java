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
 */
final class Database {

    private final Jdbi jdbi;
    private final Dialect dialect;
    private final ThreadLocal<Handle> current = new ThreadLocal<>();

    Database(Jdbi jdbi, Dialect dialect) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
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
        try {
            return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, handle -> {
                current.set(handle);
                try {
                    return callback.withHandle(handle);
                } finally {
                    current.remove();
                }
            });
        } catch (RuntimeException e) {
            throw SqlFailures.translate(e);
        }
    }
}
