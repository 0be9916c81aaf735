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

    private Sql() {
    }

    /** The first row the query returns, mapped; empty when it returns none. */
    static <T> Optional<T> one(Connection c, String sql, RowMapper<T> mapper, Object... args) {
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

    /** Runs an insert, update or delete; returns the rows it changed. */
    static int update(Connection c, String sql, Object... args) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
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
