package org.partnerdelegation.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The report's setup check, on both databases: after every write it times, the floor has written
 * the rows the library wrote, every column but ids and instants.
 */
class FloorWritesTheLibrarysRowsTest {

    @Test
    void floorWritesTheLibrarysRowsOnH2() {
        assertThat(FloorRowCheck.differences(BenchmarkDatabase.H2)).isEmpty();
    }

    @Test
    void floorWritesTheLibrarysRowsOnPostgresql() {
        assertThat(FloorRowCheck.differences(BenchmarkDatabase.POSTGRESQL)).isEmpty();
    }
}
