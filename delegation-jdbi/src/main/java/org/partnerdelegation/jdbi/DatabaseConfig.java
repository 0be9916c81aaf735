package org.partnerdelegation.jdbi;

import java.time.Duration;
import java.util.Objects;
import org.partnerdelegation.core.domain.DelegationException;

/**
 * What {@link JdbiStorage#connect(DatabaseConfig)} needs to build a HikariCP pool.
 *
 * @param jdbcUrl           e.g. {@code jdbc:postgresql://db:5432/app} or {@code jdbc:h2:/var/lib/app/delegation}
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
     *                              the pool has fewer than 1 connection, or the timeout is under 250 ms
     */
    public DatabaseConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:")) {
            throw DelegationException.invalidInput("jdbcUrl", "must start with jdbc:");
        }
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

    /** {@return the settings, with the password masked} */
    @Override
    public String toString() {
        return "DatabaseConfig[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=***, maximumPoolSize=" + maximumPoolSize
                + ", connectionTimeout=" + connectionTimeout + ", installSchema=" + installSchema + "]";
    }
}
