package org.partnerdelegation.core.usecase;

import java.util.Optional;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.SessionId;

/**
 * Which page of the delegated sessions into a customer tenant to read, newest first. Immutable
 * and thread-safe; start from {@link #firstPage()}.
 *
 * @param cursor the {@link Page#nextCursor()} of the previous page; empty for the first page
 * @param limit  sessions per page, at least 1 and at most the configured maximum page size
 */
public record SessionQuery(Optional<String> cursor, int limit) {

    /** Sessions per page of {@link #firstPage()}. */
    public static final int DEFAULT_LIMIT = 50;

    /**
     * Validates the query. The cursor is checked when the query is run.
     *
     * @param cursor the previous page's {@link Page#nextCursor()}; empty for the first page
     * @param limit  sessions per page, at least 1
     * @throws DelegationException {@code INVALID_INPUT} when {@code cursor} is null or {@code limit} is below 1
     */
    public SessionQuery {
        DelegationException.requireArgument(cursor, "cursor");
        if (limit < 1) {
            throw DelegationException.invalidInput("limit", "must be at least 1, got " + limit);
        }
    }

    /** {@return the first page, {@value #DEFAULT_LIMIT} sessions} */
    public static SessionQuery firstPage() {
        return new SessionQuery(Optional.empty(), DEFAULT_LIMIT);
    }

    /**
     * The page after the one that returned {@code nextCursor}.
     *
     * @param nextCursor the {@link Page#nextCursor()} of the page read
     * @return the same query, starting after that page
     */
    public SessionQuery after(String nextCursor) {
        return new SessionQuery(Optional.of(nextCursor), limit);
    }

    /**
     * The same query with another page size.
     *
     * @param newLimit sessions per page, at least 1
     * @return the changed copy
     */
    public SessionQuery withLimit(int newLimit) {
        return new SessionQuery(cursor, newLimit);
    }

    /** The session the page starts after. */
    Optional<SessionId> afterSession() {
        return cursor.map(text -> {
            try {
                return SessionId.of(java.util.UUID.fromString(text));
            } catch (IllegalArgumentException e) {
                throw DelegationException.invalidInput("cursor", "is not a cursor this library issued");
            }
        });
    }
}
