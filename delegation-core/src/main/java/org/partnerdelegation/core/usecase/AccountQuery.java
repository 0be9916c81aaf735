package org.partnerdelegation.core.usecase;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationStatus;

/**
 * Which page of the account list to show. Immutable and thread-safe; start from
 * {@link #firstPage()}.
 *
 * @param statuses which statuses to show; {@link DelegationStatus#OPEN} (Pending and Connected) by default
 * @param cursor   the {@link Page#nextCursor()} of the previous page; empty for the first page
 * @param limit    rows per page, at least 1 and at most the configured maximum
 */
public record AccountQuery(Set<DelegationStatus> statuses, Optional<String> cursor, int limit) {

    /** Rows per page of {@link #firstPage()}. */
    public static final int DEFAULT_LIMIT = 50;

    /**
     * Validates the query. The cursor is checked when the query is run.
     *
     * @param statuses which statuses to show; at least one; copied
     * @param cursor   the previous page's {@link Page#nextCursor()}; empty for the first page
     * @param limit    rows per page, at least 1 (the facade also refuses more than the configured maximum)
     * @throws org.partnerdelegation.core.domain.DelegationException {@code INVALID_INPUT} when {@code statuses} or
     *         {@code cursor} is null, {@code statuses} is empty or {@code limit} is below 1
     */
    public AccountQuery {
        DelegationException.requireArgument(statuses, "statuses");
        DelegationException.requireArgument(cursor, "cursor");
        if (statuses.isEmpty()) {
            throw DelegationException.invalidInput("statuses", "must name at least one status");
        }
        statuses = Set.copyOf(EnumSet.copyOf(statuses));
        if (limit < 1) {
            throw DelegationException.invalidInput("limit", "must be at least 1, got " + limit);
        }
    }

    /** {@return the first page of open (Pending and Connected) accounts, {@value #DEFAULT_LIMIT} rows} */
    public static AccountQuery firstPage() {
        return new AccountQuery(DelegationStatus.OPEN, Optional.empty(), DEFAULT_LIMIT);
    }

    /**
     * The same query with another page size.
     *
     * @param newLimit rows per page, at least 1
     * @return the changed copy
     * @throws org.partnerdelegation.core.domain.DelegationException {@code INVALID_INPUT} when it is below 1
     */
    public AccountQuery withLimit(int newLimit) {
        return new AccountQuery(statuses, cursor, newLimit);
    }

    /**
     * The same query showing other statuses (all of {@link DelegationStatus} for the whole history).
     *
     * @param newStatuses the statuses to show; at least one
     * @return the changed copy
     * @throws org.partnerdelegation.core.domain.DelegationException {@code INVALID_INPUT} when it is null or empty
     */
    public AccountQuery withStatuses(Set<DelegationStatus> newStatuses) {
        return new AccountQuery(newStatuses, cursor, limit);
    }

    /**
     * The page after the one that returned {@code nextCursor}.
     *
     * @param nextCursor the {@link Page#nextCursor()} of the page shown
     * @return the same query, starting after that page
     */
    public AccountQuery after(String nextCursor) {
        return new AccountQuery(statuses, Optional.of(nextCursor), limit);
    }
}
