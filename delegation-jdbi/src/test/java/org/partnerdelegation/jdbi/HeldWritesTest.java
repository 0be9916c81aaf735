package org.partnerdelegation.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.AuditEventId;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Invitation;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.port.DelegationStore;

/**
 * A unit of work's writes are held back and sent together (on PostgreSQL as one statement at the
 * commit), yet each keeps the answer it gave when it was sent at once: a lost race on a
 * delegation's version, or an invitation that is not there, fails the unit of work with its own
 * code and nothing of it is written; a write that reads what an earlier one wrote sees it.
 */
class HeldWritesTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);

    private static JdbiAdapterFixture fixture(String database) {
        return database.equals("h2") ? Databases.h2() : Databases.postgres();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aHeldUpdateOfAVersionSomeoneElseMovedOnFailsTheUnitOfWorkAtItsCommitAndWritesNothing(String database) {
        try (JdbiAdapterFixture fixture = fixture(database)) {
            DelegationStore store = fixture.delegationStore();
            Delegation d = pendingOf(fixture);
            store.inTransaction(tx -> {
                tx.insert(d);
                return null;
            });
            // Another node accepts it first.
            store.inTransaction(tx -> {
                tx.update(d.accept(NOW));
                return null;
            });

            DelegationException lost = catchThrowableOfType(DelegationException.class, () -> store.inTransaction(tx -> {
                tx.update(d.remove(NOW));
                tx.append(audit(d, AuditEventType.ACCOUNT_DELETED));
                return null;
            }));

            assertThat(lost).isNotNull();
            assertThat(lost.code()).isEqualTo(ErrorCode.CONCURRENT_UPDATE);
            assertThat(store.read(tx -> tx.findDelegation(d.id())).orElseThrow().status()).isEqualTo(DelegationStatus.CONNECTED);
            assertThat(Tables.count(fixture.storage().jdbi(), "SELECT COUNT(*) FROM pd_audit_event")).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aHeldUpdateOfAMissingDelegationIsRefusedAsNotFound(String database) {
        try (JdbiAdapterFixture fixture = fixture(database)) {
            Delegation never = pendingOf(fixture);

            DelegationException refused = catchThrowableOfType(DelegationException.class, () -> fixture.delegationStore()
                    .inTransaction(tx -> {
                        tx.update(never.remove(NOW));
                        return null;
                    }));

            assertThat(refused).isNotNull();
            assertThat(refused.code()).isEqualTo(ErrorCode.DELEGATION_NOT_FOUND);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void twoHeldUpdatesAreEachCheckedAndOneThatChangesNothingUndoesTheOther(String database) {
        try (JdbiAdapterFixture fixture = fixture(database)) {
            DelegationStore store = fixture.delegationStore();
            Delegation d = pendingOf(fixture);
            store.inTransaction(tx -> {
                tx.insert(d);
                return null;
            });
            Invitation unknown = Invitation.open(SecretToken.generate(new java.security.SecureRandom()).hash(), d.id(), NOW, NOW.plus(Duration.ofDays(1)));

            DelegationException refused = catchThrowableOfType(DelegationException.class, () -> store.inTransaction(tx -> {
                tx.update(d.accept(NOW));
                tx.updateInvitation(unknown.used(NOW));
                tx.append(audit(d, AuditEventType.INVITATION_ACCEPTED));
                return null;
            }));

            assertThat(refused).isNotNull();
            assertThat(refused.code()).isEqualTo(ErrorCode.INVITATION_INVALID);
            assertThat(store.read(tx -> tx.findDelegation(d.id())).orElseThrow().status()).isEqualTo(DelegationStatus.PENDING);
            assertThat(Tables.count(fixture.storage().jdbi(), "SELECT COUNT(*) FROM pd_audit_event")).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aWriteAfterAHeldOneOnTheSameTableSeesIt(String database) {
        try (JdbiAdapterFixture fixture = fixture(database)) {
            DelegationStore store = fixture.delegationStore();
            Delegation d = pendingOf(fixture);
            Delegation accepted = d.accept(NOW);

            store.inTransaction(tx -> {
                tx.insert(d);
                tx.append(audit(d, AuditEventType.CUSTOMER_ADDED));
                tx.update(accepted);
                tx.append(audit(accepted, AuditEventType.INVITATION_ACCEPTED));
                return null;
            });

            Optional<Delegation> stored = store.read(tx -> tx.findDelegation(d.id()));
            java.util.List<AuditEvent> trail = store.read(tx -> tx.auditTrail(d.id(), Optional.empty(), 10));
            assertThat(stored).contains(accepted);
            assertThat(trail).extracting(AuditEvent::type).containsExactly(AuditEventType.CUSTOMER_ADDED, AuditEventType.INVITATION_ACCEPTED);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aReadInsideTheUnitOfWorkSeesTheWritesHeldBeforeIt(String database) {
        try (JdbiAdapterFixture fixture = fixture(database)) {
            Delegation d = pendingOf(fixture);

            Optional<Delegation> seen = fixture.delegationStore().inTransaction(tx -> {
                tx.insert(d);
                return tx.findDelegation(d.id());
            });

            assertThat(seen).contains(d);
        }
    }

    /**
     * A delivery mints the invitation while holding the delegation; a removal of it waits for that
     * lock. Its notice to the customer is decided when its writes go, so the invitation the
     * delivery committed meanwhile counts, though the removal's locking read began before it.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aRemovalThatWaitedForADeliveryTellsTheCustomerItsInvitationReached(String database) throws Exception {
        try (JdbiAdapterFixture fixture = fixture(database)) {
            org.partnerdelegation.core.contract.DelegationHarness h = new org.partnerdelegation.core.contract.DelegationHarness(fixture);
            h.register(partner(1));
            h.register(customer(1));
            DelegationId id = h.delegation.addCustomerAccount(adminOf(partner(1)), customer(1).administratorEmail()).delegationId();
            java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.Callable<String> delivery = () -> fixture.delegationStore().inTransaction(tx -> {
                tx.lockDelegation(id).orElseThrow();
                tx.insertInvitation(Invitation.open(SecretToken.generate(new java.security.SecureRandom()).hash(), id, NOW,
                        NOW.plus(Duration.ofDays(7))));
                held.countDown();
                try {
                    Thread.sleep(400);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "delivered";
            });
            java.util.concurrent.Callable<String> removal = () -> {
                held.await(10, java.util.concurrent.TimeUnit.SECONDS);
                h.delegation.deleteAccount(adminOf(partner(1)), id);
                return "removed";
            };

            assertThat(Concurrently.run(Duration.ofSeconds(30), java.util.List.of(delivery, removal)))
                    .containsExactly("delivered", "removed");

            assertThat(fixture.delegationStore().outboxEntries(org.partnerdelegation.core.domain.OutboxStatus.PENDING, 100))
                    .extracting(e -> e.type().name()).contains("REMOVAL_NOTICE_TO_CUSTOMER", "REMOVAL_NOTICE_TO_PARTNER");
        }
    }

    /** A removal of a delegation whose invitation never went out tells its partner only. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aRemovalOfANeverInvitedCustomerTellsThePartnerOnly(String database) {
        try (JdbiAdapterFixture fixture = fixture(database)) {
            org.partnerdelegation.core.contract.DelegationHarness h = new org.partnerdelegation.core.contract.DelegationHarness(fixture);
            h.register(partner(1));
            h.register(customer(1));
            DelegationId id = h.delegation.addCustomerAccount(adminOf(partner(1)), customer(1).administratorEmail()).delegationId();

            h.delegation.deleteAccount(adminOf(partner(1)), id);

            assertThat(fixture.delegationStore().outboxEntries(org.partnerdelegation.core.domain.OutboxStatus.PENDING, 100))
                    .extracting(e -> e.type().name()).contains("REMOVAL_NOTICE_TO_PARTNER").doesNotContain("REMOVAL_NOTICE_TO_CUSTOMER");
        }
    }

    /** A unit of work of another storage running inside one, on the same thread, hides neither's held writes. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aReadJoiningAUnitOfWorkFromInsideAnotherStoragesSeesItsHeldWrites(String database) {
        try (JdbiAdapterFixture outer = fixture(database); JdbiAdapterFixture inner = Databases.h2()) {
            Delegation d = pendingOf(outer);

            Optional<Delegation> seen = outer.delegationStore().inTransaction(tx -> {
                tx.insert(d);
                return inner.delegationStore().inTransaction(other -> outer.delegationStore().read(joined -> joined.findDelegation(d.id())));
            });

            assertThat(seen).contains(d);
        }
    }

    private static Delegation pendingOf(JdbiAdapterFixture fixture) {
        fixture.register(partner(1));
        fixture.register(customer(1));
        return Delegation.pending(DelegationId.of(UUID.randomUUID()), partner(1).id(), customer(1), NOW);
    }

    private static AuditEvent audit(Delegation d, AuditEventType type) {
        return new AuditEvent(new AuditEventId(UUID.randomUUID()), type, Optional.of(d.id()), d.customerTenant(), d.partnerTenant(),
                adminOf(partner(1)).userId(), Optional.empty(), Optional.of(d.status()), NOW);
    }
}
