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
 * @param endingWithin only the rows whose access ends within this time from now (renewal included); empty for every row
 */
public record AccountQuery(Set<DelegationStatus> statuses, Optional<String> cursor, int limit, Optional<java.time.Duration> endingWithin) {

    /** Rows per page of {@link #firstPage()}. */
    public static final int DEFAULT_LIMIT = 50;

    /**
     * Validates the query. The cursor is checked when the query is run.
     *
     * @param statuses which statuses to show; at least one; copied
     * @param cursor   the previous page's {@link Page#nextCursor()}; empty for the first page
     * @param limit    rows per page, at least 1 (the facade also refuses more than the configured maximum)
     * @param endingWithin only rows whose access ends within this time; zero or positive when present
     * @throws org.partnerdelegation.core.domain.DelegationException {@code INVALID_INPUT} when {@code statuses},
     *         {@code cursor} or {@code endingWithin} is null, {@code statuses} is empty, {@code limit} is below 1 or
     *         {@code endingWithin} is negative
     */
    public AccountQuery {
        DelegationException.requireArgument(endingWithin, "endingWithin");
        if (endingWithin.isPresent() && endingWithin.get().isNegative()) {
            throw DelegationException.invalidInput("endingWithin", "must not be negative, got " + endingWithin.get());
        }
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

    /**
     * A query of every row, whatever its end.
     *
     * @param statuses which statuses to show; at least one
     * @param cursor   the previous page's {@link Page#nextCursor()}; empty for the first page
     * @param limit    rows per page, at least 1
     * @throws org.partnerdelegation.core.domain.DelegationException {@code INVALID_INPUT} as the canonical constructor
     */
    public AccountQuery(Set<DelegationStatus> statuses, Optional<String> cursor, int limit) {
        this(statuses, cursor, limit, Optional.empty());
    }

    /** {@return the first page of open (Pending and Connected) accounts, {@value #DEFAULT_LIMIT} rows} */
    public static AccountQuery firstPage() {
        return new AccountQuery(DelegationStatus.OPEN, Optional.empty(), DEFAULT_LIMIT);
    }

    /**
     * The same query, only the rows whose access ends within {@code period} from now: a
     * Connected delegation with an end date that close (renewal included).
     *
     * @param period how far ahead to look, such as {@code Duration.ofDays(30)}; zero or positive
     * @return the changed copy
     * @throws org.partnerdelegation.core.domain.DelegationException {@code INVALID_INPUT} when it is null or negative
     */
    public AccountQuery endingWithin(java.time.Duration period) {
        return new AccountQuery(statuses, cursor, limit, Optional.of(DelegationException.requireArgument(period, "endingWithin")));
    }

    /**
     * The same query with another page size.
     *
     * @param newLimit rows per page, at least 1
     * @return the changed copy
     * @throws org.partnerdelegation.core.domain.DelegationException {@code INVALID_INPUT} when it is below 1
     */
    public AccountQuery withLimit(int newLimit) {
        return new AccountQuery(statuses, cursor, newLimit, endingWithin);
    }

    /**
     * The same query showing other statuses (all of {@link DelegationStatus} for the whole history).
     *
     * @param newStatuses the statuses to show; at least one
     * @return the changed copy
     * @throws org.partnerdelegation.core.domain.DelegationException {@code INVALID_INPUT} when it is null or empty
     */
    public AccountQuery withStatuses(Set<DelegationStatus> newStatuses) {
        return new AccountQuery(newStatuses, cursor, limit, endingWithin);
    }

    /**
     * The page after the one that returned {@code nextCursor}.
     *
     * @param nextCursor the {@link Page#nextCursor()} of the page shown
     * @return the same query, starting after that page
     */
    public AccountQuery after(String nextCursor) {
        return new AccountQuery(statuses, Optional.of(nextCursor), limit, endingWithin);
    }
}
