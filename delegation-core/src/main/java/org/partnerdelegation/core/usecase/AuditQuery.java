package org.partnerdelegation.core.usecase;

import java.util.Optional;
import org.partnerdelegation.core.domain.AuditEventId;
import org.partnerdelegation.core.domain.DelegationException;

/**
 * Which page of an audit trail to read, oldest first.
 *
 * @param cursor the {@link Page#nextCursor()} of the previous page; empty for the first page
 * @param limit  events per page, at least 1 and at most the configured maximum page size
 */
public record AuditQuery(Optional<String> cursor, int limit) {

    public static final int DEFAULT_LIMIT = 100;

    public AuditQuery {
        DelegationException.requireArgument(cursor, "cursor");
        if (limit < 1) {
            throw DelegationException.invalidInput("limit", "must be at least 1, got " + limit);
        }
    }

    /** The first page, {@value #DEFAULT_LIMIT} events. */
    public static AuditQuery firstPage() {
        return new AuditQuery(Optional.empty(), DEFAULT_LIMIT);
    }

    /** The same query with another page size. */
    public AuditQuery withLimit(int newLimit) {
        return new AuditQuery(cursor, newLimit);
    }

    /** The page after the one that returned {@code nextCursor}. */
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
