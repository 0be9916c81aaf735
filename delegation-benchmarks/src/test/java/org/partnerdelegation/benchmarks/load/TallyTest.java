package org.partnerdelegation.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.partnerdelegation.benchmarks.load.Journal.Entry;
import org.partnerdelegation.benchmarks.load.Journal.Kind;

/** The figures and the journal survive the trip from a child JVM, and a percentile is within the buckets' 4 %. */
class TallyTest {

    @Test
    void percentilesAreWithinFourPercentOfTheLatencies() {
        Tally tally = new Tally();
        for (int i = 1; i <= 100; i++) {
            tally.ok(Call.LOGIN, i * 1_000_000L);
        }

        assertThat(tally.of(Call.LOGIN).percentileMicros(0.50)).isCloseTo(50_000, within(50_000 * 0.04));
        assertThat(tally.of(Call.LOGIN).percentileMicros(0.99)).isCloseTo(99_000, within(99_000 * 0.04));
        assertThat(tally.of(Call.ADD).percentileMicros(0.99)).isZero();
    }

    @Test
    void aTallyWrittenAsLinesReadsBackTheSame() {
        Tally written = new Tally();
        written.ok(Call.VALIDATE_SESSION, 250_000);
        written.ok(Call.VALIDATE_SESSION, 9_000_000);
        written.add(Call.DELETE, Tally.Outcome.REFUSED);
        written.add(Call.ADD, Tally.Outcome.IN_DOUBT);
        written.business(Call.ACCEPT, "INVITATION_INVALID");

        Tally read = new Tally();
        written.toLines().lines().forEach(read::readLine);

        assertThat(read.toLines()).isEqualTo(written.toLines());
        assertThat(read.total(Tally.Outcome.OK)).isEqualTo(2);
        assertThat(read.of(Call.ACCEPT).businessCodes()).containsEntry("INVITATION_INVALID", 1L);
        assertThat(read.of(Call.VALIDATE_SESSION).percentileMicros(1.0)).isCloseTo(9_000, within(9_000 * 0.04));
    }

    @Test
    void aJournalEntryKeepsItsFieldsThroughItsLineWithSpacesReplaced() {
        Entry entry = new Entry(1_765_000_000_000L, 7, 42, Kind.RAW, "LOGIN", "java.lang.IllegalStateException: a b");

        Entry read = Entry.parse(entry.toLine());

        assertThat(read).isEqualTo(new Entry(1_765_000_000_000L, 7, 42, Kind.RAW, "LOGIN", "java.lang.IllegalStateException:_a_b"));
    }

    @Test
    void aCustomerAddressIsTracedToItsThreadAndOnlyTheRunsOwn() {
        LoadTenants tenants = new LoadTenants("abc", 10);

        assertThat(tenants.customerOf(tenants.customer(3, 7).administratorEmail().value())).containsExactly(3, 7);
        assertThat(tenants.customerOf(tenants.partner(3).administratorEmail().value())).isNull();
        assertThat(tenants.customerOf(new LoadTenants("abd", 10).customer(3, 7).administratorEmail().value())).isNull();
    }
}
