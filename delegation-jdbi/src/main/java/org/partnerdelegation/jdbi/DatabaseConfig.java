package org.partnerdelegation.jdbi;

import java.time.Duration;
import java.util.Objects;
import org.partnerdelegation.core.domain.DelegationException;

/**
 * What {@link JdbiStorage#connect(DatabaseConfig)} needs to build a HikariCP pool.
 *
 * <p>For a PostgreSQL primary with standbys, pgjdbc's multi-host URL lists them all; the driver
 * connects to whichever is the primary now, so that after a failover the same pool finds the
 * promoted standby without a restart:
 * {@code jdbc:postgresql://db1:5432,db2:5432/app?targetServerType=primary&hostRecheckSeconds=2&connectTimeout=2&loginTimeout=3&socketTimeout=30}.
 * Such a URL must say {@code targetServerType=primary}: the driver's default connects to any
 * host, a standby too, where every write fails.
 *
 * @param jdbcUrl           e.g. {@code jdbc:postgresql://db:5432/app}, the multi-host form above, or
 *                          {@code jdbc:h2:/var/lib/app/delegation}
 * @param user              database user
 * @param password          database password (never logged)
 * @param maximumPoolSize   connections in the pool, at least 1 (default 10)
 * @param connectionTimeout how long a use case waits for a connection before failing with
 *                          {@code STORAGE_UNAVAILABLE} (default 5 seconds)
 * @param installSchema     whether to apply the bundled migrations at start (default true);
 *                          set false when the host's own migration tool applies them
 * @see JdbiStorage#embedded(java.nio.file.Path, java.util.function.UnaryOperator) the same pool settings for the embedded database
 */
public record DatabaseConfig(String jdbcUrl, String user, String password, int maximumPoolSize,
                             Duration connectionTimeout, boolean installSchema) {

    /**
     * Checks the settings; {@link #of(String, String, String)} gives the defaults.
     *
     * @param jdbcUrl           the database's JDBC URL, starting with {@code jdbc:}
     * @param user              database user
     * @param password          database password (never logged)
     * @param maximumPoolSize   connections in the pool, at least 1
     * @param connectionTimeout how long a use case waits for a connection, at least 250 ms
     * @param installSchema     whether to apply the bundled migrations at start
     * @throws NullPointerException when {@code jdbcUrl} or {@code connectionTimeout} is null
     * @throws DelegationException  {@code INVALID_INPUT} when the URL does not start with {@code jdbc:},
     *                              is a PostgreSQL URL of several hosts without
     *                              {@code targetServerType=primary}, the pool has fewer than 1
     *                              connection, or the timeout is under 250 ms
     */
    public DatabaseConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:")) {
            throw DelegationException.invalidInput("jdbcUrl", "must start with jdbc:");
        }
        requirePrimaryOfSeveralHosts(jdbcUrl);
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
        if (maximumPoolSize < 1) {
            throw DelegationException.invalidInput("maximumPoolSize", "must be at least 1, got " + maximumPoolSize);
        }
        if (connectionTimeout.toMillis() < 250) {
            throw DelegationException.invalidInput("connectionTimeout", "must be at least 250 ms (HikariCP's minimum)");
        }
    }

    /**
     * A pool of 10 connections, a 5-second connection timeout, schema installed at start.
     *
     * @param jdbcUrl  the database's JDBC URL, starting with {@code jdbc:}
     * @param user     database user
     * @param password database password (never logged)
     * @return the configuration with the defaults
     * @throws DelegationException {@code INVALID_INPUT} when the URL does not start with {@code jdbc:}
     */
    public static DatabaseConfig of(String jdbcUrl, String user, String password) {
        return new DatabaseConfig(jdbcUrl, user, password, 10, Duration.ofSeconds(5), true);
    }

    /**
     * This configuration with another pool size.
     *
     * @param size connections in the pool, at least 1
     * @return a copy with that size
     * @throws DelegationException {@code INVALID_INPUT} when {@code size} is under 1
     */
    public DatabaseConfig withMaximumPoolSize(int size) {
        return new DatabaseConfig(jdbcUrl, user, password, size, connectionTimeout, installSchema);
    }

    /**
     * This configuration with another wait for a connection.
     *
     * @param timeout how long a use case waits for a connection before failing with
     *                {@code STORAGE_UNAVAILABLE}, at least 250 ms
     * @return a copy with that timeout
     * @throws NullPointerException when {@code timeout} is null
     * @throws DelegationException  {@code INVALID_INPUT} when {@code timeout} is under 250 ms
     */
    public DatabaseConfig withConnectionTimeout(Duration timeout) {
        return new DatabaseConfig(jdbcUrl, user, password, maximumPoolSize, timeout, installSchema);
    }

    /**
     * This configuration with or without applying the bundled migrations at start.
     *
     * @param install true to apply them, false when the host's own migration tool does
     * @return a copy with that choice
     */
    public DatabaseConfig withInstallSchema(boolean install) {
        return new DatabaseConfig(jdbcUrl, user, password, maximumPoolSize, connectionTimeout, install);
    }

    /**
     * Refuses a PostgreSQL URL of several hosts that lets the driver connect to a standby. The
     * driver reads {@code targetServerType} from the URL's query (the last one wins) and defaults to
     * {@code any}: the first host that answers, a read-only standby too, where every use case
     * that writes (a login, an add) fails for as long as the pool keeps that connection.
     * {@code primary} (and its former name {@code master}) is the only value that never lands there;
     * {@code preferPrimary} falls back to a standby while no primary answers, during a failover.
     * The message repeats the value only when it is a plain word: the URL may carry a password.
     */
    private static void requirePrimaryOfSeveralHosts(String jdbcUrl) {
        String prefix = "jdbc:postgresql://";
        if (!jdbcUrl.startsWith(prefix)) {
            return;
        }
        String rest = jdbcUrl.substring(prefix.length());
        int end = rest.length();
        for (char stop : new char[] {'/', '?'}) {
            int at = rest.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        if (rest.substring(0, end).indexOf(',') < 0) {
            return;
        }
        String target = null;
        int query = rest.indexOf('?');
        if (query >= 0) {
            for (String parameter : rest.substring(query + 1).split("&")) {
                if (parameter.startsWith("targetServerType=")) {
                    target = parameter.substring("targetServerType=".length());
                }
            }
        }
        if ("primary".equals(target) || "master".equals(target)) {
            return;
        }
        String given = target == null ? "does not set it (the driver's default, any, takes the first host that answers)"
                : target.matches("[A-Za-z]{1,20}") ? "sets it to " + target : "sets it to another value";
        throw DelegationException.invalidInput("jdbcUrl", "lists several PostgreSQL hosts and " + given + ": add"
                + " targetServerType=primary to its query, so that the pool connects only to the host that accepts writes,"
                + " never to a standby, where every write fails");
    }

    /** {@return the settings, with the password masked} */
    @Override
    public String toString() {
        return "DatabaseConfig[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=***, maximumPoolSize=" + maximumPoolSize
                + ", connectionTimeout=" + connectionTimeout + ", installSchema=" + installSchema + "]";
    }
}
