package org.partnerdelegation.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.Tenant;

/**
 * What the tables hold about one delegation, every column but ids and instants, so that the rows
 * the library and the floor wrote for the same use case (on two customers) can be compared as
 * text: {@code pd_delegation}, {@code pd_audit_event} and {@code pd_outbox} in the order written,
 * {@code pd_session} and {@code pd_invitation} sorted. The customer's id, email and account number
 * read as placeholders. Generated keys are left out; an instant reads {@code set} or {@code null}
 * (its value is the moment of the call), except where the library relates two of them: a
 * session's expiry reads as the grant's end or as its lifetime, an outbox entry's due time as
 * whether it is due at once. Instants inside a text (a login notice's lines) read {@code <instant>}.
 */
public final class WrittenRows {

    private static final Set<String> IDS = Set.of("seq", "event_id", "notification_id", "session_id", "token_hash",
            "delegation_id");
    private static final String[] TABLES = {"pd_delegation", "pd_audit_event", "pd_outbox", "pd_session", "pd_invitation"};
    private static final String[] ORDER = {"", " ORDER BY seq", " ORDER BY seq", "", ""};

    private WrittenRows() {
    }

    /**
     * The rows of the delegation, as lines of text.
     *
     * @param db       the database
     * @param id       the delegation
     * @param customer its customer, whose names are replaced by placeholders
     * @return one line per row, each starting with its table
     */
    public static List<String> of(BenchmarkDatabase db, DelegationId id, Tenant customer) {
        List<String> lines = new ArrayList<>();
        try (Connection c = db.connect()) {
            Instant accessUntil = null;
            for (int t = 0; t < TABLES.length; t++) {
                List<String> rows = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + TABLES[t] + " WHERE delegation_id = ?" + ORDER[t])) {
                    ps.setObject(1, id.value());
                    try (ResultSet rs = ps.executeQuery()) {
                        ResultSetMetaData meta = rs.getMetaData();
                        while (rs.next()) {
                            if (t == 0) {
                                accessUntil = instant(rs, "access_until");
                            }
                            rows.add(TABLES[t] + render(rs, meta, accessUntil, customer));
                        }
                    }
                }
                if (TABLES[t].equals("pd_session") || TABLES[t].equals("pd_invitation")) {
                    rows.sort(null);
                }
                lines.addAll(rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the rows of delegation " + id + " failed: " + e.getMessage(), e);
        }
        return lines;
    }

    private static String render(ResultSet rs, ResultSetMetaData meta, Instant accessUntil, Tenant customer) throws SQLException {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            String column = meta.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT);
            if (IDS.contains(column)) {
                continue;
            }
            row.append('|').append(column).append('=');
            int type = meta.getColumnType(i);
            if (type == Types.TIMESTAMP || type == Types.TIMESTAMP_WITH_TIMEZONE) {
                row.append(instantColumn(rs, column, accessUntil));
            } else {
                String value = rs.getString(i);
                row.append(value == null ? "null" : names(value.trim(), customer));
            }
        }
        return row.toString();
    }

    private static String instantColumn(ResultSet rs, String column, Instant accessUntil) throws SQLException {
        Instant value = instant(rs, column);
        if (value == null) {
            return "null";
        }
        if (column.equals("expires_at") && hasColumn(rs, "issued_at")) {
            return value.equals(accessUntil) ? "the grant's end" : "after " + Duration.between(instant(rs, "issued_at"), value);
        }
        if (column.equals("next_attempt_at")) {
            return value.equals(instant(rs, "created_at")) ? "at once" : "later";
        }
        return "set";
    }

    private static boolean hasColumn(ResultSet rs, String column) {
        try {
            rs.findColumn(column);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static String names(String value, Tenant customer) {
        return value.replaceAll("\\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z", "<instant>")
                .replaceAll("\\d{4}-\\d{2}-\\d{2}T[0-9%AC.]+Z", "<instant>")
                .replace(customer.administratorEmail().canonical(), "<customer email>")
                .replace(customer.administratorEmail().value(), "<customer email>")
                .replace(customer.id().value(), "<customer>")
                .replace(customer.accountNumber().value(), "<customer account>");
    }
}
