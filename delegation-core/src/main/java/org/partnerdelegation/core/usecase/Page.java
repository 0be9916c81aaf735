package org.partnerdelegation.core.usecase;

import java.util.List;
import java.util.Optional;

/**
 * One page of a keyset-paginated list.
 *
 * @param items      the rows, in list order
 * @param nextCursor present when more rows follow: pass it to {@link AccountQuery#after(String)} or
 *                   {@link AuditQuery#after(String)}, whichever query gave this page
 */
public record Page<T>(List<T> items, Optional<String> nextCursor) {

    public Page {
        items = List.copyOf(items);
    }

    public boolean hasNext() {
        return nextCursor.isPresent();
    }
}
