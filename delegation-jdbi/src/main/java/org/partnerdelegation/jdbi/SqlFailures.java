package org.partnerdelegation.jdbi;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.JdbiException;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.ErrorCode;

/** Translates database failures into the library's errors at the adapter boundary, keeping the cause. */
final class SqlFailures {

    /** The unique index (PostgreSQL) or constraint (H2) of invariant 1: one CONNECTED delegation per customer. */
    static final String ONE_CONNECTED_PER_CUSTOMER = "pd_delegation_one_connected_per_customer";

    private SqlFailures() {
    }

    static RuntimeException translate(RuntimeException e) {
        if (e instanceof DelegationException) {
            return e;
        }
        if (!(e instanceof JdbiException)) {
            return e;
        }
        return translate(sqlCause(e), e);
    }

    /** A failure of a statement run through {@link Sql}. */
    static DelegationException translate(SQLException e) {
        return translate(e, e);
    }

    private static DelegationException translate(SQLException sql, Exception e) {
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        if (state.equals("23505") || (sql != null && sql.getErrorCode() == 23505)) {
            if (violatedConstraint(sql).contains(ONE_CONNECTED_PER_CUSTOMER)) {
                return new DelegationException(ErrorCode.ALREADY_LINKED_TO_ANOTHER_TENANT, DelegationException.ALREADY_LINKED_MESSAGE, e);
            }
            return new DelegationException(ErrorCode.CONCURRENT_UPDATE,
                    "Another request wrote the same record at the same time; try again.", e);
        }
        // Serialization failure, deadlock, H2's concurrent update / lock timeout: the unit of work may simply run again.
        if (state.equals("40001") || state.equals("40P01") || (sql != null && (sql.getErrorCode() == 90131 || sql.getErrorCode() == 50200))) {
            return new DelegationException(ErrorCode.CONCURRENT_UPDATE,
                    "Another request changed the same records at the same time; try again.", e);
        }
        if (e instanceof ConnectionException || isConnectionFailure(sql)) {
            return new DelegationException(ErrorCode.STORAGE_UNAVAILABLE,
                    "The delegation database cannot be reached; nothing was changed. Try again shortly.", e);
        }
        return new DelegationException(ErrorCode.STORAGE_UNAVAILABLE,
                "The delegation database failed (SQL state " + (state.isEmpty() ? "unknown" : state) + "); nothing was changed.", e);
    }

    /**
     * Whether the failure is the connection's, not the statement's: the server could not be
     * reached, the connection broke, or the server is shutting down or was told to end it.
     */
    static boolean isConnectionFailure(SQLException sql) {
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        return state.startsWith("08") || state.startsWith("57P")
                || sql instanceof SQLTransientConnectionException || sql instanceof SQLNonTransientConnectionException;
    }

    /**
     * The connection was lost after COMMIT left and before its reply came: the change may be written.
     * Its own code, so that the facade does not run the use case again (the next attempt would
     * most likely find the database unreachable and report "nothing was changed", which may be
     * false) and the host retries the same call, which every use case answers safely.
     */
    static DelegationException outcomeUnknown(SQLException e) {
        return new DelegationException(ErrorCode.OUTCOME_UNKNOWN,
                "The connection to the delegation database was lost while the change was being committed, so it may or may"
                        + " not have been written. Retry the same call (a login with the same idempotency key): it answers"
                        + " as done if the change was written, and makes it otherwise.", e);
    }

    /**
     * The name of the constraint or index a uniqueness violation names, lower-cased; empty when
     * the message has none. Both databases put it first, in double quotes: PostgreSQL
     * {@code duplicate key value violates unique constraint "name"}, H2
     * {@code Unique index or primary key violation: "PUBLIC.NAME_INDEX_8 ON ... VALUES (...)"}.
     * Only that name is looked at, never the rest of the text: the rest carries the duplicate
     * key's values, which are tenant ids a host chose and may spell a constraint's name. A
     * message without the name (a localized server) yields empty, which is reported as a
     * concurrent update: the facade then retries, and its own checks give the precise answer.
     */
    static String violatedConstraint(SQLException sql) {
        String message = sql == null || sql.getMessage() == null ? "" : sql.getMessage();
        int open = message.indexOf('"');
        if (open < 0) {
            return "";
        }
        int end = open + 1;
        while (end < message.length() && message.charAt(end) != '"' && !Character.isWhitespace(message.charAt(end))) {
            end++;
        }
        return message.substring(open + 1, end).toLowerCase(Locale.ROOT);
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
