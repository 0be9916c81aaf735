package org.partnerdelegation.core.usecase;

import java.time.Instant;
import java.util.Optional;
import org.partnerdelegation.core.domain.AuditEventId;
import org.partnerdelegation.core.domain.DelegationException;

/**
 * Which page of a tenant's audit trail to read: events from {@code from} (inclusive) to
 * {@code to} (exclusive), oldest first. Immutable and thread-safe.
 *
 * @param from   the first instant included
 * @param to     the first instant excluded; after {@code from}
 * @param cursor the {@link Page#nextCursor()} of the previous page; empty for the first page
 * @param limit  events per page, at least 1 and at most the configured maximum page size
 */
public record AuditRange(Instant from, Instant to, Optional<String> cursor, int limit) {

    /** Events per page of {@link #between}. */
    public static final int DEFAULT_LIMIT = 100;

    /**
     * Validates the range. The cursor is checked when the query is run.
     *
     * @param from   the first instant included
     * @param to     the first instant excluded; after {@code from}
     * @param cursor the previous page's cursor; empty for the first page
     * @param limit  events per page, at least 1
     * @throws DelegationException {@code INVALID_INPUT} naming the first component that is missing or out of range
     */
    public AuditRange {
        DelegationException.requireArgument(from, "from");
        DelegationException.requireArgument(to, "to");
        DelegationException.requireArgument(cursor, "cursor");
        if (!to.isAfter(from)) {
            throw DelegationException.invalidInput("to", "must be after from (" + from + "), got " + to);
        }
        if (limit < 1) {
            throw DelegationException.invalidInput("limit", "must be at least 1, got " + limit);
        }
    }

    /**
     * The first page of the events in {@code [from, to)}.
     *
     * @param from the first instant included
     * @param to   the first instant excluded
     * @return the first page, {@value #DEFAULT_LIMIT} events
     */
    public static AuditRange between(Instant from, Instant to) {
        return new AuditRange(from, to, Optional.empty(), DEFAULT_LIMIT);
    }

    /**
     * The page after the one that returned {@code nextCursor}.
     *
     * @param nextCursor the {@link Page#nextCursor()} of the page read
     * @return the same range, starting after that page
     */
    public AuditRange after(String nextCursor) {
        return new AuditRange(from, to, Optional.of(nextCursor), limit);
    }

    /**
     * The same range with another page size.
     *
     * @param newLimit events per page, at least 1
     * @return the changed copy
     */
    public AuditRange withLimit(int newLimit) {
        return new AuditRange(from, to, cursor, newLimit);
    }

    /** The event the page starts after. */
    Optional<AuditEventId> afterEvent() {
        return new AuditQuery(cursor, limit).afterEvent();
    }
}
