package org.partnerdelegation.sessioncache;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.SessionId;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.port.Revocation;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Holds one connection to PostgreSQL that {@code LISTEN}s to {@value #CHANNEL}, the channel the
 * triggers of schema V11 notify at the commit of every change that can narrow or end a session,
 * and tells its {@link CaffeineSessionCache}. Built and started by the cache's builder; one daemon
 * thread.
 *
 * <p>The connection is its own ({@link DriverManager}, never the pool's: a pooled connection goes
 * back to the pool, and PgBouncer in transaction mode drops a {@code LISTEN}), on the pool's URL, so
 * that a multi-host URL with {@code targetServerType=primary} reaches the new primary after a
 * failover. A lost connection is found by the read failing, or by the round trip made every
 * heartbeat (with a read timeout of twice the heartbeat) when the network went quiet; the cache then
 * stops serving at once, and the listener reconnects with a doubling wait. Once {@code LISTEN} is
 * done again, the cache is emptied (what it held may have been revoked while nobody listened) and
 * serves again.
 */
final class PostgresRevocationListener implements AutoCloseable {

    /** The channel the triggers of schema V11 notify. */
    static final String CHANNEL = "pd_session_revocations";
    static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(1);
    static final Duration DEFAULT_RECONNECT_MINIMUM = Duration.ofMillis(100);
    static final Duration DEFAULT_RECONNECT_MAXIMUM = Duration.ofSeconds(5);

    private static final System.Logger LOG = System.getLogger(PostgresRevocationListener.class.getName());

    private final CaffeineSessionCache cache;
    private final String url;
    private final Properties properties = new Properties();
    private final Duration heartbeat;
    private final Duration readTimeout;
    private final Duration reconnectMinimum;
    private final Duration reconnectMaximum;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection connection;
    private volatile Integer backendPid;

    PostgresRevocationListener(CaffeineSessionCache cache, String url, String user, String password, Duration heartbeat,
                               Duration reconnectMinimum, Duration reconnectMaximum) {
        this.cache = cache;
        this.url = url;
        this.heartbeat = heartbeat;
        this.reconnectMinimum = reconnectMinimum;
        this.reconnectMaximum = reconnectMaximum;
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        this.readTimeout = heartbeat.multipliedBy(2);
        long readTimeoutSeconds = Math.max(1, (readTimeout.toMillis() + 999) / 1000);
        properties.setProperty("socketTimeout", Long.toString(readTimeoutSeconds));
        properties.setProperty("connectTimeout", Long.toString(Math.max(2, readTimeoutSeconds)));
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("ApplicationName", "partner-delegation session cache");
        this.thread = new Thread(this::run, "partner-delegation-revocation-listener");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    Optional<Integer> backendPid() {
        return Optional.ofNullable(backendPid);
    }

    private void run() {
        Duration wait = reconnectMinimum;
        while (!closed) {
            try (Connection c = DriverManager.getConnection(url, properties)) {
                connection = c;
                listen(c);
                wait = reconnectMinimum;
            } catch (SQLException | RuntimeException e) {
                if (!closed) {
                    // No apostrophe in these messages: they are MessageFormat patterns.
                    LOG.log(System.Logger.Level.WARNING, "The session cache listener lost or could not open its connection"
                            + " to PostgreSQL; every session check reads the database until it has subscribed again: {0}",
                            e.toString());
                }
            } finally {
                connection = null;
                backendPid = null;
                cache.unsubscribed();
            }
            if (!closed) {
                sleep(wait);
                wait = wait.multipliedBy(2).compareTo(reconnectMaximum) > 0 ? reconnectMaximum : wait.multipliedBy(2);
            }
        }
    }

    /** Subscribes, then hands every notification to the cache until the connection fails or the listener closes. */
    private void listen(Connection c) throws SQLException {
        c.setAutoCommit(true);
        // Over a socketTimeout the URL may carry for the pool (the guide's multi-host URL says 30 s): the listener's own.
        c.setNetworkTimeout(Runnable::run, (int) readTimeout.toMillis());
        PGConnection pg = c.unwrap(PGConnection.class);
        try (Statement s = c.createStatement()) {
            // LISTEN first, then empty the cache: a revocation committed from here on is heard.
            s.execute("LISTEN " + CHANNEL);
            backendPid = pg.getBackendPID();
            cache.subscribed();
            LOG.log(System.Logger.Level.INFO, "The session cache listener is subscribed to {0} (backend {1})", CHANNEL, backendPid);
            long nextRoundTrip = System.nanoTime() + heartbeat.toNanos();
            int pollMillis = (int) Math.max(10, Math.min(heartbeat.toMillis() / 2, 250));
            while (!closed) {
                PGNotification[] notifications = pg.getNotifications(pollMillis);
                if (notifications != null) {
                    for (PGNotification n : notifications) {
                        cache.pushed(parse(n.getParameter()));
                    }
                }
                if (System.nanoTime() - nextRoundTrip >= 0) {
                    // A connection that died without a word (a network cut) shows here, within the read timeout.
                    try (ResultSet rs = s.executeQuery("SELECT 1")) {
                        rs.next();
                    }
                    nextRoundTrip = System.nanoTime() + heartbeat.toNanos();
                }
            }
        }
    }

    /**
     * A payload of the V11 triggers as a revocation. Anything else on the channel (a later schema's
     * payload, a host's own NOTIFY) empties the whole cache: unknown means everything, never nothing.
     */
    static Revocation parse(String payload) {
        if (payload == null || payload.length() < 3 || payload.charAt(1) != ':') {
            return Revocation.all();
        }
        String key = payload.substring(2);
        try {
            return switch (payload.charAt(0)) {
                case 's' -> Revocation.session(new SessionId(UUID.fromString(key)));
                case 'd' -> Revocation.delegation(new DelegationId(UUID.fromString(key)));
                case 'p' -> Revocation.partner(TenantId.of(key));
                case 'c' -> Revocation.customer(TenantId.of(key));
                case 't' -> Revocation.tenant(TenantId.of(key));
                default -> Revocation.all();
            };
        } catch (RuntimeException e) {
            return Revocation.all();
        }
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection c = connection;
        if (c != null) {
            try {
                // Unblocks a read in progress at once rather than at its timeout.
                c.abort(Runnable::run);
            } catch (SQLException | RuntimeException ignored) {
                // closing anyway
            }
        }
        thread.interrupt();
        try {
            thread.join(Math.max(1000, heartbeat.toMillis() * 3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
