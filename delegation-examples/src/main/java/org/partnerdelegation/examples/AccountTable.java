package org.partnerdelegation.examples;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.partnerdelegation.core.usecase.AccountAction;
import org.partnerdelegation.core.usecase.AccountListEntry;

/**
 * Renders a partner's account list as a plain text table with the columns a partner sees:
 * Email, Account Number, Status and Action. Columns are left-aligned and padded to their widest
 * cell. Stateless and thread-safe.
 */
final class AccountTable {

    static final List<String> HEADER = List.of("Email", "Account Number", "Status", "Action");
    static final String EMPTY = "(no open customer accounts)";
    private static final String GAP = "  ";

    private AccountTable() {
    }

    /** The table, one line per row after the header and a rule, each line ending with a line break. */
    static String render(List<AccountListEntry> entries) {
        Objects.requireNonNull(entries, "entries");
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (AccountListEntry entry : entries) {
            rows.add(List.of(entry.email().value(), entry.accountNumber().value(), entry.status().label(), actions(entry)));
        }
        int[] widths = new int[HEADER.size()];
        for (List<String> row : rows) {
            for (int c = 0; c < widths.length; c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, rows.get(0), widths);
        List<String> rule = new ArrayList<>();
        for (int width : widths) {
            rule.add("-".repeat(width));
        }
        line(out, rule, widths);
        if (entries.isEmpty()) {
            out.append(EMPTY).append(System.lineSeparator());
        }
        for (List<String> row : rows.subList(1, rows.size())) {
            line(out, row, widths);
        }
        return out.toString();
    }

    /** The row's actions as the partner sees them, in a fixed order: "Login, Delete Account"; "-" for none. */
    static String actions(AccountListEntry entry) {
        if (entry.actions().isEmpty()) {
            return "-";
        }
        // The entry's set has no defined order; the enum's order is the one to show.
        return entry.actions().stream()
                .sorted(Comparator.naturalOrder())
                .map(AccountTable::label)
                .collect(Collectors.joining(", "));
    }

    private static String label(AccountAction action) {
        return switch (action) {
            case LOGIN -> "Login";
            case RESEND_INVITATION -> "Resend invitation";
            case REQUEST_CHANGE -> "Request change";
            case DELETE_ACCOUNT -> "Delete Account";
        };
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                line.append(GAP);
            }
            String cell = cells.get(c);
            line.append(cell);
            if (c < cells.size() - 1) {
                line.append(" ".repeat(widths[c] - cell.length()));
            }
        }
        out.append(line).append(System.lineSeparator());
    }
}
