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
 */
public record DatabaseConfig(String jdbcUrl, String user, String password, int maximumPoolSize,
                             Duration connectionTimeout, boolean installSchema) {

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

    /** A pool of 10 connections, a 5-second connection timeout, schema installed at start. */
    public static DatabaseConfig of(String jdbcUrl, String user, String password) {
        return new DatabaseConfig(jdbcUrl, user, password, 10, Duration.ofSeconds(5), true);
    }

    public DatabaseConfig withMaximumPoolSize(int size) {
        return new DatabaseConfig(jdbcUrl, user, password, size, connectionTimeout, installSchema);
    }

    public DatabaseConfig withConnectionTimeout(Duration timeout) {
        return new DatabaseConfig(jdbcUrl, user, password, maximumPoolSize, timeout, installSchema);
    }

    public DatabaseConfig withInstallSchema(boolean install) {
        return new DatabaseConfig(jdbcUrl, user, password, maximumPoolSize, connectionTimeout, install);
    }

    @Override
    public String toString() {
        return "DatabaseConfig[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=***, maximumPoolSize=" + maximumPoolSize
                + ", connectionTimeout=" + connectionTimeout + ", installSchema=" + installSchema + "]";
    }
}
