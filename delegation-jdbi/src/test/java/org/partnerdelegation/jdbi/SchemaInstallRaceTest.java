package org.partnerdelegation.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * Nodes that start together on one PostgreSQL database, each with a pool of its own, install the
 * schema once between them: on an empty database, and on a database of the former runner that
 * they take over at once. Every node opens its storage, and every version is recorded once.
 */
class SchemaInstallRaceTest {

    private static final int NODES = 4;

    @Test
    void nodesStartingTogetherOnAnEmptyDatabaseInstallEachVersionOnce() {
        String url = Databases.newPostgresDatabase();
        try {
            DatabaseConfig config = Databases.postgresConfig(url).withMaximumPoolSize(2);

            List<String> opened = startTogether(config);

            assertThat(opened).hasSize(NODES);
            Jdbi jdbi = Jdbi.create(config.jdbcUrl(), config.user(), config.password());
            assertThat(Tables.flywayHistory(jdbi)).as("each version once, no baseline on the empty schema")
                    .containsExactly("1:SQL", "2:SQL", "3:SQL", "4:SQL", "5:SQL", "6:SQL", "7:SQL", "8:SQL", "9:SQL", "10:SQL");
        } finally {
            Databases.dropQuietly(url);
        }
    }

    @Test
    void nodesStartingTogetherOnADatabaseOfTheFormerRunnerTakeItOverOnce() {
        DatabaseConfig config = OldDatabases.postgres().withMaximumPoolSize(2);
        try {
            List<String> former = OldDatabases.formerHistoryRows(config);

            List<String> opened = startTogether(config);

            assertThat(opened).hasSize(NODES);
            Jdbi jdbi = Jdbi.create(config.jdbcUrl(), config.user(), config.password());
            assertThat(Tables.flywayHistory(jdbi)).as("one baseline, each later version once")
                    .containsExactly("3:BASELINE", "4:SQL", "5:SQL", "6:SQL", "7:SQL", "8:SQL", "9:SQL", "10:SQL");
            assertThat(OldDatabases.formerHistoryRows(config)).isEqualTo(former);
        } finally {
            Databases.dropQuietly(config.jdbcUrl());
        }
    }

    /** Opens a storage per node at the same moment (each installs the schema, as connect does), and closes them. */
    private static List<String> startTogether(DatabaseConfig config) {
        List<Callable<String>> nodes = IntStream.range(0, NODES).<Callable<String>>mapToObj(n -> () -> {
            try (JdbiStorage storage = JdbiStorage.connect(config)) {
                return storage.dialect() + " node " + n;
            }
        }).toList();
        return Concurrently.run(Duration.ofMinutes(2), nodes);
    }
}
