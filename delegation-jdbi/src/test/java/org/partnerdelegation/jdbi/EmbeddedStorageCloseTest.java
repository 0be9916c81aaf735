package org.partnerdelegation.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JdbiStorage#close()} of an embedded H2 database: once it returns, the database is closed
 * (its file lock and threads released), even when the pool was still opening connections.
 */
class EmbeddedStorageCloseTest {

    /**
     * Enough closes soon after the start to meet the race the fix is for (a connection the pool
     * opened after close had set DB_CLOSE_DELAY 0 set it back to -1): before the fix about one
     * close in 25 of these left the database open.
     */
    private static final int CLOSES = 100;
    /** The closes sweep the time after the start when the pool fills up (its first fill runs 100 ms after the start). */
    private static final int SWEEP_FROM_MILLIS = 60;
    private static final int SWEEP_STEPS = 20;
    private static final int SWEEP_STEP_MILLIS = 5;

    @TempDir
    Path directory;

    @Test
    void closingRightAfterTheStartClosesTheDatabaseEveryTime() throws Exception {
        List<Integer> leftOpen = new ArrayList<>();
        for (int i = 0; i < CLOSES; i++) {
            Path database = Files.createDirectory(directory.resolve("db-" + i));
            JdbiStorage storage = JdbiStorage.embedded(database, config -> config.withInstallSchema(false));
            Thread.sleep(SWEEP_FROM_MILLIS + i % SWEEP_STEPS * SWEEP_STEP_MILLIS);
            storage.close();
            if (stillOpen(database)) {
                leftOpen.add(i);
            }
        }
        assertThat(leftOpen).as("the closes that left the database open").isEmpty();
    }

    @Test
    void anInMemoryDatabaseSharedByTwoStoragesLivesUntilTheSecondClosesAndGoesWithIt() {
        String name = "shared-" + System.nanoTime();
        JdbiStorage first = JdbiStorage.inMemory(name);
        JdbiStorage second = JdbiStorage.inMemory(name);
        first.jdbi().useHandle(handle -> handle.execute("CREATE TABLE probe(x INT)"));

        first.close();

        assertThat(count(second, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'PROBE'"))
                .as("the second storage still has the database").isOne();
        second.close();
        try (JdbiStorage again = JdbiStorage.inMemory(name)) {
            assertThat(count(again, "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'PROBE'"))
                    .as("a new database of that name").isZero();
        }
    }

    private static int count(JdbiStorage storage, String sql) {
        Integer count = storage.jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(Integer.class).one());
        return count;
    }

    /**
     * Whether the database is still open in this process: a connection without the storage's
     * DB_CLOSE_DELAY=-1 joins an open database and reads its delay, -1; a closed one is opened
     * afresh with the delay last set, 0, and closes again with that connection.
     */
    private static boolean stillOpen(Path database) throws SQLException {
        String url = "jdbc:h2:file:" + database.toAbsolutePath().resolve("partner-delegation") + ";IFEXISTS=TRUE";
        try (Connection probe = DriverManager.getConnection(url, "sa", "");
             Statement statement = probe.createStatement();
             ResultSet delay = statement.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                     + " WHERE SETTING_NAME = 'DB_CLOSE_DELAY'")) {
            delay.next();
            boolean open = delay.getInt(1) < 0;
            if (open) {
                // Close it for good, so that one failure does not leave a database open for the rest of the run.
                statement.execute("SET DB_CLOSE_DELAY 0");
            }
            return open;
        }
    }
}
