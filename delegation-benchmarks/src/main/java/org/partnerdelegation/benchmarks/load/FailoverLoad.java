package org.partnerdelegation.benchmarks.load;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.partnerdelegation.jdbi.ReplicatedPostgres;

/**
 * The load run across one failover: a PostgreSQL 15 primary with a synchronous hot standby
 * ({@link ReplicatedPostgres}, Debian's binaries), the nodes on the multi-host URL, the primary
 * killed ({@code SIGKILL}) at half time and the standby promoted {@value #PROMOTE_AFTER_SECONDS}
 * seconds later. Until the kill, the standby's replication lag is sampled on the primary every
 * second ({@code pg_stat_replication}), for what reading from a standby would mean.
 */
final class FailoverLoad {

    static final int PROMOTE_AFTER_SECONDS = 2;

    private FailoverLoad() {
    }

    /** Runs the load of {@code builder} (its database set here) across a failover at half of {@code duration}. */
    static LoadReport run(LoadRun.Builder builder, Duration duration) {
        if (!ReplicatedPostgres.available()) {
            throw new IllegalStateException(ReplicatedPostgres.BIN + "/pg_ctl is missing: the failover run needs PostgreSQL 15's"
                    + " server binaries (Debian: apt-get install postgresql-15)");
        }
        try (ReplicatedPostgres pg = ReplicatedPostgres.start()) {
            Duration half = duration.dividedBy(2);
            LagSampler lag = new LagSampler(pg.primaryUrl(), ReplicatedPostgres.USER, pg.config().password());
            AtomicBoolean sampling = new AtomicBoolean(true);
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "replication-lag");
                t.setDaemon(true);
                return t;
            });
            try {
                sampler.scheduleAtFixedRate(() -> {
                    if (sampling.get()) {
                        lag.sample();
                    }
                }, 1, 1, TimeUnit.SECONDS);
                return builder.jdbcUrl(pg.jdbcUrl(), ReplicatedPostgres.USER, pg.config().password())
                        .database("PostgreSQL 15 primary and synchronous hot standby (Debian's binaries) on the multi-host URL,"
                                + " the primary killed (SIGKILL) at half time and the standby promoted "
                                + PROMOTE_AFTER_SECONDS + " s later")
                        .duration(duration)
                        .at(half, "SIGKILL of the primary", () -> {
                            sampling.set(false);
                            lag.close();
                            pg.killPrimary();
                        })
                        .at(half.plusSeconds(PROMOTE_AFTER_SECONDS), "pg_ctl promote of the standby", () -> pg.promoteStandby())
                        .notes(lag::summary)
                        .build().run();
            } finally {
                sampler.shutdownNow();
                lag.close();
            }
        }
    }

    /** The standby's lag as the primary reports it, one sample a second, on one connection of its own. */
    static final class LagSampler {
        private final String url;
        private final String user;
        private final String password;
        private final List<double[]> samples = new ArrayList<>();
        private Connection connection;
        private int failures;

        LagSampler(String url, String user, String password) {
            this.url = url;
            this.user = user;
            this.password = password;
        }

        synchronized void sample() {
            try {
                if (connection == null) {
                    connection = DriverManager.getConnection(url, user, password);
                }
                try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
                        "SELECT COALESCE(EXTRACT(EPOCH FROM write_lag) * 1000, 0), COALESCE(EXTRACT(EPOCH FROM flush_lag) * 1000, 0),"
                                + " COALESCE(EXTRACT(EPOCH FROM replay_lag) * 1000, 0),"
                                + " COALESCE(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn), 0)"
                                + " FROM pg_stat_replication WHERE application_name = '" + ReplicatedPostgres.STANDBY_NAME + "'")) {
                    if (rs.next()) {
                        samples.add(new double[] {rs.getDouble(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4)});
                    }
                }
            } catch (SQLException e) {
                failures++;
                close();
            }
        }

        synchronized void close() {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // the primary may be gone already
                }
                connection = null;
            }
        }

        /** {@return p50, p99 and max of each figure, as report lines} */
        synchronized List<String> summary() {
            if (samples.isEmpty()) {
                return List.of("Replication lag: no sample (" + failures + " failed).");
            }
            String[] names = {"write lag", "flush lag", "replay lag"};
            StringBuilder line = new StringBuilder("Replication lag of the synchronous standby, sampled every second on the"
                    + " primary until the kill (" + samples.size() + " samples of `pg_stat_replication`): ");
            for (int i = 0; i < 3; i++) {
                line.append(names[i]).append(String.format(Locale.ROOT, " p50 %.2f ms, p99 %.2f ms, max %.2f ms; ",
                        pct(i, 0.5), pct(i, 0.99), pct(i, 1.0)));
            }
            line.append(String.format(Locale.ROOT, "WAL not yet replayed (LSN distance) p50 %.0f bytes, p99 %.0f, max %.0f.",
                    pct(3, 0.5), pct(3, 0.99), pct(3, 1.0)));
            return List.of(line.toString());
        }

        private double pct(int column, double q) {
            double[] v = samples.stream().mapToDouble(s -> s[column]).sorted().toArray();
            int index = (int) Math.min(v.length - 1, Math.max(0, Math.ceil(q * v.length) - 1));
            return v[index];
        }
    }
}
