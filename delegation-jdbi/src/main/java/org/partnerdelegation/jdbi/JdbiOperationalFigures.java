package org.partnerdelegation.jdbi;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.port.OperationalFigures;

/**
 * {@link OperationalFigures} of a {@link JdbiStorage}: one statement of four counts, each read along
 * an index ({@code pd_outbox_due}, {@code pd_outbox_by_status}, {@code pd_session_by_expiry}), so
 * that its cost follows the backlog and the live sessions rather than the tables' history. A
 * backlog of more than {@value #MOST_COUNTED} entries reads as {@value #MOST_COUNTED}. Get it from
 * {@link JdbiStorage#operationalFigures()}. Thread-safe.
 */
public final class JdbiOperationalFigures implements OperationalFigures {

    /**
     * The most due entries counted: past it the backlog reads as this many. A scrape then costs at
     * most this many index entries however far the outbox has fallen behind (a mail server down for
     * a day), and the count reads the due entries in the index's order, as the dispatcher's claim
     * does, which keeps PostgreSQL on the index even while every entry of the table is due.
     */
    static final int MOST_COUNTED = 10_000;

    /**
     * The due entries (at most {@link #MOST_COUNTED}) and the oldest due time, the entries that gave
     * up, the live sessions. The sessions are counted by their expiry, the only bound of live ones
     * in an index: those expiring later, less the revoked among them.
     */
    private static final String FIGURES = "SELECT"
            + " (SELECT COUNT(*) FROM (SELECT seq FROM pd_outbox WHERE status = 'PENDING' AND next_attempt_at <= ?"
            + " ORDER BY next_attempt_at, seq FETCH FIRST ? ROWS ONLY) due),"
            + " (SELECT MIN(next_attempt_at) FROM pd_outbox WHERE status = 'PENDING' AND next_attempt_at <= ?),"
            + " (SELECT COUNT(*) FROM pd_outbox WHERE status = 'FAILED'),"
            + " (SELECT COUNT(*) FROM pd_session WHERE expires_at > ? AND revoked_at IS NULL)";

    private final Database db;
    private final int mostCounted;

    JdbiOperationalFigures(Database db) {
        this(db, MOST_COUNTED);
    }

    /** With another bound of the backlog's count, for tests of its edge. */
    JdbiOperationalFigures(Database db, int mostCounted) {
        this.db = Objects.requireNonNull(db, "db");
        this.mostCounted = mostCounted;
    }

    /**
     * {@inheritDoc}
     *
     * @throws DelegationException {@code STORAGE_UNAVAILABLE} when the database cannot answer
     */
    @Override
    public Figures figuresAt(Instant now) {
        DelegationException.requireArgument(now, "now");
        return db.readOnce(c -> Sql.one(c, FIGURES, rs -> {
            OffsetDateTime oldest = rs.getObject(2, OffsetDateTime.class);
            return new Figures(rs.getLong(1), Optional.ofNullable(oldest).map(OffsetDateTime::toInstant), rs.getLong(3), rs.getLong(4));
        }, now, mostCounted, now, now)).orElseThrow();
    }
}
