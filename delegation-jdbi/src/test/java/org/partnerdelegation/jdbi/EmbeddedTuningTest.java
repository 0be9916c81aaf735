package org.partnerdelegation.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.TenantId;

/** {@code JdbiStorage.embedded(directory, tuning)}: the embedded H2 database with the pool settings of {@code connect}. */
class EmbeddedTuningTest {

    @TempDir
    Path directory;

    @Test
    void theTuningStartsFromTheEmbeddedDefaults() {
        AtomicReference<DatabaseConfig> seen = new AtomicReference<>();

        try (JdbiStorage storage = JdbiStorage.embedded(directory, config -> {
            seen.set(config);
            return config;
        })) {
            assertThat(storage.dialect()).isEqualTo(Dialect.H2);
            assertThat(storage.installSchema()).as("installed at start").isEmpty();
        }
        assertThat(seen.get().jdbcUrl()).startsWith("jdbc:h2:file:" + directory.toAbsolutePath().resolve("partner-delegation"));
        assertThat(seen.get().maximumPoolSize()).isEqualTo(10);
        assertThat(seen.get().connectionTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(seen.get().installSchema()).isTrue();
    }

    @Test
    void aTunedPoolHasThatManyConnectionsAndWaitsThatLongForOne() {
        Duration timeout = Duration.ofMillis(300);
        try (JdbiStorage storage = JdbiStorage.embedded(directory,
                config -> config.withMaximumPoolSize(1).withConnectionTimeout(timeout))) {
            TenantId tenant = TenantId.of("tenant-1");
            long waited;
            DelegationException refused;
            try (Handle onlyConnection = storage.jdbi().open()) {
                long start = System.nanoTime();
                refused = catchThrowableOfType(DelegationException.class, () -> storage.tenantDirectory().findById(tenant));
                waited = Duration.ofNanos(System.nanoTime() - start).toMillis();
            }

            assertThat(refused).as("the one connection is taken").isNotNull();
            assertThat(refused.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
            assertThat(waited).as("waited the tuned timeout, not the default 5 s").isBetween(timeout.toMillis() - 50, 4_000L);
            assertThat(storage.tenantDirectory().findById(tenant)).as("works once the connection is back").isEmpty();
        }
    }

    @Test
    void theSchemaCanBeLeftToTheHost() {
        try (JdbiStorage storage = JdbiStorage.embedded(directory, config -> config.withInstallSchema(false))) {
            assertThat(storage.installSchema()).as("nothing was installed at start").containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        }
    }

    @Test
    void theTuningMayNotPointElsewhereOrReturnNothing() {
        DelegationException otherDatabase = catchThrowableOfType(DelegationException.class, () -> JdbiStorage.embedded(directory,
                config -> new DatabaseConfig("jdbc:h2:mem:elsewhere", config.user(), config.password(), 2, Duration.ofSeconds(1), true)));
        DelegationException otherUser = catchThrowableOfType(DelegationException.class, () -> JdbiStorage.embedded(directory,
                config -> new DatabaseConfig(config.jdbcUrl(), "admin", config.password(), 2, Duration.ofSeconds(1), true)));
        DelegationException nothing = catchThrowableOfType(DelegationException.class, () -> JdbiStorage.embedded(directory, config -> null));
        DelegationException noTuning = catchThrowableOfType(DelegationException.class, () -> JdbiStorage.embedded(directory, null));

        for (DelegationException refused : new DelegationException[] {otherDatabase, otherUser, nothing, noTuning}) {
            assertThat(refused).isNotNull();
            assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_INPUT);
            assertThat(refused).hasMessageStartingWith("tuning ");
        }
        assertThat(directory).isEmptyDirectory();
    }
}
