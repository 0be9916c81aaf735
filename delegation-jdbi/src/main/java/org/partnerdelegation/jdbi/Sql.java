package org.partnerdelegation.jdbi;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs the adapter's statements on the connection of a Jdbi handle, through plain JDBC.
 *
 * <p>Jdbi keeps what it is good at here: the pool's connections, the units of work and their
 * joining (see {@link Database}), the schema installer. The statements of the use cases run
 * through this class instead of Jdbi's statement API because they are the hot paths a host pays
 * for on every request, and there Jdbi's per-statement machinery (a configuration copy, a
 * statement context, argument and mapper lookups) cost more than the statement itself on H2:
 * 3 to 5 times an indexed read, and 4 to 8 KB allocated per statement, measured with JMH (see
 * {@code docs/BENCHMARKS.md}). The SQL is the same; binding is by position.
 *
 * <p>Arguments bind by their Java type: {@link String}, {@link java.util.UUID}, {@link Long},
 * {@link Integer}, {@link Boolean}, {@link Instant} (as a UTC {@code OffsetDateTime}, so that a
 * {@code TIMESTAMP WITH TIME ZONE} keeps the instant whatever the session's time zone), and null.
 * A failure surfaces translated by {@link SqlFailures}, never as a raw {@link SQLException}.
 */
final class Sql {

    /** Maps the current row of a result set. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /**
     * Inserts of append-only rows (audit events, outbox entries) held back until the next statement
     * of the same unit of work, on one thread's connection. On PostgreSQL they ride with the next
     * write as data-modifying {@code WITH} clauses, in its round trip; before a read, or on H2 (which
     * has none, and no round trips), they run first on their own. Nothing reads such a row in the
     * unit of work that writes it before a read has flushed it, so the order is kept where it shows.
     */
    static final class Deferred {
        private final Connection connection;
        private final boolean carriedByWrites;
        private final List<String> sql = new ArrayList<>();
        private final List<Object[]> args = new ArrayList<>();

        Deferred(Connection connection, boolean carriedByWrites) {
            this.connection = connection;
            this.carriedByWrites = carriedByWrites;
        }

        /**
         * Holds an insert back. Where several go to the same table they become one insert of
         * several rows, in the order they came: within one statement PostgreSQL runs the WITH
         * clauses in no set order, but the rows of one VALUES list get their sequence numbers in
         * order (the audit trail's order is its sequence).
         */
        void hold(String insert, Object[] values) {
            for (int i = 0; i < sql.size(); i++) {
                String held = sql.get(i);
                if (held.startsWith(insert)) {
                    sql.set(i, held + insert.substring(insert.indexOf(" VALUES ") + " VALUES".length()).replaceFirst("^ ", ", "));
                    Object[] joined = java.util.Arrays.copyOf(args.get(i), args.get(i).length + values.length);
                    System.arraycopy(values, 0, joined, args.get(i).length, values.length);
                    args.set(i, joined);
                    return;
                }
            }
            sql.add(insert);
            args.add(values);
        }
    }

    private static final ThreadLocal<Deferred> DEFERRED = new ThreadLocal<>();

    private Sql() {
    }

    /**
     * Starts holding back inserts on this thread's unit of work on {@code c}; PostgreSQL carries
     * them with its writes.
     *
     * @return what was held back for an enclosing unit of work of another storage on this thread,
     *         to give back to {@link #endDeferring}
     */
    static Deferred beginDeferring(Connection c, boolean carriedByWrites) {
        Deferred enclosing = DEFERRED.get();
        DEFERRED.set(new Deferred(c, carriedByWrites));
        return enclosing;
    }

    /** Runs what is still held back, before the unit of work commits. */
    static void flushDeferred() {
        Deferred deferred = DEFERRED.get();
        if (deferred != null) {
            flush(deferred);
        }
    }

    /**
     * Stops holding back inserts for this unit of work, dropping any still held (it rolled back),
     * and goes back to the enclosing one's, if any.
     */
    static void endDeferring(Deferred enclosing) {
        if (enclosing == null) {
            DEFERRED.remove();
        } else {
            DEFERRED.set(enclosing);
        }
    }

    /**
     * An insert of an append-only row: held back when this thread's unit of work on {@code c}
     * defers inserts, run now otherwise.
     */
    static void insertAppendOnly(Connection c, String sql, Object... args) {
        Deferred deferred = DEFERRED.get();
        if (deferred == null || deferred.connection != c) {
            update(c, sql, args);
            return;
        }
        deferred.hold(sql, args);
    }

    private static Deferred pending(Connection c) {
        Deferred deferred = DEFERRED.get();
        return deferred != null && deferred.connection == c && !deferred.sql.isEmpty() ? deferred : null;
    }

    /** Runs what is held back: on PostgreSQL as one statement (the last insert carrying the others), on H2 one by one. */
    private static void flush(Deferred deferred) {
        if (deferred.sql.isEmpty()) {
            return;
        }
        if (deferred.carriedByWrites) {
            String last = deferred.sql.remove(deferred.sql.size() - 1);
            Object[] args = deferred.args.remove(deferred.args.size() - 1);
            update(deferred.connection, last, args);
            return;
        }
        while (!deferred.sql.isEmpty()) {
            String sql = deferred.sql.remove(0);
            Object[] args = deferred.args.remove(0);
            execute(deferred.connection, sql, args);
        }
    }

    /** The first row the query returns, mapped; empty when it returns none. */
    static <T> Optional<T> one(Connection c, String sql, RowMapper<T> mapper, Object... args) {
        Deferred deferred = pending(c);
        if (deferred != null) {
            flush(deferred);
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(mapper.map(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    /** Every row the query returns, mapped, in order. */
    static <T> List<T> list(Connection c, String sql, RowMapper<T> mapper, Object... args) {
        Deferred deferred = pending(c);
        if (deferred != null) {
            flush(deferred);
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    /** Runs an insert, update or delete, carrying the inserts held back; returns the rows it changed. */
    static int update(Connection c, String sql, Object... args) {
        Deferred deferred = pending(c);
        if (deferred == null) {
            return execute(c, sql, args);
        }
        if (!deferred.carriedByWrites) {
            flush(deferred);
            return execute(c, sql, args);
        }
        // WITH held_0 AS (INSERT ...), held_1 AS (INSERT ...) <the write>: the write's own count is the statement's.
        StringBuilder carried = new StringBuilder("WITH ");
        List<Object> all = new ArrayList<>();
        for (int i = 0; i < deferred.sql.size(); i++) {
            carried.append("held_").append(i).append(" AS (").append(deferred.sql.get(i)).append("), ");
            all.addAll(java.util.Arrays.asList(deferred.args.get(i)));
        }
        String main = sql.startsWith("WITH ") ? sql.substring("WITH ".length()) : sql;
        if (!sql.startsWith("WITH ")) {
            carried.setLength(carried.length() - 2);
            carried.append(' ');
        }
        all.addAll(java.util.Arrays.asList(args));
        deferred.sql.clear();
        deferred.args.clear();
        return execute(c, carried + main, all.toArray());
    }

    private static int execute(Connection c, String sql, Object... args) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    /**
     * The database behind the connection, for the few statements (retention, once a day) whose
     * text differs by dialect without the caller knowing it; both drivers answer without a round trip.
     */
    static Dialect dialectOf(Connection c) {
        try {
            return Dialect.ofProductName(c.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw SqlFailures.translate(e);
        }
    }

    /** {@code n} positional parameters separated by commas, for an {@code IN (...)} list. */
    static String placeholders(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("an IN list needs at least one value");
        }
        return "?" + ", ?".repeat(n - 1);
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object value = args[i];
            int position = i + 1;
            if (value instanceof Instant instant) {
                ps.setObject(position, instant.atOffset(ZoneOffset.UTC));
            } else if (value instanceof String text) {
                ps.setString(position, text);
            } else if (value instanceof Long number) {
                ps.setLong(position, number);
            } else if (value instanceof Integer number) {
                ps.setInt(position, number);
            } else if (value instanceof Boolean flag) {
                ps.setBoolean(position, flag);
            } else {
                // UUIDs (both drivers map them to their uuid type) and nulls (the server infers the type from the column)
                ps.setObject(position, value);
            }
        }
    }
}
