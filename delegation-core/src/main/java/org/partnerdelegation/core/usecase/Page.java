package org.partnerdelegation.core.usecase;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

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

    /**
     * The page of a keyset read that asked for one row more than {@code limit}: that extra row, if
     * it came, only says that more follow; the cursor is the last row shown.
     */
    static <S, T> Page<T> ofOneMore(List<S> rows, int limit, Function<S, String> cursorOf, Function<S, T> shownAs) {
        boolean more = rows.size() > limit;
        List<S> shown = more ? rows.subList(0, limit) : rows;
        return new Page<>(shown.stream().map(shownAs).toList(),
                more ? Optional.of(cursorOf.apply(shown.get(shown.size() - 1))) : Optional.empty());
    }

    /** {@return true when more rows follow: {@link #nextCursor()} is present} */
    public boolean hasNext() {
        return nextCursor.isPresent();
    }
}
