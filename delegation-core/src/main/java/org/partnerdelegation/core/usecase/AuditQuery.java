package org.partnerdelegation.core.usecase;

import java.util.Optional;
import org.partnerdelegation.core.domain.AuditEventId;
import org.partnerdelegation.core.domain.DelegationException;

/**
 * Which page of an audit trail to read, oldest first. Immutable and thread-safe; start from
 * {@link #firstPage()}.
 *
 * @param cursor the {@link Page#nextCursor()} of the previous page; empty for the first page
 * @param limit  events per page, at least 1 and at most the configured maximum page size
 */
public record AuditQuery(Optional<String> cursor, int limit) {

    /** Events per page of {@link #firstPage()}. */
    public static final int DEFAULT_LIMIT = 100;

    /**
     * Validates the query. The cursor is checked when the query is run.
     *
     * @param cursor the previous page's {@link Page#nextCursor()}; empty for the first page
     * @param limit  events per page, at least 1 (the facade also refuses more than the configured maximum)
     * @throws org.partnerdelegation.core.domain.DelegationException {@code INVALID_INPUT} when {@code cursor} is
     *         null or {@code limit} is below 1
     */
    public AuditQuery {
        DelegationException.requireArgument(cursor, "cursor");
        if (limit < 1) {
            throw DelegationException.invalidInput("limit", "must be at least 1, got " + limit);
        }
    }

    /** {@return the first page, {@value #DEFAULT_LIMIT} events} */
    public static AuditQuery firstPage() {
        return new AuditQuery(Optional.empty(), DEFAULT_LIMIT);
    }

    /**
     * The same query with another page size.
     *
     * @param newLimit events per page, at least 1
     * @return the changed copy
     * @throws org.partnerdelegation.core.domain.DelegationException {@code INVALID_INPUT} when it is below 1
     */
    public AuditQuery withLimit(int newLimit) {
        return new AuditQuery(cursor, newLimit);
    }

    /**
     * The page after the one that returned {@code nextCursor}.
     *
     * @param nextCursor the {@link Page#nextCursor()} of the page read
     * @return the same query, starting after that page
     */
    public AuditQuery after(String nextCursor) {
        return new AuditQuery(Optional.of(nextCursor), limit);
    }

    /** The event the page starts after. */
    Optional<AuditEventId> afterEvent() {
        return cursor.map(text -> {
            try {
                return new AuditEventId(java.util.UUID.fromString(text));
            } catch (IllegalArgumentException e) {
                throw DelegationException.invalidInput("cursor", "is not a cursor this library issued");
            }
        });
    }
}
