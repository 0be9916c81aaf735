package org.partnerdelegation.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.partnerdelegation.core.contract.TenantFixtures;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.OutboxEntry;
import org.partnerdelegation.core.domain.OutboxStatus;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.port.DelegationTransaction;

/**
 * {@link InMemoryDelegationStore#read}: reads run beside each other and beside units of work, and
 * still see each unit of work whole once committed, or not at all.
 *
 * <p>Every unit of work here that commits moves a delegation's version and its partner's epoch
 * together, so committed state always has {@code version == epoch}; one that is rolled back also
 * advances a second partner's epoch, which therefore stays 0 in every committed state.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class InMemoryDelegationStoreReadTest {

    private static final Instant NOW = Instant.parse("2026-01-05T09:00:00Z");
    private static final TenantId PARTNER = TenantFixtures.partner(1).id();
    private static final TenantId OTHER_PARTNER = TenantFixtures.partner(2).id();
    /** Long enough never to run out on a loaded machine; a test only waits this long when the store is wrong. */
    private static final long PATIENCE_SECONDS = 30;

    private final InMemoryDelegationStore store = new InMemoryDelegationStore();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private DelegationId id;

    /** What a read saw. */
    private record Seen(long version, long epoch, long otherEpoch) {
        boolean whole() {
            return version == epoch && otherEpoch == 0;
        }
    }

    @BeforeEach
    void storeOneDelegation() {
        Delegation d = Delegation.pending(DelegationId.of(UUID.randomUUID()), PARTNER, TenantFixtures.customer(1), NOW);
        id = d.id();
        store.inTransaction(tx -> {
            tx.insert(d);
            return null;
        });
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("test threads ended").isTrue();
    }

    @Test
    void aUnitOfWorkDoesNotWaitForAReadAndTheReadThenSeesItWhole() throws Exception {
        CountDownLatch readerStarted = new CountDownLatch(1);
        CountDownLatch committed = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();

        Future<Seen> reading = threads.submit(() -> store.read(tx -> {
            long version = version(tx);
            if (runs.incrementAndGet() == 1) {
                // Halfway through its first run, the read lets a whole unit of work commit.
                readerStarted.countDown();
                await(committed);
            }
            return new Seen(version, tx.partnerEpoch(PARTNER), tx.partnerEpoch(OTHER_PARTNER));
        }));
        await(readerStarted);
        store.inTransaction(tx -> {
            moveBoth(tx);
            return null;
        });
        committed.countDown();

        assertThat(reading.get()).as("the unit of work, seen whole").isEqualTo(new Seen(1, 1, 0));
        assertThat(runs).as("the read that saw half of it ran again").hasValue(2);
    }

    @ParameterizedTest(name = "rolled back: {0}")
    @ValueSource(booleans = {false, true})
    void aReadStartedWhileAUnitOfWorkIsInProgressSeesItOnlyOnceCommitted(boolean rolledBack) throws Exception {
        CountDownLatch inProgress = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> writing = threads.submit(() -> store.inTransaction(tx -> {
            moveBoth(tx);
            inProgress.countDown();
            await(release);
            if (rolledBack) {
                throw new IllegalStateException("the unit of work fails after its writes");
            }
            return null;
        }));
        await(inProgress);

        AtomicReference<Thread> reader = new AtomicReference<>();
        Future<Seen> reading = threads.submit(() -> {
            reader.set(Thread.currentThread());
            return store.read(this::seen);
        });
        // Let the unit of work end only once the read waits for it (or, wrongly, has answered without it).
        while (!reading.isDone() && (reader.get() == null || reader.get().getState() != Thread.State.WAITING)) {
            Thread.onSpinWait();
        }
        release.countDown();

        assertThat(reading.get()).as("the state after the unit of work, or before it when rolled back")
                .isEqualTo(rolledBack ? new Seen(0, 0, 0) : new Seen(1, 1, 0));
        if (rolledBack) {
            assertThatThrownBy(writing::get).hasRootCauseMessage("the unit of work fails after its writes");
        } else {
            writing.get();
        }
    }

    @Test
    void readsBesideUnitsOfWorkThatCommitAndRollBackSeeOnlyWholeCommittedStates() throws Exception {
        int units = 4_000;
        AtomicBoolean writing = new AtomicBoolean(true);
        Future<?> writer = threads.submit(() -> {
            try {
                for (int i = 0; i < units; i++) {
                    if (i % 2 == 0) {
                        store.inTransaction(tx -> {
                            moveBoth(tx);
                            return null;
                        });
                    } else {
                        try {
                            store.inTransaction(tx -> {
                                tx.advancePartnerEpoch(OTHER_PARTNER);
                                moveBoth(tx);
                                throw new IllegalStateException("rolled back");
                            });
                        } catch (IllegalStateException expected) {
                            // rolled back, as meant
                        }
                    }
                }
            } finally {
                writing.set(false);
            }
            return null;
        });
        List<Future<List<Seen>>> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            readers.add(threads.submit(() -> {
                List<Seen> broken = new ArrayList<>();
                long last = 0;
                // Reading on until a few reads after the last unit of work, so that the final state is checked too.
                for (int readsAfter = 0; readsAfter < 10; ) {
                    boolean written = !writing.get();
                    Seen seen = store.read(this::seen);
                    if (!seen.whole() || seen.version() < last) {
                        broken.add(seen);
                    }
                    last = seen.version();
                    if (written) {
                        readsAfter++;
                    }
                }
                return broken;
            }));
        }

        writer.get();
        for (Future<List<Seen>> reader : readers) {
            assertThat(reader.get()).as("reads that saw half a unit of work, a rolled-back one, or time going back").isEmpty();
        }
        assertThat(store.read(this::seen)).isEqualTo(new Seen(units / 2, units / 2, 0));
    }

    @Test
    void readsRunBesideEachOtherEvenWhenTheyNeedTheLock() throws Exception {
        CountDownLatch firstInside = new CountDownLatch(1);
        CountDownLatch secondDone = new CountDownLatch(1);
        // The account list is read under the shared lock, not optimistically: both reads hold it at once.
        Future<Boolean> first = threads.submit(() -> store.read(tx -> {
            assertThat(list(tx)).hasSize(1);
            firstInside.countDown();
            return awaitOrGiveUp(secondDone);
        }));
        await(firstInside);

        assertThat(store.read(this::list)).hasSize(1);
        secondDone.countDown();

        assertThat(first.get()).as("the second read ran while the first held the lock").isTrue();
    }

    @Test
    void aReadInsideAUnitOfWorkRunsInItAndSeesItsWrites() {
        long seenInside = store.inTransaction(tx -> {
            tx.advancePartnerEpoch(PARTNER);
            return store.read(read -> read.partnerEpoch(PARTNER));
        });
        assertThat(seenInside).isEqualTo(1);

        assertThatThrownBy(() -> store.inTransaction(tx -> {
            tx.advancePartnerEpoch(PARTNER);
            long seen = store.read(read -> read.partnerEpoch(PARTNER));
            assertThat(seen).isEqualTo(2);
            throw new IllegalStateException("the unit of work fails");
        })).hasMessage("the unit of work fails");
        long after = store.read(tx -> tx.partnerEpoch(PARTNER));
        assertThat(after).as("rolled back with the unit of work").isEqualTo(1);
    }

    @Test
    void aReadInsideAReadRunsInIt() {
        boolean same = store.read(outer -> store.read(inner -> inner == outer));
        assertThat(same).as("the inner read runs in the outer one's transaction").isTrue();
        int listed = store.read(outer -> list(outer).size() + store.read(inner -> list(inner).size()));
        assertThat(listed).as("under the lock too").isEqualTo(2);
    }

    @Test
    void aUnitOfWorkInsideAReadOrAnotherUnitOfWorkFailsInsteadOfDeadlocking() {
        assertThatThrownBy(() -> store.read(tx -> store.inTransaction(inner -> null)))
                .isInstanceOf(IllegalStateException.class);
        // Once the read holds the lock (the account list is read under it) as well.
        assertThatThrownBy(() -> store.read(tx -> list(tx).size() + store.inTransaction(inner -> 1)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.inTransaction(tx -> store.inTransaction(inner -> null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Units of work do not nest");
        assertThatThrownBy(() -> store.read(tx -> store.claimDueNotifications(NOW, Duration.ofMinutes(1), 10)))
                .isInstanceOf(IllegalStateException.class);

        // Nothing stays locked.
        store.inTransaction(tx -> {
            moveBoth(tx);
            return null;
        });
        assertThat(store.read(this::seen)).isEqualTo(new Seen(1, 1, 0));
    }

    @Test
    void theOutboxReadsInsideAReadOrAUnitOfWork() {
        List<OutboxEntry> inRead = store.read(tx -> store.outboxEntries(OutboxStatus.PENDING, 10));
        List<OutboxEntry> inUnit = store.inTransaction(tx -> store.outboxEntries(OutboxStatus.PENDING, 10));
        List<OutboxEntry> claimedInUnit = store.inTransaction(tx -> store.claimDueNotifications(NOW, Duration.ofMinutes(1), 10));
        assertThat(inRead).isEmpty();
        assertThat(inUnit).isEmpty();
        assertThat(claimedInUnit).isEmpty();
    }

    @Test
    void aReadWritesNothing() {
        assertThatThrownBy(() -> store.read(tx -> tx.advancePartnerEpoch(PARTNER)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.read(tx -> {
            moveBoth(tx);
            return null;
        })).isInstanceOf(IllegalStateException.class);

        assertThat(store.read(this::seen)).isEqualTo(new Seen(0, 0, 0));
    }

    @Test
    void aReadAnswersAsAUnitOfWorkWould() {
        Optional<Delegation> read = store.read(tx -> tx.findDelegation(id));
        Optional<Delegation> inUnit = store.inTransaction(tx -> tx.findDelegation(id));
        Optional<Delegation> own = store.read(tx -> tx.lockOwnDelegation(PARTNER, id));
        Optional<Delegation> notOwn = store.read(tx -> tx.lockOwnDelegation(OTHER_PARTNER, id));
        Optional<Delegation> noId = store.read(tx -> tx.findDelegation(null));
        Optional<Delegation> open = store.read(tx -> tx.findOpenDelegation(PARTNER, TenantFixtures.customer(1).id()));
        List<Delegation> listed = store.read(this::list);

        assertThat(read).isPresent().isEqualTo(inUnit);
        assertThat(own).isEqualTo(read);
        assertThat(notOwn).isEmpty();
        assertThat(noId).isEmpty();
        assertThat(open).isEqualTo(read);
        assertThat(listed).extracting(Delegation::id).containsExactly(id);
    }

    @Test
    void aTransactionKeptPastItsReadFails() {
        DelegationTransaction kept = store.read(tx -> tx);
        assertThatThrownBy(() -> kept.findDelegation(id)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> kept.partnerEpoch(PARTNER)).isInstanceOf(IllegalStateException.class);
    }

    // ------------------------------------------------------------------ helpers

    /** The version and the epoch, moved together. */
    private void moveBoth(DelegationTransaction tx) {
        Delegation d = tx.findDelegation(id).orElseThrow();
        tx.update(new Delegation(d.id(), d.partnerTenant(), d.customerTenant(), d.customerEmail(), d.customerAccountNumber(),
                d.status(), d.createdAt(), NOW, d.acceptedAt(), d.version() + 1));
        tx.advancePartnerEpoch(PARTNER);
    }

    private long version(DelegationTransaction tx) {
        return tx.findDelegation(id).orElseThrow().version();
    }

    private Seen seen(DelegationTransaction tx) {
        return new Seen(version(tx), tx.partnerEpoch(PARTNER), tx.partnerEpoch(OTHER_PARTNER));
    }

    private List<Delegation> list(DelegationTransaction tx) {
        return tx.listByPartner(PARTNER, Set.of(DelegationStatus.values()), Optional.empty(), 10);
    }

    private static void await(CountDownLatch latch) {
        if (!awaitOrGiveUp(latch)) {
            throw new AssertionError("gave up waiting after " + PATIENCE_SECONDS + " s");
        }
    }

    private static boolean awaitOrGiveUp(CountDownLatch latch) {
        try {
            return latch.await(PATIENCE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
