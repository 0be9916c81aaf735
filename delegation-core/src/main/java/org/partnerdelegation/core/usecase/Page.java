package org.partnerdelegation.core.usecase;

import java.util.List;
import java.util.Optional;

/**
 * One page of a keyset-paginated list. Immutable and thread-safe.
 *
 * @param <T>        the row type
 * @param items      the rows, in list order
 * @param nextCursor present when more rows follow: pass it to {@link AccountQuery#after(String)} or
 *                   {@link AuditQuery#after(String)}, whichever query gave this page
 */
public record Page<T>(List<T> items, Optional<String> nextCursor) {

    /**
     * A page; the rows are copied into an unmodifiable list.
     *
     * @param items      the rows, in list order; no null row
     * @param nextCursor present when more rows follow
     */
    public Page {
        items = List.copyOf(items);
    }

    /** {@return true when more rows follow: {@link #nextCursor()} is present} */
    public boolean hasNext() {
        return nextCursor.isPresent();
    }
}
