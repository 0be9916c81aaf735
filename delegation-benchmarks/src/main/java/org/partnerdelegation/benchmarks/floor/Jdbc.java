package org.partnerdelegation.benchmarks.floor;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** A pooled connection for one unit of work: in one transaction, or in auto-commit for a single read. */
final class Jdbc {

    /** Work on a connection. */
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private Jdbc() {
    }

    /**
     * Runs the work in one transaction and commits it; rolls back on any failure. The pool hands
     * out READ COMMITTED connections and puts auto-commit back when the connection returns.
     */
    static <T> T transaction(DataSource pool, Work<T> work) {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw Refusals.storage(e);
        }
    }

    /** Runs one statement's work in auto-commit: no transaction to begin or end. */
    static <T> T autoCommit(DataSource pool, Work<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw Refusals.storage(e);
        }
    }
}
