package org.partnerdelegation.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.Field;
import org.partnerdelegation.jdbi.DatabaseConfig;
import org.partnerdelegation.jdbi.JdbiStorage;

/**
 * The HikariCP settings {@code JdbiStorage.connect} gives its pool, for the pools the library
 * does not build itself: the floors' and the statement counter's. They are copied from a pool
 * {@code connect} builds, so that they follow the library wherever it takes its settings (a
 * PostgreSQL server option, a pool size); a floor on other settings would not be the same
 * work. {@code JdbiStorage} keeps its pool to itself, so the copy reads it reflectively; should
 * that ever fail, the settings {@code connect} had when this was written are used, with a warning.
 */
public final class Pools {

    private Pools() {
    }

    /** The settings of {@code JdbiStorage.connect(DatabaseConfig.of(url, user, password))}, under another pool name. */
    public static HikariConfig likeConnect(BenchmarkDatabase db, String poolName) {
        DatabaseConfig config = DatabaseConfig.of(db.url(), db.user(), db.password()).withInstallSchema(false);
        HikariConfig copy = new HikariConfig();
        try {
            copyOfConnects(config).copyStateTo(copy);
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println("Pools: cannot read JdbiStorage.connect's pool settings (" + e + "); using those it had in 2026-11");
            copy = asWritten(config);
        }
        copy.setPoolName(poolName);
        return copy;
    }

    /**
     * A pool as {@code connect} configures it; the pool is closed and the storage dropped
     * without {@code close()}, which would also close an in-memory H2 database.
     */
    private static HikariConfig copyOfConnects(DatabaseConfig config) throws ReflectiveOperationException {
        JdbiStorage storage = JdbiStorage.connect(config);
        Field owned = JdbiStorage.class.getDeclaredField("ownedPool");
        owned.setAccessible(true);
        HikariDataSource pool = (HikariDataSource) owned.get(storage);
        HikariConfig settings = new HikariConfig();
        pool.copyStateTo(settings);
        pool.close();
        return settings;
    }

    private static HikariConfig asWritten(DatabaseConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.maximumPoolSize());
        hikari.setConnectionTimeout(config.connectionTimeout().toMillis());
        hikari.setInitializationFailTimeout(-1);
        hikari.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        // No session-wide planner setting: the library's statements get their plans from their shape (issue 22).
        return hikari;
    }
}
