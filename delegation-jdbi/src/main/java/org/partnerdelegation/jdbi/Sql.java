package org.partnerdelegation.jdbi;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.observation.CallObservation;
import org.partnerdelegation.core.observation.DelegationObserver;
import org.partnerdelegation.core.observation.Observing;

/**
 * Runs the adapter's statements on the connection of a unit of work or a read, through plain JDBC.
 *
 * <p>Jdbi keeps what it is good at here: the schema installer, and the API hosts may use
 * ({@link JdbiStorage#jdbi()}). The statements of the use cases run
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

    /** What a held write's row count must be, checked when it runs; throws the refusal when it is not. */
    @FunctionalInterface
    interface CountCheck {
        void check(int changed);
    }

    /**
     * Writes held back until the next statement of the same unit of work, on one thread's
     * connection: inserts of append-only rows (audit events, outbox entries), and the writes whose
     * outcome the use case does not need at once (a delegation inserted or updated, its
     * invitations and sessions retired), each with the check of its row count it would have made
     * at once. On PostgreSQL they ride with the next write, or go at the commit, as one statement of
     * data-modifying {@code WITH} clauses: one round trip for a unit of work's writes. Before a read,
     * or on H2 (which has none, and no round trips), they run first, one by one and in order.
     *
     * <p>Within one statement PostgreSQL runs the clauses on one snapshot, in no set order, and
     * checks the foreign keys at its end, once every row is in: so no two held writes touch the same
     * table (a second one sends the first), and nothing reads a held row before a read has sent it.
     */
    static final class Deferred {
        private final Connection connection;
        private final boolean carriedByWrites;
        private final List<Held> held = new ArrayList<>(6);
        /** The unit of work of another storage this one runs inside, on this thread; null for none. */
        private final Deferred enclosing;

        Deferred(Connection connection, boolean carriedByWrites, Deferred enclosing) {
            this.connection = connection;
            this.carriedByWrites = carriedByWrites;
            this.enclosing = enclosing;
        }

        /**
         * Holds an insert back. Where several go to the same table they become one insert of
         * several rows, in the order they came: the rows of one VALUES list get their sequence
         * numbers in order (the audit trail's order is its sequence). On PostgreSQL a row joins
         * the first insert of its kind (the statement checks foreign keys at its end); on H2, which
         * runs the held writes one by one, only the last held write, so that no row goes ahead of
         * one it refers to.
         */
        void holdAppend(String insert, Object[] values) {
            for (int i = carriedByWrites ? 0 : Math.max(0, held.size() - 1); i < held.size(); i++) {
                Held h = held.get(i);
                if (h.check == null && h.sql.startsWith(insert)) {
                    Object[] joined = Arrays.copyOf(h.args, h.args.length + values.length);
                    System.arraycopy(values, 0, joined, h.args.length, values.length);
                    held.set(i, new Held(h.table, merged(h.sql, insert), joined, null));
                    return;
                }
            }
            add(new Held(table(insert), insert, values, null));
        }

        /** Holds a write back; one already held on the same table is sent first, unless both are inserts. */
        void holdWrite(String sql, Object[] values, CountCheck check) {
            add(new Held(table(sql), sql, values, check));
        }

        private void add(Held write) {
            for (Held h : held) {
                if (h.table.equals(write.table) && !(h.isInsert() && write.isInsert())) {
                    flush(this);
                    break;
                }
            }
            held.add(write);
        }
    }

    /** A write held back: its table, statement, arguments and the check of its count (none for an append). */
    private record Held(String table, String sql, Object[] args, CountCheck check) {
        /** Inserts of one table may share a statement: neither reads nor changes the other's rows. */
        boolean isInsert() {
            return sql.startsWith("INSERT ");
        }
    }

    /** {@code held}, an insert of one or more rows, with the row of {@code insert} (the same insert) added; cached as {@link #COMBINED}. */
    private static String merged(String held, String insert) {
        // Marked, so that no combination of the same two statements is taken for it.
        List<String> key = Arrays.asList("merged", held, insert);
        return combined(key, () -> held + ", " + insert.substring(insert.indexOf(" VALUES ") + " VALUES ".length()));
    }

    /** The table an INSERT, UPDATE or DELETE writes. */
    private static String table(String sql) {
        int from = sql.startsWith("INSERT INTO ") ? 12 : sql.startsWith("UPDATE ") ? 7 : sql.startsWith("DELETE FROM ") ? 12 : -1;
        if (from < 0) {
            throw new IllegalArgumentException("not a write of one table: " + sql);
        }
        int to = sql.indexOf(' ', from);
        return to < 0 ? sql.substring(from) : sql.substring(from, to);
    }

    private static final ThreadLocal<Deferred> DEFERRED = new ThreadLocal<>();

    /**
     * The observer of a storage, for the statements this thread sends on one of its connections,
     * and the frame of another storage's connection this thread was already on.
     */
    record Observed(Connection connection, DelegationObserver observer, Observed enclosing) {
    }

    private static final ThreadLocal<Observed> OBSERVED = new ThreadLocal<>();

    /**
     * Reports the statements this thread sends on {@code c} to {@code observer}, until
     * {@link #endObserving}; a storage without an observer never calls it, and its statements cost
     * one thread-local read each.
     *
     * @return the frame to give back to {@link #endObserving}
     */
    static Observed beginObserving(Connection c, DelegationObserver observer) {
        Observed enclosing = OBSERVED.get();
        OBSERVED.set(new Observed(c, observer, enclosing));
        return enclosing;
    }

    /** Stops reporting the statements of the connection given to the matching {@link #beginObserving}. */
    static void endObserving(Observed enclosing) {
        if (enclosing == null) {
            OBSERVED.remove();
        } else {
            OBSERVED.set(enclosing);
        }
    }

    /** The observation of a statement about to be sent on {@code c}; null when its storage has no observer. */
    private static CallObservation observation(Connection c, String sql) {
        for (Observed o = OBSERVED.get(); o != null; o = o.enclosing) {
            if (o.connection == c) {
                return Observing.statement(o.observer, StatementNames.of(sql));
            }
        }
        return null;
    }

    private static void succeeded(CallObservation observation) {
        if (observation != null) {
            Observing.succeeded(observation);
        }
    }

    /** Ends the observation with what the statement threw, as the caller will see it. */
    private static <T extends Throwable> T ended(CallObservation observation, T thrown) {
        if (observation != null) {
            if (thrown instanceof DelegationException refused) {
                Observing.refused(observation, refused.code());
            } else {
                Observing.failed(observation, thrown);
            }
        }
        return thrown;
    }

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
        DEFERRED.set(new Deferred(c, carriedByWrites, enclosing));
        return enclosing;
    }

    /**
     * The unit of work on {@code c} among those this thread is in (another storage's may run
     * inside it, and a statement on {@code c} then still finds its own); null when none is.
     */
    private static Deferred on(Connection c) {
        for (Deferred d = DEFERRED.get(); d != null; d = d.enclosing) {
            if (d.connection == c) {
                return d;
            }
        }
        return null;
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
        Deferred deferred = on(c);
        if (deferred == null) {
            update(c, sql, args);
            return;
        }
        deferred.holdAppend(sql, args);
    }

    /**
     * A write whose outcome the use case does not need at once: held back when this thread's unit
     * of work on {@code c} defers writes, its count checked when it runs (at the latest before the
     * commit, so a refusal still fails the unit of work); run and checked now otherwise.
     */
    static void updateLater(Connection c, String sql, CountCheck check, Object... args) {
        Deferred deferred = on(c);
        if (deferred == null) {
            int changed = update(c, sql, args);
            if (check != null) {
                check.check(changed);
            }
            return;
        }
        deferred.holdWrite(sql, args, check);
    }

    private static Deferred pending(Connection c) {
        Deferred deferred = on(c);
        return deferred != null && !deferred.held.isEmpty() ? deferred : null;
    }

    /**
     * Runs what is held back: on PostgreSQL as one statement, on H2 one by one. A write with a count
     * to check is that statement's main write when it is the only one; with several, each reports
     * its count through {@code RETURNING} to a final SELECT.
     */
    private static void flush(Deferred deferred) {
        if (deferred.held.isEmpty()) {
            return;
        }
        List<Held> writes = new ArrayList<>(deferred.held);
        deferred.held.clear();
        if (!deferred.carriedByWrites || writes.size() == 1) {
            for (Held h : writes) {
                int changed = execute(deferred.connection, h.sql, h.args);
                if (h.check != null) {
                    h.check.check(changed);
                }
            }
            return;
        }
        List<Held> checked = writes.stream().filter(h -> h.check != null).toList();
        if (checked.size() <= 1) {
            Held main = checked.isEmpty() ? writes.get(writes.size() - 1) : checked.get(0);
            List<Held> carried = new ArrayList<>(writes);
            carried.remove(main);
            int changed = execute(deferred.connection, carrying(carried, main.sql), all(carried, main.args));
            if (main.check != null) {
                main.check.check(changed);
            }
            return;
        }
        String counted = counting(writes);
        int[] changed = new int[checked.size()];
        CallObservation observation = observation(deferred.connection, counted);
        try (PreparedStatement ps = deferred.connection.prepareStatement(counted)) {
            bind(ps, all(writes, new Object[0]));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                for (int i = 0; i < changed.length; i++) {
                    changed[i] = rs.getInt(i + 1);
                }
            }
            succeeded(observation);
        } catch (SQLException e) {
            throw ended(observation, SqlFailures.translate(e));
        } catch (RuntimeException e) {
            throw ended(observation, e);
        } catch (Error e) {
            throw ended(observation, e);
        }
        for (int i = 0; i < changed.length; i++) {
            checked.get(i).check.check(changed[i]);
        }
    }

    /**
     * The statements combined so far, by their parts: a use case sends the same few combinations
     * over and over, and a string built again each time would cost its bytes (kilobytes per unit of
     * work) and the driver a hash of it to find its prepared statement. Bounded: past the bound a
     * combination is built each time, as it would be without the cache.
     */
    private static final Map<List<String>, String> COMBINED = new ConcurrentHashMap<>();
    private static final int MOST_COMBINED = 512;

    /** The statement cached under {@code parts}, built (and kept, while the cache has room) on first use. */
    private static String combined(List<String> parts, java.util.function.Supplier<String> build) {
        String cached = COMBINED.get(parts);
        if (cached != null) {
            return cached;
        }
        String built = build.get();
        if (COMBINED.size() < MOST_COMBINED) {
            COMBINED.put(parts, built);
        }
        return built;
    }

    /**
     * {@code WITH held_0 AS (UPDATE ... RETURNING 1), held_1 AS (INSERT ...) SELECT (SELECT COUNT(*) FROM held_0), ...}:
     * every write a clause, those with a count to check reporting it to the final SELECT.
     */
    private static String counting(List<Held> writes) {
        String[] parts = new String[writes.size() + 1];
        for (int i = 0; i < writes.size(); i++) {
            parts[i] = writes.get(i).check == null ? writes.get(i).sql : "counted " + writes.get(i).sql;
        }
        parts[writes.size()] = "SELECT";
        return combined(Arrays.asList(parts), () -> buildCounting(writes));
    }

    private static String buildCounting(List<Held> writes) {
        StringBuilder sql = new StringBuilder("WITH ");
        StringBuilder counts = new StringBuilder(" SELECT ");
        for (int i = 0; i < writes.size(); i++) {
            Held h = writes.get(i);
            sql.append(i == 0 ? "" : ", ").append("held_").append(i).append(" AS (").append(h.sql);
            if (h.check != null) {
                sql.append(" RETURNING 1");
                counts.append(counts.length() == " SELECT ".length() ? "" : ", ").append("(SELECT COUNT(*) FROM held_").append(i).append(')');
            }
            sql.append(')');
        }
        return sql.append(counts).toString();
    }

    /** {@code WITH held_0 AS (...), ... <main>}: the held writes as clauses of the main one, whose count is the statement's. */
    private static String carrying(List<Held> carried, String main) {
        if (carried.isEmpty()) {
            return main;
        }
        String[] parts = new String[carried.size() + 1];
        for (int i = 0; i < carried.size(); i++) {
            parts[i] = carried.get(i).sql;
        }
        parts[carried.size()] = main;
        return combined(Arrays.asList(parts), () -> buildCarrying(carried, main));
    }

    private static String buildCarrying(List<Held> carried, String main) {
        StringBuilder sql = new StringBuilder("WITH ");
        for (int i = 0; i < carried.size(); i++) {
            sql.append("held_").append(i).append(" AS (").append(carried.get(i).sql).append("), ");
        }
        sql.setLength(sql.length() - 2);
        return sql.append(' ').append(main).toString();
    }

    /** The arguments of the held writes in order, then {@code last}'s. */
    private static Object[] all(List<Held> writes, Object[] last) {
        int n = last.length;
        for (Held h : writes) {
            n += h.args.length;
        }
        Object[] all = new Object[n];
        int at = 0;
        for (Held h : writes) {
            System.arraycopy(h.args, 0, all, at, h.args.length);
            at += h.args.length;
        }
        System.arraycopy(last, 0, all, at, last.length);
        return all;
    }

    /** The first row the query returns, mapped; empty when it returns none. */
    static <T> Optional<T> one(Connection c, String sql, RowMapper<T> mapper, Object... args) {
        Deferred deferred = pending(c);
        if (deferred != null) {
            flush(deferred);
        }
        CallObservation observation = observation(c, sql);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            Optional<T> row;
            try (ResultSet rs = ps.executeQuery()) {
                row = rs.next() ? Optional.ofNullable(mapper.map(rs)) : Optional.empty();
            }
            succeeded(observation);
            return row;
        } catch (SQLException e) {
            throw ended(observation, SqlFailures.translate(e));
        } catch (RuntimeException e) {
            throw ended(observation, e);
        } catch (Error e) {
            throw ended(observation, e);
        }
    }

    /** Every row the query returns, mapped, in order. */
    static <T> List<T> list(Connection c, String sql, RowMapper<T> mapper, Object... args) {
        Deferred deferred = pending(c);
        if (deferred != null) {
            flush(deferred);
        }
        CallObservation observation = observation(c, sql);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
            }
            succeeded(observation);
            return rows;
        } catch (SQLException e) {
            throw ended(observation, SqlFailures.translate(e));
        } catch (RuntimeException e) {
            throw ended(observation, e);
        } catch (Error e) {
            throw ended(observation, e);
        }
    }

    /**
     * Runs an insert, update or delete now, carrying the writes held back (on PostgreSQL, in its
     * statement unless one of them has a count to check: then they go first); returns the rows it
     * changed.
     */
    static int update(Connection c, String sql, Object... args) {
        Deferred deferred = pending(c);
        if (deferred == null) {
            return execute(c, sql, args);
        }
        // A WITH statement of its own (a retention batch) is sent alone, after what is held: its table is in its clauses.
        boolean carried = deferred.carriedByWrites && !sql.startsWith("WITH ");
        String table = carried ? table(sql) : "";
        for (Held h : deferred.held) {
            carried &= h.check == null && (!h.table.equals(table) || h.isInsert() && sql.startsWith("INSERT "));
        }
        if (!carried) {
            flush(deferred);
            return execute(c, sql, args);
        }
        List<Held> writes = new ArrayList<>(deferred.held);
        deferred.held.clear();
        return execute(c, carrying(writes, sql), all(writes, args));
    }

    private static int execute(Connection c, String sql, Object... args) {
        CallObservation observation = observation(c, sql);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            int changed = ps.executeUpdate();
            succeeded(observation);
            return changed;
        } catch (SQLException e) {
            throw ended(observation, SqlFailures.translate(e));
        } catch (RuntimeException e) {
            throw ended(observation, e);
        } catch (Error e) {
            throw ended(observation, e);
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
