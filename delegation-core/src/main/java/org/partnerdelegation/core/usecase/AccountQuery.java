package org.partnerdelegation.core.usecase;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationStatus;

/**
 * Which page of the account list to show.
 *
 * @param statuses which statuses to show; {@link DelegationStatus#OPEN} (Pending and Connected) by default
 * @param cursor   the {@link Page#nextCursor()} of the previous page; empty for the first page
 * @param limit    rows per page, at least 1 and at most the configured maximum
 */
public record AccountQuery(Set<DelegationStatus> statuses, Optional<String> cursor, int limit) {

    public static final int DEFAULT_LIMIT = 50;

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

    /** The first page of open accounts, {@value #DEFAULT_LIMIT} rows. */
    public static AccountQuery firstPage() {
        return new AccountQuery(DelegationStatus.OPEN, Optional.empty(), DEFAULT_LIMIT);
    }

    public AccountQuery withLimit(int newLimit) {
        return new AccountQuery(statuses, cursor, newLimit);
    }

    public AccountQuery withStatuses(Set<DelegationStatus> newStatuses) {
        return new AccountQuery(newStatuses, cursor, limit);
    }

    /** The page after the one that returned {@code nextCursor}. */
    public AccountQuery after(String nextCursor) {
        return new AccountQuery(statuses, Optional.of(nextCursor), limit);
    }
}
