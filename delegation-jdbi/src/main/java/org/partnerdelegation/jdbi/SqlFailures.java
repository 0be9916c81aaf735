package org.partnerdelegation.jdbi;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.JdbiException;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.ErrorCode;

/** Translates database failures into the library's errors at the adapter boundary, keeping the cause. */
final class SqlFailures {

    private SqlFailures() {
    }

    static RuntimeException translate(RuntimeException e) {
        if (e instanceof DelegationException) {
            return e;
        }
        if (!(e instanceof JdbiException)) {
            return e;
        }
        SQLException sql = sqlCause(e);
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        String message = sql == null || sql.getMessage() == null ? "" : sql.getMessage().toLowerCase(Locale.ROOT);
        if (state.equals("23505") || (sql != null && sql.getErrorCode() == 23505)) {
            if (message.contains("pd_delegation_one_connected_per_customer")) {
                return DelegationException.alreadyLinked();
            }
            return new DelegationException(ErrorCode.CONCURRENT_UPDATE,
                    "Another request wrote the same record at the same time; try again.", e);
        }
        // Serialization failure, deadlock, H2's concurrent update / lock timeout: the unit of work may simply run again.
        if (state.equals("40001") || state.equals("40P01") || (sql != null && (sql.getErrorCode() == 90131 || sql.getErrorCode() == 50200))) {
            return new DelegationException(ErrorCode.CONCURRENT_UPDATE,
                    "Another request changed the same records at the same time; try again.", e);
        }
        if (e instanceof ConnectionException || state.startsWith("08") || state.startsWith("57P")
                || sql instanceof SQLTransientConnectionException) {
            return new DelegationException(ErrorCode.STORAGE_UNAVAILABLE,
                    "The delegation database cannot be reached; nothing was changed. Try again shortly.", e);
        }
        return new DelegationException(ErrorCode.STORAGE_UNAVAILABLE,
                "The delegation database failed (SQL state " + (state.isEmpty() ? "unknown" : state) + "); nothing was changed.", e);
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
