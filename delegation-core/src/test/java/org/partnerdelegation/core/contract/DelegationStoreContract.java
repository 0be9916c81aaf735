package org.partnerdelegation.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.partnerdelegation.core.contract.ContractAssertions.T0;
import static org.partnerdelegation.core.contract.ContractAssertions.assertFails;
import static org.partnerdelegation.core.contract.ContractAssertions.assertFailsWith;
import static org.partnerdelegation.core.contract.ContractAssertions.at;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.partnerdelegation.core.domain.AccessGrant;
import org.partnerdelegation.core.domain.AccountCursor;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.AuditEventId;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.GrantChange;
import org.partnerdelegation.core.domain.Ids;
import org.partnerdelegation.core.domain.Invitation;
import org.partnerdelegation.core.domain.InvitationStatus;
import org.partnerdelegation.core.domain.NotificationId;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.OutboxEntry;
import org.partnerdelegation.core.domain.OutboxStatus;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.TokenHash;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.core.port.DelegationStore;
import org.partnerdelegation.core.port.DelegationTransaction;

/**
 * The behaviour every {@link DelegationStore} must have: exact round trips, the invariants the
 * store enforces whatever its caller checked, all-or-nothing units of work, keyset pagination,
 * invitations, the audit trail and the notification outbox. An adapter module runs it by
 * subclassing it and supplying a fresh {@link AdapterFixture} per test:
 * <pre>{@code
 * class JdbiDelegationStorePostgresTest extends DelegationStoreContract {
 *     protected AdapterFixture newFixture() { return PostgresAdapterFixture.fresh(); }
 * }
 * }</pre>
 *
 * <p>What the contract pins down where the port's Javadoc leaves room:
 * <ul>
 *   <li>instants are kept to the microsecond (what databases keep); the tests write no finer ones;</li>
 *   <li>the account list is ordered by the customer's canonical (lower-case) email compared
 *       character by character as {@link String#compareTo} does, not by a locale's collation,
 *       then by the delegation id in its textual form (the unsigned order databases give UUIDs);</li>
 *   <li>an audit trail keeps the order events were appended in, also when they share an instant;</li>
 *   <li>outbox entries are listed and claimed oldest first, by creation time.</li>
 * </ul>
 * Every tenant a test uses is first {@link AdapterFixture#register registered}, so a store whose
 * schema refers to the tenant table works too.
 */
public abstract class DelegationStoreContract {

    /**
     * The order of {@link DelegationTransaction#listByPartner}: canonical email, then the id's
     * textual form (equal to the unsigned order of its bits).
     */
    public static final Comparator<Delegation> LIST_ORDER = Comparator
            .comparing((Delegation d) -> d.customerEmail().canonical())
            .thenComparing(d -> d.id().value().toString());

    protected static final Instant T1 = at(86_400, 654_321);
    protected static final Instant T2 = at(2 * 86_400, 7);
    /** A lease no test outlives. */
    protected static final Duration LEASE = Duration.ofMinutes(5);
    /** A lease a test waits out (leases run on the store's clock, the database's where there is one). */
    protected static final Duration SHORT_LEASE = Duration.ofMillis(300);
    protected static final Duration INVITATION_TTL = Duration.ofDays(7);

    /** How long a concurrency test may take before it counts as hung. */
    protected static final long CONCURRENCY_TIMEOUT_SECONDS = 60;

    /** The adapters under test for the current test; fresh and empty. */
    protected AdapterFixture fixture;
    /** {@code fixture.delegationStore()}. */
    protected DelegationStore store;

    private Random random;
    private final Set<TenantId> registered = ConcurrentHashMap.newKeySet();

    /** A fresh, empty set of adapters; called once per test and closed after it. */
    protected abstract AdapterFixture newFixture();

    @BeforeEach
    public void openFixture() {
        random = new Random(20_260_105L);
        fixture = newFixture();
        store = fixture.delegationStore();
    }

    @AfterEach
    public void closeFixture() {
        if (fixture != null) {
            fixture.close();
        }
    }

    // ------------------------------------------------------------------ delegations

    @Test
    public void insertedDelegationReadsBackWithEveryField() {
        Tenant partner = known(partner(1));
        Tenant customer = known(new Tenant(TenantId.of("kunde-ü-客户"), AccountNumber.of("Счёт-番号-" + "Ж".repeat(56)),
                EmailAddress.of("Mixed.Case@Kunde-Ü.Example"), false));
        Delegation pending = Delegation.pending(newDelegationId(), partner.id(), customer, T0);

        insert(pending);

        Delegation found = find(pending.id()).orElseThrow();
        assertThat(found).isEqualTo(pending);
        assertThat(found.customerEmail().value()).isEqualTo("Mixed.Case@Kunde-Ü.Example");
        assertThat(found.customerAccountNumber().value()).isEqualTo(customer.accountNumber().value());
        assertThat(found.createdAt()).isEqualTo(T0);
        assertThat(found.acceptedAt()).isEmpty();
        assertThat(found.version()).isZero();
    }

    @Test
    public void updatedDelegationReadsBackWithEveryField() {
        Delegation pending = insertPending(partner(1), customer(1));

        Delegation accepted = update(pending.accept(T1));
        assertThat(find(pending.id())).contains(accepted);
        assertThat(find(pending.id()).orElseThrow().acceptedAt()).contains(T1);
        assertThat(find(pending.id()).orElseThrow().version()).isEqualTo(1);

        Delegation removed = update(accepted.remove(T2));
        Delegation found = find(pending.id()).orElseThrow();
        assertThat(found).isEqualTo(removed);
        assertThat(found.status()).isEqualTo(DelegationStatus.REMOVED);
        assertThat(found.createdAt()).isEqualTo(T0);
        assertThat(found.updatedAt()).isEqualTo(T2);
        assertThat(found.acceptedAt()).contains(T1);
        assertThat(found.version()).isEqualTo(2);
    }

    @Test
    public void unknownDelegationIdFindsNothing() {
        insertPending(partner(1), customer(1));

        assertThat(find(newDelegationId())).isEmpty();
    }

    @Test
    public void unitOfWorkReturnsItsResult() {
        Delegation pending = insertPending(partner(1), customer(1));

        String result = store.inTransaction(tx -> tx.findDelegation(pending.id()).orElseThrow().status().label());

        assertThat(result).isEqualTo("Pending");
    }

    @Test
    public void findsTheOpenDelegationOfAPairWhilePendingOrConnected() {
        Delegation pending = insertPending(partner(1), customer(1));
        known(partner(2));
        known(customer(2));

        assertThat(findOpen(partner(1), customer(1))).contains(pending);
        assertThat(findOpen(partner(2), customer(1))).isEmpty();
        assertThat(findOpen(partner(1), customer(2))).isEmpty();

        Delegation connected = update(pending.accept(T1));
        assertThat(findOpen(partner(1), customer(1))).contains(connected);

        update(connected.remove(T2));
        assertThat(findOpen(partner(1), customer(1))).isEmpty();
    }

    @Test
    public void declinedAndExpiredDelegationsAreNotOpen() {
        update(insertPending(partner(1), customer(1)).decline(T1));
        update(insertPending(partner(2), customer(1)).expire(T1));

        assertThat(findOpen(partner(1), customer(1))).isEmpty();
        assertThat(findOpen(partner(2), customer(1))).isEmpty();
    }

    @Test
    public void findsTheConnectedDelegationOfACustomerOnlyWhileConnected() {
        Delegation pending = insertPending(partner(1), customer(1));
        insertPending(partner(2), customer(1));

        assertThat(findConnected(customer(1))).isEmpty();

        Delegation connected = update(pending.accept(T1));
        assertThat(findConnected(customer(1))).contains(connected);
        assertThat(findConnected(known(customer(2)))).isEmpty();

        update(connected.remove(T2));
        assertThat(findConnected(customer(1))).isEmpty();
    }

    @Test
    public void updateFromAStaleVersionIsRefusedAndChangesNothing() {
        Delegation pending = insertPending(partner(1), customer(1));
        Delegation accepted = update(pending.accept(T1));

        assertFailsWith(ErrorCode.CONCURRENT_UPDATE, () -> update(pending.decline(T2)));

        assertThat(find(pending.id())).contains(accepted);
    }

    @Test
    public void updateThatSkipsAVersionIsRefusedAndChangesNothing() {
        Delegation pending = insertPending(partner(1), customer(1));

        assertFailsWith(ErrorCode.CONCURRENT_UPDATE, () -> update(pending.accept(T1).remove(T2)));

        assertThat(find(pending.id())).contains(pending);
    }

    @Test
    public void updateOfAnUnknownDelegationIsRefusedAndCreatesNothing() {
        Tenant customer = known(customer(1));
        Delegation neverInserted = Delegation.pending(newDelegationId(), known(partner(1)).id(), customer, T0);

        DelegationException failure = assertFails(() -> update(neverInserted.accept(T1)));

        assertThat(failure.code()).isIn(ErrorCode.DELEGATION_NOT_FOUND, ErrorCode.CONCURRENT_UPDATE);
        assertThat(find(neverInserted.id())).isEmpty();
        assertThat(findConnected(customer)).isEmpty();
    }

    @Test
    public void insertWithAnIdAlreadyStoredIsRefusedAndChangesNothing() {
        Delegation first = update(insertPending(partner(1), customer(1)).decline(T1));
        Delegation sameId = Delegation.pending(first.id(), known(partner(2)).id(), known(customer(2)), T2);

        assertFails(() -> insert(sameId));

        assertThat(find(first.id())).contains(first);
        assertThat(findOpen(partner(2), customer(2))).isEmpty();
    }

    @Test
    public void concurrentUpdatesOfOneDelegationLetExactlyOneWin() throws Exception {
        Delegation pending = insertPending(partner(1), customer(1));
        int threads = 8;
        List<Delegation> candidates = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Instant when = T1.plusSeconds(i);
            candidates.add(switch (i % 3) {
                case 0 -> pending.accept(when);
                case 1 -> pending.decline(when);
                default -> pending.remove(when);
            });
        }
        List<Delegation> winners = new CopyOnWriteArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();

        runConcurrently(threads, i -> {
            try {
                update(candidates.get(i));
                winners.add(candidates.get(i));
            } catch (RuntimeException e) {
                failures.add(e);
            }
        });

        assertThat(winners).hasSize(1);
        assertThat(failures).hasSize(threads - 1)
                .allSatisfy(e -> assertThat(e).isInstanceOfSatisfying(DelegationException.class,
                        d -> assertThat(d.code()).isEqualTo(ErrorCode.CONCURRENT_UPDATE)));
        assertThat(find(pending.id())).contains(winners.get(0));
    }

    // ------------------------------------------------------------------ invariant 1: one CONNECTED per customer

    @Test
    public void secondConnectedDelegationForSameCustomerIsRefused() {
        Delegation first = connect(partner(1), customer(1));
        Delegation second = insertPending(partner(2), customer(1));

        DelegationException failure = assertFailsWith(ErrorCode.ALREADY_LINKED_TO_ANOTHER_TENANT,
                () -> update(second.accept(T2)));

        assertThat(failure.getMessage()).isEqualTo(DelegationException.ALREADY_LINKED_MESSAGE);
        assertThat(find(second.id())).contains(second);
        assertThat(findConnected(customer(1))).contains(first);
    }

    @Test
    public void connectedInsertForAnAlreadyConnectedCustomerIsRefused() {
        Delegation first = connect(partner(1), customer(1));
        Delegation alsoConnected = new Delegation(newDelegationId(), known(partner(2)).id(), customer(1).id(),
                customer(1).administratorEmail(), customer(1).accountNumber(), DelegationStatus.CONNECTED, T1, T1,
                Optional.of(T1), 0);

        DelegationException failure = assertFailsWith(ErrorCode.ALREADY_LINKED_TO_ANOTHER_TENANT, () -> insert(alsoConnected));

        assertThat(failure.getMessage()).isEqualTo(DelegationException.ALREADY_LINKED_MESSAGE);
        assertThat(find(alsoConnected.id())).isEmpty();
        assertThat(findConnected(customer(1))).contains(first);
    }

    @Test
    public void anotherPartnerMayConnectOnceThePreviousConnectionIsRemoved() {
        Delegation first = connect(partner(1), customer(1));
        Delegation second = insertPending(partner(2), customer(1));

        update(first.remove(T1));
        Delegation connected = update(second.accept(T2));

        assertThat(findConnected(customer(1))).contains(connected);
    }

    @Test
    public void partnerMayBeConnectedToManyCustomers() {
        Delegation one = connect(partner(1), customer(1));
        Delegation two = connect(partner(1), customer(2));
        Delegation three = connect(partner(2), customer(3));

        assertThat(findConnected(customer(1))).contains(one);
        assertThat(findConnected(customer(2))).contains(two);
        assertThat(findConnected(customer(3))).contains(three);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    public void concurrentAcceptsLeaveExactlyOneConnectedDelegationPerCustomer() throws Exception {
        int partners = 8;
        int customers = 50;
        Delegation[][] pending = new Delegation[partners][customers];
        for (int p = 0; p < partners; p++) {
            known(partner(100 + p));
        }
        for (int c = 0; c < customers; c++) {
            known(customer(100 + c));
        }
        write(tx -> {
            for (int p = 0; p < partners; p++) {
                for (int c = 0; c < customers; c++) {
                    pending[p][c] = Delegation.pending(newDelegationId(), partner(100 + p).id(), customer(100 + c), T0);
                    tx.insert(pending[p][c]);
                }
            }
        });
        Map<Integer, List<Delegation>> winners = new ConcurrentHashMap<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();

        runConcurrently(partners, p -> {
            List<Integer> order = new ArrayList<>();
            for (int c = 0; c < customers; c++) {
                order.add(c);
            }
            // Half the threads walk the customers forwards, half backwards, so they collide from both sides.
            if (p % 2 == 1) {
                Collections.reverse(order);
            }
            for (int c : order) {
                Delegation accepted = pending[p][c].accept(T1.plusSeconds(p));
                try {
                    store.inTransaction(tx -> {
                        tx.update(accepted);
                        return null;
                    });
                    winners.computeIfAbsent(c, k -> new CopyOnWriteArrayList<>()).add(accepted);
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
        });

        assertThat(failures).allSatisfy(e -> assertThat(e).isInstanceOfSatisfying(DelegationException.class,
                d -> assertThat(d.code()).isIn(ErrorCode.ALREADY_LINKED_TO_ANOTHER_TENANT, ErrorCode.CONCURRENT_UPDATE)));
        for (int c = 0; c < customers; c++) {
            assertThat(winners.get(c)).as("winners for customer %d", c).hasSize(1);
            assertThat(findConnected(customer(100 + c))).as("connected delegation of customer %d", c)
                    .contains(winners.get(c).get(0));
        }
        assertThat(failures).hasSize(partners * customers - customers);
        int connected = 0;
        for (int p = 0; p < partners; p++) {
            connected += list(partner(100 + p).id(), EnumSet.of(DelegationStatus.CONNECTED), Optional.empty(), customers).size();
        }
        assertThat(connected).isEqualTo(customers);
    }

    // ------------------------------------------------------------------ invariant 2: one open delegation per pair

    @Test
    public void secondOpenDelegationForSamePairIsRefused() {
        Delegation first = insertPending(partner(1), customer(1));
        Delegation second = Delegation.pending(newDelegationId(), partner(1).id(), customer(1), T1);

        assertFailsWith(ErrorCode.CONCURRENT_UPDATE, () -> insert(second));

        assertThat(find(second.id())).isEmpty();
        assertThat(findOpen(partner(1), customer(1))).contains(first);
    }

    @Test
    public void pendingDelegationBesideAConnectedOneOfTheSamePairIsRefused() {
        Delegation connected = connect(partner(1), customer(1));
        Delegation again = Delegation.pending(newDelegationId(), partner(1).id(), customer(1), T2);

        assertFailsWith(ErrorCode.CONCURRENT_UPDATE, () -> insert(again));

        assertThat(find(again.id())).isEmpty();
        assertThat(findOpen(partner(1), customer(1))).contains(connected);
    }

    @Test
    public void newPendingDelegationIsAllowedAfterThePreviousOneWasRemoved() {
        Delegation removed = update(connect(partner(1), customer(1)).remove(T2));
        Delegation declined = update(insertPending(partner(1), customer(1)).decline(T2));
        Delegation expired = update(insertPending(partner(1), customer(1)).expire(T2));

        Delegation fresh = insertPending(partner(1), customer(1));

        assertThat(findOpen(partner(1), customer(1))).contains(fresh);
        assertThat(find(removed.id())).contains(removed);
        assertThat(find(declined.id())).contains(declined);
        assertThat(find(expired.id())).contains(expired);
    }

    @Test
    public void severalPartnersMayHavePendingDelegationsToTheSameCustomer() {
        Delegation one = insertPending(partner(1), customer(1));
        Delegation two = insertPending(partner(2), customer(1));

        assertThat(findOpen(partner(1), customer(1))).contains(one);
        assertThat(findOpen(partner(2), customer(1))).contains(two);
    }

    // ------------------------------------------------------------------ units of work

    @Test
    public void failedUnitOfWorkLeavesNothingBehindAndPropagatesItsException() {
        Delegation existing = insertPending(partner(1), customer(1));
        Invitation existingInvitation = insertInvitation(invitation(existing, T0));
        Delegation fresh = Delegation.pending(newDelegationId(), known(partner(2)).id(), known(customer(2)), T1);
        Invitation freshInvitation = invitation(fresh, T1);
        AuditEvent freshAdded = delegationEvent(fresh, AuditEventType.CUSTOMER_ADDED, null, DelegationStatus.PENDING, T1);
        AuditEvent existingAccepted = delegationEvent(existing, AuditEventType.INVITATION_ACCEPTED,
                DelegationStatus.PENDING, DelegationStatus.CONNECTED, T1);
        AuditEvent permission = permissionEvent(customer(2).id(), AuditEventType.PARTNER_PERMISSION_GRANTED, T1);
        OutboxEntry notification = outboxEntry(fresh, NotificationType.INVITATION, T1);
        IllegalStateException boom = new IllegalStateException("the host's work failed after writing");

        Throwable thrown = catchThrowable(() -> store.inTransaction(tx -> {
            tx.insert(fresh);
            tx.insertInvitation(freshInvitation);
            tx.update(existing.accept(T1));
            tx.updateInvitation(existingInvitation.used(T1));
            tx.append(freshAdded);
            tx.append(existingAccepted);
            tx.append(permission);
            tx.enqueue(notification);
            throw boom;
        }));

        assertThat(thrown).isSameAs(boom);
        write(tx -> {
            assertThat(tx.findDelegation(fresh.id())).isEmpty();
            assertThat(tx.findOpenDelegation(partner(2).id(), customer(2).id())).isEmpty();
            assertThat(tx.findInvitation(freshInvitation.tokenHash())).isEmpty();
            assertThat(tx.findDelegation(existing.id())).contains(existing);
            assertThat(tx.findConnectedDelegation(customer(1).id())).isEmpty();
            assertThat(tx.findInvitation(existingInvitation.tokenHash())).contains(existingInvitation);
            assertThat(tx.auditTrail(fresh.id())).isEmpty();
            assertThat(tx.auditTrail(existing.id())).isEmpty();
            assertThat(tx.permissionChanges(customer(2).id())).isEmpty();
            assertThat(tx.listByPartner(partner(2).id(), EnumSet.allOf(DelegationStatus.class), Optional.empty(), 10)).isEmpty();
        });
        assertThat(store.outboxEntries(OutboxStatus.PENDING, 10)).isEmpty();
        assertThat(store.claimDueNotifications(T2, LEASE, 10)).isEmpty();

        // Nothing half-written stands in the way of doing the same work again.
        write(tx -> {
            tx.insert(fresh);
            tx.insertInvitation(freshInvitation);
            tx.append(freshAdded);
            tx.enqueue(notification);
        });
        assertThat(find(fresh.id())).contains(fresh);
        assertThat(store.outboxEntries(OutboxStatus.PENDING, 10)).containsExactly(notification);
    }

    @Test
    public void checkedExceptionThrownThroughAUnitOfWorkAlsoRollsItBack() {
        // Kotlin hosts, and Java code using "sneaky throws", can throw checked exceptions through a unit of work.
        Delegation fresh = Delegation.pending(newDelegationId(), known(partner(1)).id(), known(customer(1)), T0);
        OutboxEntry notification = outboxEntry(fresh, NotificationType.INVITATION, T0);
        IOException checked = new IOException("the host's file could not be read");

        Throwable thrown = catchThrowable(() -> store.inTransaction(tx -> {
            tx.insert(fresh);
            tx.enqueue(notification);
            return sneakyThrow(checked);
        }));

        assertThat(thrown).isSameAs(checked);
        assertThat(find(fresh.id())).isEmpty();
        assertThat(store.outboxEntries(OutboxStatus.PENDING, 10)).isEmpty();
    }

    @Test
    public void refusedWriteRollsBackTheEarlierWritesOfItsUnitOfWork() {
        connect(partner(1), customer(1));
        Delegation fresh = Delegation.pending(newDelegationId(), known(partner(3)).id(), known(customer(3)), T1);
        Delegation stealing = Delegation.pending(newDelegationId(), known(partner(2)).id(), customer(1), T1);

        assertFailsWith(ErrorCode.ALREADY_LINKED_TO_ANOTHER_TENANT, () -> store.inTransaction(tx -> {
            tx.insert(fresh);
            tx.append(delegationEvent(fresh, AuditEventType.CUSTOMER_ADDED, null, DelegationStatus.PENDING, T1));
            tx.enqueue(outboxEntry(fresh, NotificationType.INVITATION, T1));
            tx.insert(stealing);
            tx.update(stealing.accept(T2));
            return null;
        }));

        assertThat(find(fresh.id())).isEmpty();
        assertThat(find(stealing.id())).isEmpty();
        assertThat(auditTrail(fresh.id())).isEmpty();
        assertThat(store.outboxEntries(OutboxStatus.PENDING, 10)).isEmpty();
    }

    // ------------------------------------------------------------------ listing by partner

    @Test
    public void pagingThroughAPartnersAccountsShowsEveryRowOnceInOrder() {
        Tenant partner = known(partner(1));
        Tenant other = known(partner(2));
        List<Delegation> expected = new ArrayList<>();
        for (int n = 1; n <= 25; n++) {
            Tenant customer = known(listCustomer(n));
            expected.add(insertPending(partner, customer));
            if (n % 2 == 1) {
                insertPending(other, customer);
            }
        }
        expected.sort(LIST_ORDER);

        List<List<Delegation>> pages = pages(partner.id(), DelegationStatus.OPEN, 10);

        assertThat(pages).extracting(List::size).containsExactly(10, 10, 5);
        assertThat(pages.stream().flatMap(List::stream).toList()).containsExactlyElementsOf(expected);
    }

    @Test
    public void accountsAreOrderedByEmailIgnoringCaseAndByCharacterNotByLocale() {
        Tenant partner = known(partner(1));
        List<String> emails = List.of("Zed@order.example", "alpha@order.example", "Mike@order.example", "a.b@order.example",
                "a-b@order.example", "ab@order.example", "a_b@order.example", "A0@order.example", "aa@order.example",
                "admin@customer1.example", "admin@customer10.example", "admin@customer1-b.example", "Admin@Customer2.example");
        List<Delegation> inserted = new ArrayList<>();
        for (int i = 0; i < emails.size(); i++) {
            Tenant customer = known(new Tenant(TenantId.of("order-" + i), AccountNumber.of("O-" + i), EmailAddress.of(emails.get(i)), false));
            inserted.add(insertPending(partner, customer));
        }

        List<String> listed = list(partner.id(), DelegationStatus.OPEN, Optional.empty(), 50).stream()
                .map(d -> d.customerEmail().value()).toList();

        assertThat(listed).containsExactly("a-b@order.example", "a.b@order.example", "A0@order.example", "a_b@order.example",
                "aa@order.example", "ab@order.example", "admin@customer1-b.example", "admin@customer1.example",
                "admin@customer10.example", "Admin@Customer2.example", "alpha@order.example", "Mike@order.example",
                "Zed@order.example");
        assertThat(inserted.stream().sorted(LIST_ORDER).map(d -> d.customerEmail().value()).toList()).isEqualTo(listed);
    }

    @Test
    public void accountsWithTheSameEmailAreOrderedByDelegationId() {
        Tenant partner = known(partner(1));
        Tenant customer = known(customer(1));
        List<String> ids = List.of("ffffffff-ffff-4fff-bfff-ffffffffffff", "00000000-0000-4000-8000-000000000001",
                "80000000-0000-4000-8000-000000000000", "7fffffff-ffff-4fff-bfff-ffffffffffff");
        for (int i = 0; i < ids.size(); i++) {
            Delegation d = insert(Delegation.pending(DelegationId.of(UUID.fromString(ids.get(i))), partner.id(), customer, T0));
            if (i < ids.size() - 1) {
                update(d.remove(T1));
            }
        }
        List<String> expected = List.of("00000000-0000-4000-8000-000000000001", "7fffffff-ffff-4fff-bfff-ffffffffffff",
                "80000000-0000-4000-8000-000000000000", "ffffffff-ffff-4fff-bfff-ffffffffffff");

        List<String> listed = list(partner.id(), EnumSet.allOf(DelegationStatus.class), Optional.empty(), 10).stream()
                .map(d -> d.id().toString()).toList();
        List<String> pagedOneByOne = pages(partner.id(), EnumSet.allOf(DelegationStatus.class), 1).stream()
                .flatMap(List::stream).map(d -> d.id().toString()).toList();

        assertThat(listed).isEqualTo(expected);
        assertThat(pagedOneByOne).isEqualTo(expected);
    }

    @Test
    public void statusFilterShowsOnlyTheAskedStatuses() {
        Delegation pending1 = insertPending(partner(1), customer(1));
        Delegation connected2 = connect(partner(1), customer(2));
        Delegation pending3 = insertPending(partner(1), customer(3));
        Delegation connected4 = connect(partner(1), customer(4));
        Delegation declined5 = update(insertPending(partner(1), customer(5)).decline(T1));
        Delegation removed6 = update(connect(partner(1), customer(6)).remove(T2));
        TenantId partner = partner(1).id();

        assertThat(list(partner, EnumSet.of(DelegationStatus.CONNECTED), Optional.empty(), 10)).containsExactly(connected2, connected4);
        assertThat(list(partner, EnumSet.of(DelegationStatus.PENDING), Optional.empty(), 10)).containsExactly(pending1, pending3);
        assertThat(list(partner, DelegationStatus.OPEN, Optional.empty(), 10))
                .containsExactly(pending1, connected2, pending3, connected4);
        assertThat(list(partner, EnumSet.of(DelegationStatus.DECLINED, DelegationStatus.REMOVED), Optional.empty(), 10))
                .containsExactly(declined5, removed6);
        assertThat(list(partner, EnumSet.of(DelegationStatus.EXPIRED), Optional.empty(), 10)).isEmpty();
        assertThat(list(partner, EnumSet.allOf(DelegationStatus.class), Optional.empty(), 10))
                .containsExactly(pending1, connected2, pending3, connected4, declined5, removed6);
    }

    @Test
    public void statusFilterAppliesBeforeTheLimit() {
        insertPending(partner(1), customer(1));
        insertPending(partner(1), customer(2));
        insertPending(partner(1), customer(3));
        Delegation connected4 = connect(partner(1), customer(4));
        Delegation connected5 = connect(partner(1), customer(5));
        insertPending(partner(1), customer(6));
        Delegation connected7 = connect(partner(1), customer(7));

        List<Delegation> first = list(partner(1).id(), EnumSet.of(DelegationStatus.CONNECTED), Optional.empty(), 2);
        List<Delegation> second = list(partner(1).id(), EnumSet.of(DelegationStatus.CONNECTED),
                Optional.of(AccountCursor.after(first.get(1))), 2);

        assertThat(first).containsExactly(connected4, connected5);
        assertThat(second).containsExactly(connected7);
    }

    @Test
    public void cursorResumesExactlyAfterItsPosition() {
        List<Delegation> all = new ArrayList<>();
        for (int n = 1; n <= 6; n++) {
            all.add(insertPending(partner(1), customer(n)));
        }
        all.sort(LIST_ORDER);
        Delegation third = all.get(2);

        assertThat(list(partner(1).id(), DelegationStatus.OPEN, Optional.of(AccountCursor.after(third)), 10))
                .containsExactlyElementsOf(all.subList(3, 6));
        // A position between rows (no such row) resumes at the next one.
        AccountCursor between = new AccountCursor("admin@customer3.example0", third.id());
        assertThat(list(partner(1).id(), DelegationStatus.OPEN, Optional.of(between), 10))
                .containsExactlyElementsOf(all.subList(3, 6));
        // The same email with a smaller id still shows that email's row.
        AccountCursor beforeSameEmail = new AccountCursor(third.customerEmail().canonical(),
                DelegationId.of(new UUID(0L, 0L)));
        assertThat(list(partner(1).id(), DelegationStatus.OPEN, Optional.of(beforeSameEmail), 10))
                .containsExactlyElementsOf(all.subList(2, 6));
        AccountCursor afterLast = AccountCursor.after(all.get(5));
        assertThat(list(partner(1).id(), DelegationStatus.OPEN, Optional.of(afterLast), 10)).isEmpty();
    }

    @Test
    public void limitIsRespected() {
        List<Delegation> all = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            all.add(insertPending(partner(1), customer(n)));
        }
        all.sort(LIST_ORDER);

        assertThat(list(partner(1).id(), DelegationStatus.OPEN, Optional.empty(), 1)).containsExactly(all.get(0));
        assertThat(list(partner(1).id(), DelegationStatus.OPEN, Optional.empty(), 3)).containsExactlyElementsOf(all.subList(0, 3));
        assertThat(list(partner(1).id(), DelegationStatus.OPEN, Optional.empty(), 5)).containsExactlyElementsOf(all);
        assertThat(list(partner(1).id(), DelegationStatus.OPEN, Optional.empty(), 500)).containsExactlyElementsOf(all);
    }

    @Test
    public void otherPartnersRowsNeverAppear() {
        Delegation own = insertPending(partner(1), customer(1));
        insertPending(partner(2), customer(1));
        connect(partner(2), customer(2));
        insertPending(partner(2), customer(3));
        known(partner(3));

        assertThat(list(partner(1).id(), EnumSet.allOf(DelegationStatus.class), Optional.empty(), 10)).containsExactly(own);
        assertThat(list(partner(3).id(), EnumSet.allOf(DelegationStatus.class), Optional.empty(), 10)).isEmpty();
        assertThat(list(customer(1).id(), EnumSet.allOf(DelegationStatus.class), Optional.empty(), 10)).isEmpty();
    }

    // ------------------------------------------------------------------ invitations

    @Test
    public void insertedInvitationReadsBackByItsTokenHash() {
        Delegation pending = insertPending(partner(1), customer(1));
        Invitation invitation = insertInvitation(invitation(pending, T0));

        Optional<Invitation> found = inTransaction(tx -> tx.findInvitation(TokenHash.ofHex(invitation.tokenHash().hex())));

        assertThat(found).contains(invitation);
        assertThat(found.orElseThrow().createdAt()).isEqualTo(T0);
        assertThat(found.orElseThrow().expiresAt()).isEqualTo(T0.plus(INVITATION_TTL));
        assertThat(found.orElseThrow().status()).isEqualTo(InvitationStatus.OPEN);
        assertThat(found.orElseThrow().usedAt()).isEmpty();
    }

    @Test
    public void unknownTokenHashFindsNoInvitation() {
        insertInvitation(invitation(insertPending(partner(1), customer(1)), T0));

        assertThat(findInvitation(newTokenHash())).isEmpty();
    }

    @Test
    public void updatedInvitationReadsBackWithItsNewStatus() {
        Delegation pending = insertPending(partner(1), customer(1));
        Invitation used = insertInvitation(invitation(pending, T0)).used(T1);
        Invitation superseded = insertInvitation(invitation(pending, T0)).superseded();

        write(tx -> {
            tx.updateInvitation(used);
            tx.updateInvitation(superseded);
        });

        assertThat(findInvitation(used.tokenHash())).contains(used);
        assertThat(findInvitation(used.tokenHash()).orElseThrow().usedAt()).contains(T1);
        assertThat(findInvitation(superseded.tokenHash())).contains(superseded);
    }

    @Test
    public void supersedingMarksOnlyTheOpenInvitationsOfThatDelegation() {
        Delegation a = insertPending(partner(1), customer(1));
        Delegation b = insertPending(partner(1), customer(2));
        Invitation a1 = insertInvitation(invitation(a, T0));
        Invitation a2 = insertInvitation(invitation(a, T1));
        Invitation a3 = insertInvitation(invitation(a, T0));
        write(tx -> tx.updateInvitation(a3.used(T1)));
        Invitation b1 = insertInvitation(invitation(b, T0));

        int superseded = supersedeOpenInvitations(a.id());

        assertThat(superseded).isEqualTo(2);
        assertThat(findInvitation(a1.tokenHash())).contains(a1.superseded());
        assertThat(findInvitation(a2.tokenHash())).contains(a2.superseded());
        assertThat(findInvitation(a3.tokenHash())).contains(a3.used(T1));
        assertThat(findInvitation(b1.tokenHash())).contains(b1);
        assertThat(supersedeOpenInvitations(a.id())).isZero();
        assertThat(supersedeOpenInvitations(newDelegationId())).isZero();
    }

    @Test
    public void supersedingForADeliveredInvitationRetiresOnlyOlderOpenOnes() {
        Delegation a = insertPending(partner(1), customer(1));
        Delegation b = insertPending(partner(1), customer(2));
        Invitation older = insertInvitation(invitation(a, T0));
        Invitation delivered = insertInvitation(invitation(a, T1));
        Invitation newer = insertInvitation(invitation(a, T2));
        Invitation other = insertInvitation(invitation(b, T0));

        int superseded = store.<Integer>inTransaction(tx -> tx.supersedeOpenInvitationsOlderThan(a.id(), delivered.tokenHash()));

        assertThat(superseded).isEqualTo(1);
        assertThat(findInvitation(older.tokenHash())).contains(older.superseded());
        assertThat(findInvitation(delivered.tokenHash())).contains(delivered);
        assertThat(findInvitation(newer.tokenHash())).as("minted later, by a later claim").contains(newer);
        assertThat(findInvitation(other.tokenHash())).contains(other);
        int again = store.<Integer>inTransaction(tx -> tx.supersedeOpenInvitationsOlderThan(a.id(), delivered.tokenHash()));
        assertThat(again).isZero();
    }

    @Test
    public void supersedingNeverTouchesAUsedInvitation() {
        Delegation a = insertPending(partner(1), customer(1));
        Invitation used = insertInvitation(invitation(a, T0));
        store.inTransaction(tx -> {
            tx.updateInvitation(used.used(T1));
            return null;
        });
        Invitation delivered = insertInvitation(invitation(a, T1));

        assertThat(store.<Integer>inTransaction(tx -> tx.supersedeOpenInvitationsOlderThan(a.id(), delivered.tokenHash()))).isZero();

        assertThat(findInvitation(used.tokenHash())).contains(used.used(T1));
    }

    @Test
    public void aDeletedInvitationIsGoneButTheDelegationStillKnowsWhetherOneWasSent() {
        Delegation a = insertPending(partner(1), customer(1));
        Delegation never = insertPending(partner(1), customer(2));
        Invitation kept = insertInvitation(invitation(a, T0));
        Invitation unsent = insertInvitation(invitation(a, T1));

        store.inTransaction(tx -> {
            tx.deleteInvitation(unsent.tokenHash());
            tx.deleteInvitation(unsent.tokenHash());
            return null;
        });

        assertThat(findInvitation(unsent.tokenHash())).isEmpty();
        assertThat(findInvitation(kept.tokenHash())).contains(kept);
        assertThat(store.<Boolean>inTransaction(tx -> tx.hasInvitations(a.id()))).isTrue();
        assertThat(store.<Boolean>inTransaction(tx -> tx.hasInvitations(never.id()))).isFalse();
    }

    @Test
    public void lockingAnotherPartnersDelegationFindsNothing() {
        Delegation d = insertPending(partner(1), customer(1));

        assertThat(store.<Optional<Delegation>>inTransaction(tx -> tx.lockOwnDelegation(partner(2).id(), d.id()))).isEmpty();
        assertThat(store.<Optional<Delegation>>inTransaction(tx -> tx.lockOwnDelegation(partner(1).id(), d.id()))).contains(d);
        assertThat(store.<Optional<Delegation>>inTransaction(tx -> tx.lockOwnDelegation(partner(1).id(), newDelegationId()))).isEmpty();
    }

    @Test
    public void thePartnerEpochStartsAtZeroAndMovesOnOneAtATime() {
        assertThat(store.<Long>inTransaction(tx -> tx.partnerEpoch(partner(1).id()))).isZero();

        assertThat(store.<Long>inTransaction(tx -> tx.advancePartnerEpoch(partner(1).id()))).isEqualTo(1);
        assertThat(store.<Long>inTransaction(tx -> tx.advancePartnerEpoch(partner(1).id()))).isEqualTo(2);

        assertThat(store.<Long>inTransaction(tx -> tx.partnerEpoch(partner(1).id()))).isEqualTo(2);
        assertThat(store.<Long>inTransaction(tx -> tx.partnerEpoch(partner(2).id()))).isZero();
        RuntimeException boom = new IllegalStateException("boom");
        assertThat(catchThrowable(() -> store.inTransaction(tx -> {
            tx.advancePartnerEpoch(partner(1).id());
            throw boom;
        }))).isSameAs(boom);
        assertThat(store.<Long>inTransaction(tx -> tx.partnerEpoch(partner(1).id()))).as("rolled back").isEqualTo(2);
    }

    @Test
    public void lockingADelegationReadsItAsStoredAndNothingForAnUnknownId() {
        Delegation d = insertPending(partner(1), customer(1));

        Optional<Delegation> locked = store.inTransaction(tx -> tx.lockDelegation(d.id()));
        Optional<Delegation> unknown = store.inTransaction(tx -> tx.lockDelegation(newDelegationId()));

        assertThat(locked).contains(d);
        assertThat(unknown).isEmpty();
    }

    @Test
    public void duplicateInvitationTokenHashIsRefused() {
        Delegation a = insertPending(partner(1), customer(1));
        Delegation b = insertPending(partner(1), customer(2));
        Invitation first = insertInvitation(invitation(a, T0));
        Invitation clash = new Invitation(TokenHash.ofHex(first.tokenHash().hex()), b.id(), T1, T1.plus(INVITATION_TTL),
                InvitationStatus.OPEN, Optional.empty());

        assertFailsWith(ErrorCode.CONCURRENT_UPDATE, () -> insertInvitation(clash));

        assertThat(findInvitation(first.tokenHash())).contains(first);
    }

    // ------------------------------------------------------------------ expiry

    @Test
    public void findsPendingDelegationsWhoseOpenInvitationHasExpired() {
        Instant now = T0.plus(INVITATION_TTL);
        Delegation expiredBefore = insertPending(partner(1), customer(1));
        insertInvitation(invitationExpiringAt(expiredBefore, now.minusNanos(1_000)));
        Delegation expiringNow = insertPending(partner(1), customer(2));
        insertInvitation(invitationExpiringAt(expiringNow, now));
        Delegation notYet = insertPending(partner(1), customer(3));
        insertInvitation(invitationExpiringAt(notYet, now.plusNanos(1_000)));
        Delegation connected = insertPending(partner(1), customer(4));
        insertInvitation(invitationExpiringAt(connected, now.minusSeconds(1)));
        update(connected.accept(T1));
        Delegation resent = insertPending(partner(1), customer(5));
        Invitation old = insertInvitation(invitationExpiringAt(resent, now.minusSeconds(1)));
        write(tx -> tx.updateInvitation(old.superseded()));
        insertInvitation(invitationExpiringAt(resent, now.plus(INVITATION_TTL)));
        Delegation usedOnly = insertPending(partner(1), customer(6));
        Invitation used = insertInvitation(invitationExpiringAt(usedOnly, now.minusSeconds(1)));
        write(tx -> tx.updateInvitation(used.used(T1)));
        Delegation removed = insertPending(partner(1), customer(7));
        insertInvitation(invitationExpiringAt(removed, now.minusSeconds(1)));
        update(removed.remove(T1));
        insertPending(partner(1), customer(8));

        List<Delegation> due = findExpiredPending(now, 100);

        assertThat(due).containsExactlyInAnyOrder(expiredBefore, expiringNow);
    }

    @Test
    public void pendingDelegationWithSeveralExpiredInvitationsIsFoundOnce() {
        Instant now = T0.plus(INVITATION_TTL);
        Delegation pending = insertPending(partner(1), customer(1));
        insertInvitation(invitationExpiringAt(pending, now.minusSeconds(2)));
        insertInvitation(invitationExpiringAt(pending, now.minusSeconds(1)));

        assertThat(findExpiredPending(now, 100)).containsExactly(pending);
    }

    @Test
    public void expiredPendingAreFoundBatchByBatch() {
        Instant now = T0.plus(INVITATION_TTL);
        Set<Delegation> expected = new HashSet<>();
        for (int n = 1; n <= 5; n++) {
            Delegation pending = insertPending(partner(1), customer(n));
            insertInvitation(invitationExpiringAt(pending, now.minusSeconds(n)));
            expected.add(pending);
        }
        Set<Delegation> seen = new HashSet<>();

        for (int round = 0; round < 3; round++) {
            List<Delegation> batch = inTransaction(tx -> {
                List<Delegation> due = tx.findExpiredPending(now, 2);
                for (Delegation d : due) {
                    tx.update(d.expire(now));
                    tx.supersedeOpenInvitations(d.id());
                }
                return due;
            });
            assertThat(batch).hasSize(round < 2 ? 2 : 1);
            seen.addAll(batch);
        }

        assertThat(seen).isEqualTo(expected);
        assertThat(findExpiredPending(now, 2)).isEmpty();
    }

    // ------------------------------------------------------------------ audit

    @Test
    public void auditTrailReadsBackEveryEventOfTheDelegationInOrder() {
        Delegation a = insertPending(partner(1), customer(1));
        Delegation b = insertPending(partner(2), customer(1));
        AuditEvent a1 = delegationEvent(a, AuditEventType.CUSTOMER_ADDED, null, DelegationStatus.PENDING, T0);
        AuditEvent b1 = delegationEvent(b, AuditEventType.CUSTOMER_ADDED, null, DelegationStatus.PENDING, T0.plusSeconds(1));
        AuditEvent a2 = delegationEvent(a, AuditEventType.INVITATION_ACCEPTED, DelegationStatus.PENDING, DelegationStatus.CONNECTED, T1);
        AuditEvent a3 = new AuditEvent(newAuditEventId(), AuditEventType.DELEGATED_LOGIN, Optional.of(a.id()), a.customerTenant(),
                a.partnerTenant(), UserId.of("Ω-user-" + "ß".repeat(240)), Optional.of(DelegationStatus.CONNECTED),
                Optional.of(DelegationStatus.CONNECTED), T2);

        write(tx -> {
            tx.append(a1);
            tx.append(b1);
        });
        write(tx -> tx.append(a2));
        write(tx -> tx.append(a3));

        assertThat(auditTrail(a.id())).containsExactly(a1, a2, a3);
        assertThat(auditTrail(b.id())).containsExactly(b1);
        assertThat(auditTrail(newDelegationId())).isEmpty();
        assertThat(auditTrail(a.id()).get(0).fromStatus()).isEmpty();
        assertThat(auditTrail(a.id()).get(2).actorUser().value()).isEqualTo("Ω-user-" + "ß".repeat(240));
    }

    @Test
    public void eventsAtTheSameInstantKeepTheOrderTheyWereAppendedIn() {
        Delegation d = insertPending(partner(1), customer(1));
        // Ids out of order, so neither id order nor its reverse can pass for append order.
        List<Integer> idOrder = List.of(3, 1, 4, 0, 2);
        List<AuditEvent> events = new ArrayList<>();
        for (int k : idOrder) {
            events.add(new AuditEvent(new AuditEventId(UUID.fromString(String.format("00000000-0000-4000-8000-%012d", k))),
                    AuditEventType.DELEGATED_LOGIN, Optional.of(d.id()), d.customerTenant(), d.partnerTenant(),
                    UserId.of("user-" + k), Optional.of(DelegationStatus.PENDING), Optional.of(DelegationStatus.PENDING), T1));
        }

        write(tx -> {
            tx.append(events.get(0));
            tx.append(events.get(1));
        });
        write(tx -> tx.append(events.get(2)));
        write(tx -> {
            tx.append(events.get(3));
            tx.append(events.get(4));
        });

        assertThat(auditTrail(d.id())).containsExactlyElementsOf(events);
    }

    @Test
    public void aUnitOfWorkReadsTheEventsAndEntriesItAppendedItself() {
        Delegation d = insertPending(partner(1), customer(1));
        AuditEvent event = new AuditEvent(new AuditEventId(UUID.randomUUID()), AuditEventType.INVITATION_RESENT, Optional.of(d.id()),
                d.customerTenant(), d.partnerTenant(), UserId.of("user-1"), Optional.of(DelegationStatus.PENDING),
                Optional.of(DelegationStatus.PENDING), T1);
        OutboxEntry invitation = OutboxEntry.pending(newNotificationId(), NotificationType.INVITATION, d.id(), d.customerEmail(), T1);

        List<AuditEvent> trail = new ArrayList<>();
        Optional<Instant> lastInvitation = inTransaction(tx -> {
            tx.append(event);
            tx.enqueue(invitation);
            // Read back within the same unit of work: a store that holds appends back must send them first.
            trail.addAll(tx.auditTrail(d.id()));
            return tx.lastInvitationRequestedAt(d.partnerTenant(), d.customerTenant());
        });

        assertThat(trail).containsExactly(event);
        assertThat(lastInvitation).contains(T1);
    }

    @Test
    public void appendedRecordsOfAUnitOfWorkThatFailsAreNotKept() {
        Delegation d = insertPending(partner(1), customer(1));
        AuditEvent event = new AuditEvent(new AuditEventId(UUID.randomUUID()), AuditEventType.INVITATION_RESENT, Optional.of(d.id()),
                d.customerTenant(), d.partnerTenant(), UserId.of("user-1"), Optional.of(DelegationStatus.PENDING),
                Optional.of(DelegationStatus.PENDING), T1);

        assertThatThrownBy(() -> write(tx -> {
            tx.append(event);
            tx.enqueue(OutboxEntry.pending(newNotificationId(), NotificationType.INVITATION, d.id(), d.customerEmail(), T1));
            throw new IllegalStateException("the use case failed after appending");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(auditTrail(d.id())).isEmpty();
        assertThat(store.outboxEntries(OutboxStatus.PENDING, 10)).isEmpty();
    }

    @Test
    public void permissionChangesListOnlyThatTenantsEventsWithoutADelegation() {
        Tenant customer = known(customer(1));
        Tenant other = known(customer(2));
        Delegation d = insertPending(partner(1), customer(1));
        AuditEvent granted = permissionEvent(customer.id(), AuditEventType.PARTNER_PERMISSION_GRANTED, T0);
        AuditEvent otherGranted = permissionEvent(other.id(), AuditEventType.PARTNER_PERMISSION_GRANTED, T0);
        AuditEvent added = delegationEvent(d, AuditEventType.CUSTOMER_ADDED, null, DelegationStatus.PENDING, T0);
        AuditEvent revoked = permissionEvent(customer.id(), AuditEventType.PARTNER_PERMISSION_REVOKED, T1);

        write(tx -> {
            tx.append(granted);
            tx.append(otherGranted);
            tx.append(added);
        });
        write(tx -> tx.append(revoked));

        assertThat(permissionChanges(customer.id())).containsExactly(granted, revoked);
        assertThat(permissionChanges(other.id())).containsExactly(otherGranted);
        assertThat(permissionChanges(partner(1).id())).isEmpty();
        assertThat(auditTrail(d.id())).containsExactly(added);
    }

    // ------------------------------------------------------------------ outbox

    @Test
    public void enqueuedEntriesReadBackWithEveryFieldOldestFirst() {
        Tenant customer = known(new Tenant(TenantId.of("kunde-1"), AccountNumber.of("K-1"), EmailAddress.of("Chef@Kunde-Ö.Example"), false));
        Delegation d = insertPending(partner(1), customer);
        OutboxEntry later = outboxEntry(d, NotificationType.REMOVAL_NOTICE_TO_CUSTOMER, T1);
        OutboxEntry earlier = outboxEntry(d, NotificationType.INVITATION, T0);

        write(tx -> tx.enqueue(later));
        write(tx -> tx.enqueue(earlier));

        List<OutboxEntry> pending = store.outboxEntries(OutboxStatus.PENDING, 10);
        assertThat(pending).containsExactly(earlier, later);
        assertThat(pending.get(0).recipient().value()).isEqualTo("Chef@Kunde-Ö.Example");
        assertThat(pending.get(0).attempts()).isZero();
        assertThat(pending.get(0).deliveredAt()).isEmpty();
        assertThat(pending.get(0).lastError()).isEmpty();
    }

    @Test
    public void claimTakesOnlyDueEntriesCountsAnAttemptAndLeasesThem() throws Exception {
        Delegation d = insertPending(partner(1), customer(1));
        Instant now = T1;
        OutboxEntry overdue = outboxEntry(d, NotificationType.INVITATION, now.minusSeconds(30));
        OutboxEntry dueNow = outboxEntry(d, NotificationType.ACCEPTANCE_NOTICE, now);
        OutboxEntry future = outboxEntry(d, NotificationType.ACCEPTANCE_CONFIRMATION, now.plusSeconds(1));
        write(tx -> {
            tx.enqueue(overdue);
            tx.enqueue(dueNow);
            tx.enqueue(future);
        });

        List<OutboxEntry> claimed = store.claimDueNotifications(now, SHORT_LEASE, 10);

        assertThat(claimed).containsExactly(leased(overdue, 1), leased(dueNow, 1));
        assertThat(store.claimDueNotifications(now, SHORT_LEASE, 10)).as("leased").isEmpty();
        assertThat(store.outboxEntries(OutboxStatus.PENDING, 10))
                .containsExactlyInAnyOrder(leased(overdue, 1), leased(dueNow, 1), future);

        // Once the lease runs out (by the store's clock: the database's where there is one), an entry nobody settled is due again.
        Thread.sleep(SHORT_LEASE.multipliedBy(3).toMillis());
        Instant later = now.plusSeconds(2);
        assertThat(store.claimDueNotifications(later, LEASE, 10))
                .containsExactlyInAnyOrder(leased(overdue, 2), leased(dueNow, 2), leased(future, 1));
    }

    @Test
    public void claimTakesTheOldestFirstAndRespectsTheLimit() {
        Delegation d = insertPending(partner(1), customer(1));
        List<OutboxEntry> entries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            entries.add(outboxEntry(d, NotificationType.INVITATION, T0.plusSeconds(i)));
        }
        for (int i : List.of(3, 0, 4, 2, 1)) {
            write(tx -> tx.enqueue(entries.get(i)));
        }

        assertThat(store.claimDueNotifications(T1, LEASE, 2)).containsExactly(leased(entries.get(0), 1), leased(entries.get(1), 1));
        assertThat(store.claimDueNotifications(T1, LEASE, 2)).containsExactly(leased(entries.get(2), 1), leased(entries.get(3), 1));
        assertThat(store.claimDueNotifications(T1, LEASE, 2)).containsExactly(leased(entries.get(4), 1));
        assertThat(store.claimDueNotifications(T1, LEASE, 2)).isEmpty();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    public void concurrentClaimsNeverHandOutAnEntryTwice() throws Exception {
        Delegation d = insertPending(partner(1), customer(1));
        int count = 40;
        write(tx -> {
            for (int i = 0; i < count; i++) {
                tx.enqueue(outboxEntry(d, NotificationType.INVITATION, T0.plusNanos(i * 1_000L)));
            }
        });
        List<NotificationId> claimed = new CopyOnWriteArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();

        runConcurrently(8, i -> {
            try {
                for (int round = 0; round < count; round++) {
                    List<OutboxEntry> batch = store.claimDueNotifications(T1, LEASE, 3);
                    if (batch.isEmpty()) {
                        return;
                    }
                    batch.forEach(e -> claimed.add(e.id()));
                }
            } catch (RuntimeException e) {
                failures.add(e);
            }
        });

        assertThat(failures).isEmpty();
        assertThat(claimed).doesNotHaveDuplicates().hasSize(count);
        assertThat(store.claimDueNotifications(T1, LEASE, count)).isEmpty();
        assertThat(store.outboxEntries(OutboxStatus.PENDING, count)).hasSize(count)
                .allSatisfy(e -> assertThat(e.attempts()).isEqualTo(1));
    }

    @Test
    public void deliveredEntryIsNeverClaimedAgain() throws Exception {
        Delegation d = insertPending(partner(1), customer(1));
        OutboxEntry entry = outboxEntry(d, NotificationType.INVITATION, T0);
        OutboxEntry other = outboxEntry(d, NotificationType.ACCEPTANCE_NOTICE, T0.plusSeconds(1));
        write(tx -> {
            tx.enqueue(entry);
            tx.enqueue(other);
        });
        store.claimDueNotifications(T1, SHORT_LEASE, 10);

        assertThat(store.<Boolean>inTransaction(tx -> tx.markDelivered(entry.id(), 1, T1.plusSeconds(2)))).isTrue();

        assertSettled(store.outboxEntries(OutboxStatus.DELIVERED, 10), new OutboxEntry(entry.id(), entry.type(),
                entry.delegationId(), entry.recipient(), OutboxStatus.DELIVERED, 1, entry.createdAt(), entry.nextAttemptAt(),
                Optional.of(T1.plusSeconds(2)), Optional.empty()));
        assertThat(store.outboxEntries(OutboxStatus.PENDING, 10)).extracting(OutboxEntry::id).containsExactly(other.id());
        Thread.sleep(SHORT_LEASE.multipliedBy(3).toMillis());
        assertThat(store.claimDueNotifications(T2.plus(Duration.ofDays(365)), LEASE, 10))
                .extracting(OutboxEntry::id).containsExactly(other.id());
    }

    @Test
    public void aLaterClaimFencesOffTheEarlierOne() throws Exception {
        Delegation d = insertPending(partner(1), customer(1));
        OutboxEntry entry = outboxEntry(d, NotificationType.INVITATION, T0);
        write(tx -> tx.enqueue(entry));
        OutboxEntry first = store.claimDueNotifications(T1, SHORT_LEASE, 10).get(0);
        Thread.sleep(SHORT_LEASE.multipliedBy(3).toMillis());
        OutboxEntry second = store.claimDueNotifications(T1.plusSeconds(2), LEASE, 10).get(0);
        assertThat(first.attempts()).isEqualTo(1);
        assertThat(second.attempts()).isEqualTo(2);

        assertThat(store.<Boolean>inTransaction(tx -> tx.markDelivered(entry.id(), first.attempts(), T1.plusSeconds(3)))).isFalse();
        assertThat(store.recordFailure(entry.id(), first.attempts(), "late failure", Optional.empty())).isFalse();
        assertThat(store.markDiscarded(entry.id(), first.attempts(), "late discard")).isFalse();
        assertThat(store.outboxEntries(OutboxStatus.PENDING, 10)).containsExactly(leased(entry, 2));

        assertThat(store.<Boolean>inTransaction(tx -> tx.markDelivered(entry.id(), second.attempts(), T1.plusSeconds(4)))).isTrue();
        assertThat(store.<Boolean>inTransaction(tx -> tx.markDelivered(entry.id(), second.attempts(), T1.plusSeconds(5))))
                .as("recorded once").isFalse();
        assertThat(store.outboxEntries(OutboxStatus.DELIVERED, 10)).singleElement()
                .satisfies(e -> assertThat(e.deliveredAt()).contains(T1.plusSeconds(4)));
    }

    @Test
    public void aDeliveryRecordedInAFailedUnitOfWorkIsRolledBack() {
        Delegation d = insertPending(partner(1), customer(1));
        OutboxEntry entry = outboxEntry(d, NotificationType.INVITATION, T0);
        write(tx -> tx.enqueue(entry));
        store.claimDueNotifications(T1, LEASE, 10);
        RuntimeException boom = new IllegalStateException("boom");

        assertThat(catchThrowable(() -> store.inTransaction(tx -> {
            tx.markDelivered(entry.id(), 1, T1);
            throw boom;
        }))).isSameAs(boom);

        assertThat(store.outboxEntries(OutboxStatus.PENDING, 10)).containsExactly(leased(entry, 1));
    }

    @Test
    public void failureWithARetryKeepsTheEntryPendingUntilThen() {
        Delegation d = insertPending(partner(1), customer(1));
        OutboxEntry entry = outboxEntry(d, NotificationType.INVITATION, T0);
        write(tx -> tx.enqueue(entry));
        Instant retryAt = T1.plusSeconds(30);
        store.claimDueNotifications(T1, LEASE, 10);

        assertThat(store.recordFailure(entry.id(), 1, "MailException: connection refused", Optional.of(retryAt))).isTrue();

        OutboxEntry waiting = new OutboxEntry(entry.id(), entry.type(), entry.delegationId(), entry.recipient(),
                OutboxStatus.PENDING, 1, entry.createdAt(), retryAt, Optional.empty(), Optional.of("MailException: connection refused"));
        assertThat(store.outboxEntries(OutboxStatus.PENDING, 10)).containsExactly(waiting);
        assertThat(store.claimDueNotifications(retryAt.minusNanos(1_000), LEASE, 10)).isEmpty();
        List<OutboxEntry> retried = store.claimDueNotifications(retryAt, LEASE, 10);
        assertThat(retried).as("the failure ended the lease").containsExactly(new OutboxEntry(entry.id(), entry.type(),
                entry.delegationId(), entry.recipient(), OutboxStatus.PENDING, 2, entry.createdAt(), retryAt, Optional.empty(),
                Optional.of("MailException: connection refused")));
        assertThat(store.outboxEntries(OutboxStatus.FAILED, 10)).isEmpty();
    }

    @Test
    public void failureWithoutARetryKeepsTheEntryAsFailed() {
        Delegation d = insertPending(partner(1), customer(1));
        OutboxEntry entry = outboxEntry(d, NotificationType.INVITATION, T0);
        OutboxEntry other = outboxEntry(d, NotificationType.ACCEPTANCE_NOTICE, T0.plusSeconds(1));
        write(tx -> {
            tx.enqueue(entry);
            tx.enqueue(other);
        });
        store.claimDueNotifications(T1, LEASE, 1);

        assertThat(store.recordFailure(entry.id(), 1, "gave up after 3 attempts", Optional.empty())).isTrue();

        assertSettled(store.outboxEntries(OutboxStatus.FAILED, 10), new OutboxEntry(entry.id(), entry.type(),
                entry.delegationId(), entry.recipient(), OutboxStatus.FAILED, 1, entry.createdAt(), entry.nextAttemptAt(),
                Optional.empty(), Optional.of("gave up after 3 attempts")));
        assertThat(store.outboxEntries(OutboxStatus.PENDING, 10)).extracting(OutboxEntry::id).containsExactly(other.id());
        assertThat(store.claimDueNotifications(T2.plus(Duration.ofDays(365)), LEASE, 10))
                .extracting(OutboxEntry::id).containsExactly(other.id());
    }

    @Test
    public void longestErrorTextIsKeptWhole() {
        Delegation d = insertPending(partner(1), customer(1));
        OutboxEntry entry = outboxEntry(d, NotificationType.INVITATION, T0);
        write(tx -> tx.enqueue(entry));
        store.claimDueNotifications(T1, LEASE, 10);
        String error = OutboxEntry.truncateError("Ошибка: 邮件服务器不可用 " + "x".repeat(2_000));
        assertThat(error).hasSize(OutboxEntry.MAX_ERROR_LENGTH);

        store.recordFailure(entry.id(), 1, error, Optional.empty());

        assertThat(store.outboxEntries(OutboxStatus.FAILED, 10)).singleElement()
                .satisfies(e -> assertThat(e.lastError()).contains(error));
    }

    @Test
    public void discardedEntryIsNeverClaimedAgain() {
        Delegation d = insertPending(partner(1), customer(1));
        OutboxEntry entry = outboxEntry(d, NotificationType.INVITATION, T0);
        write(tx -> tx.enqueue(entry));
        store.claimDueNotifications(T1, LEASE, 10);

        assertThat(store.markDiscarded(entry.id(), 1, "the delegation is no longer pending")).isTrue();

        assertSettled(store.outboxEntries(OutboxStatus.DISCARDED, 10), new OutboxEntry(entry.id(), entry.type(),
                entry.delegationId(), entry.recipient(), OutboxStatus.DISCARDED, 1, entry.createdAt(), entry.nextAttemptAt(),
                Optional.empty(), Optional.of("the delegation is no longer pending")));
        assertThat(store.outboxEntries(OutboxStatus.PENDING, 10)).isEmpty();
        assertThat(store.claimDueNotifications(T2.plus(Duration.ofDays(365)), LEASE, 10)).isEmpty();
    }

    @Test
    public void retentionDeletesOnlyClosedEntriesOlderThanTheCutoff() {
        Delegation d = insertPending(partner(1), customer(1));
        OutboxEntry oldDelivered = outboxEntry(d, NotificationType.INVITATION, T0);
        OutboxEntry oldDiscarded = outboxEntry(d, NotificationType.INVITATION, T0.plusSeconds(1));
        OutboxEntry oldFailed = outboxEntry(d, NotificationType.INVITATION, T0.plusSeconds(2));
        OutboxEntry oldPending = outboxEntry(d, NotificationType.ACCEPTANCE_NOTICE, T0.plusSeconds(3));
        OutboxEntry newDelivered = outboxEntry(d, NotificationType.INVITATION, T2);
        write(tx -> List.of(oldDelivered, oldDiscarded, oldFailed, oldPending, newDelivered).forEach(tx::enqueue));
        store.claimDueNotifications(T0.plusSeconds(2), LEASE, 3);
        write(tx -> tx.markDelivered(oldDelivered.id(), 1, T0.plusSeconds(5)));
        store.markDiscarded(oldDiscarded.id(), 1, "not worth it");
        store.recordFailure(oldFailed.id(), 1, "gave up", Optional.empty());
        store.claimDueNotifications(T2, LEASE, 10).stream().filter(e -> e.id().equals(newDelivered.id()))
                .forEach(e -> write(tx -> tx.markDelivered(e.id(), e.attempts(), T2)));

        assertThat(store.<Integer>inTransaction(tx -> tx.deleteClosedNotificationsBefore(T1, 1))).as("a batch at a time").isEqualTo(1);
        assertThat(store.<Integer>inTransaction(tx -> tx.deleteClosedNotificationsBefore(T1, 10))).isEqualTo(1);
        assertThat(store.<Integer>inTransaction(tx -> tx.deleteClosedNotificationsBefore(T1, 10))).isZero();

        assertThat(store.outboxEntries(OutboxStatus.DELIVERED, 10)).extracting(OutboxEntry::id).containsExactly(newDelivered.id());
        assertThat(store.outboxEntries(OutboxStatus.DISCARDED, 10)).isEmpty();
        assertThat(store.outboxEntries(OutboxStatus.FAILED, 10)).extracting(OutboxEntry::id).containsExactly(oldFailed.id());
        assertThat(store.outboxEntries(OutboxStatus.PENDING, 10)).extracting(OutboxEntry::id).containsExactly(oldPending.id());
    }

    @Test
    public void theLastInvitationRequestIsTheNewestInvitationEntryOfThePairAcrossItsDelegations() {
        Delegation removed = insertPending(partner(1), customer(1));
        write(tx -> tx.enqueue(outboxEntry(removed, NotificationType.INVITATION, T0)));
        write(tx -> tx.update(removed.remove(T1)));
        Delegation again = insertPending(partner(1), customer(1));
        write(tx -> {
            tx.enqueue(outboxEntry(again, NotificationType.INVITATION, T1));
            tx.enqueue(outboxEntry(again, NotificationType.ACCEPTANCE_NOTICE, T2));
        });
        Delegation otherPair = insertPending(partner(2), customer(1));
        write(tx -> tx.enqueue(outboxEntry(otherPair, NotificationType.INVITATION, T2)));

        assertThat(store.<Optional<Instant>>inTransaction(tx -> tx.lastInvitationRequestedAt(partner(1).id(), customer(1).id()))).contains(T1);
        assertThat(store.<Optional<Instant>>inTransaction(tx -> tx.lastInvitationRequestedAt(partner(2).id(), customer(1).id()))).contains(T2);
        assertThat(store.<Optional<Instant>>inTransaction(tx -> tx.lastInvitationRequestedAt(partner(1).id(), customer(2).id()))).isEmpty();
    }

    @Test
    public void outboxEntriesListsOnlyTheAskedStatusOldestFirstUpToTheLimit() {
        Delegation d = insertPending(partner(1), customer(1));
        List<OutboxEntry> entries = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            entries.add(outboxEntry(d, NotificationType.INVITATION, T0.plusSeconds(i)));
        }
        write(tx -> {
            for (int i : List.of(5, 2, 0, 4, 1, 3)) {
                tx.enqueue(entries.get(i));
            }
        });
        for (OutboxEntry claimed : store.claimDueNotifications(T2, LEASE, 10)) {
            if (claimed.id().equals(entries.get(1).id()) || claimed.id().equals(entries.get(4).id())) {
                store.recordFailure(claimed.id(), claimed.attempts(), "failed", Optional.empty());
            }
        }

        assertThat(store.outboxEntries(OutboxStatus.PENDING, 3)).extracting(OutboxEntry::id)
                .containsExactly(entries.get(0).id(), entries.get(2).id(), entries.get(3).id());
        assertThat(store.outboxEntries(OutboxStatus.PENDING, 10)).extracting(OutboxEntry::id)
                .containsExactly(entries.get(0).id(), entries.get(2).id(), entries.get(3).id(), entries.get(5).id());
        assertThat(store.outboxEntries(OutboxStatus.FAILED, 1)).extracting(OutboxEntry::id).containsExactly(entries.get(1).id());
        assertThat(store.outboxEntries(OutboxStatus.FAILED, 10)).extracting(OutboxEntry::id)
                .containsExactly(entries.get(1).id(), entries.get(4).id());
        assertThat(store.outboxEntries(OutboxStatus.DELIVERED, 10)).isEmpty();
    }

    // ------------------------------------------------------------------ grants, change requests, end dates

    @Test
    public void aRequestedGrantReadsBackWithItsRolesAndTerm() {
        Tenant customer = known(customer(1));
        Delegation pending = insert(Delegation.pending(newDelegationId(), known(partner(1)).id(), customer,
                AccessGrant.requested(BILLING_AND_SUPPORT, Optional.of(TERM)), T0));

        Delegation found = find(pending.id()).orElseThrow();

        assertThat(found).isEqualTo(pending);
        assertThat(found.roles()).containsExactly(RoleKey.of("billing:read"), RoleKey.of("support:tickets"));
        assertThat(found.grant().term()).contains(TERM);
        assertThat(found.grant().endsAt()).isEmpty();
        assertThat(found.grant().accessUntil()).isEmpty();
        assertThat(found.requestedChange()).isEmpty();
    }

    @Test
    public void aDelegationStoredWithoutAGrantReadsBackAsTenantAdministratorWithoutAnEnd() {
        Delegation pending = insertPending(partner(1), customer(1));

        Delegation found = update(pending.accept(T1));

        assertThat(find(pending.id())).contains(found);
        assertThat(find(pending.id()).orElseThrow().grant()).isEqualTo(AccessGrant.administrator());
        assertThat(find(pending.id()).orElseThrow().grantsAccessAt(T2.plus(Duration.ofDays(10_000)))).isTrue();
    }

    @Test
    public void anApprovedGrantReadsBackWithItsEndDateAndTheCustomersRulesThroughEveryChange() {
        Delegation pending = insertRequesting(partner(1), customer(1), BILLING_AND_SUPPORT, Optional.of(TERM));

        Delegation connected = update(pending.accept(T1, true, true));
        Delegation found = find(pending.id()).orElseThrow();
        assertThat(found).isEqualTo(connected);
        assertThat(found.grant().endsAt()).contains(T1.plus(TERM));
        assertThat(found.grant().autoRenew()).isTrue();
        assertThat(found.grant().reasonRequired()).isTrue();
        assertThat(found.grant().endingNoticeSent()).isFalse();
        assertThat(found.grant().accessUntil()).contains(T1.plus(TERM).plus(TERM));

        Delegation noticed = update(connected.withGrant(connected.grant().withEndingNoticeSent()));
        assertThat(find(pending.id())).contains(noticed);
        assertThat(find(pending.id()).orElseThrow().grant().endingNoticeSent()).isTrue();

        Delegation renewed = update(noticed.withGrant(noticed.grant().renewed()));
        assertThat(find(pending.id())).contains(renewed);
        assertThat(find(pending.id()).orElseThrow().grant().autoRenew()).isFalse();

        Delegation reduced = update(renewed.withGrant(renewed.grant().reducedTo(Set.of(RoleKey.of("billing:read")), Optional.of(T2))));
        assertThat(find(pending.id())).contains(reduced);
        assertThat(find(pending.id()).orElseThrow().roles()).containsExactly(RoleKey.of("billing:read"));
        assertThat(find(pending.id()).orElseThrow().grant().accessUntil()).contains(T2);

        Delegation rules = update(reduced.withGrant(reduced.grant().withRules(false, false)));
        assertThat(find(pending.id())).contains(rules);
    }

    @Test
    public void theMostRolesWithTheLongestKeysReadBackInGrantAndChangeRequest() {
        Set<RoleKey> most = new TreeSet<>();
        for (int i = 0; i < RoleKey.MAX_ROLES; i++) {
            String prefix = String.format("r%02d:", i);
            most.add(RoleKey.of(prefix + "x".repeat(RoleKey.MAX_LENGTH - prefix.length())));
        }
        Delegation connected = update(insertRequesting(partner(1), customer(1), most, Optional.empty()).accept(T1));

        Delegation requested = update(connected.withRequestedChange(Optional.of(new GrantChange(most, Optional.of(TERM), T2))));

        assertThat(find(connected.id())).contains(requested);
        assertThat(find(connected.id()).orElseThrow().roles()).isEqualTo(most);
        assertThat(find(connected.id()).orElseThrow().requestedChange().orElseThrow().roles()).isEqualTo(most);
    }

    @Test
    public void aChangeRequestReadsBackBesideTheGrantInForceUntilApprovedOrDropped() {
        Delegation connected = update(insertRequesting(partner(1), customer(1), Set.of(RoleKey.of("billing:read")), Optional.of(TERM))
                .accept(T1));
        GrantChange more = new GrantChange(BILLING_AND_SUPPORT, Optional.of(Duration.ofDays(60)), T2);

        Delegation requested = update(connected.withRequestedChange(Optional.of(more)));
        Delegation found = find(connected.id()).orElseThrow();
        assertThat(found).isEqualTo(requested);
        assertThat(found.requestedChange()).contains(more);
        assertThat(found.grant()).as("the grant in force stays").isEqualTo(connected.grant());

        GrantChange rolesOnly = new GrantChange(Set.of(RoleKey.TENANT_ADMINISTRATOR), Optional.empty(), T2.plusSeconds(1));
        Delegation replaced = update(requested.withRequestedChange(Optional.of(rolesOnly)));
        assertThat(find(connected.id())).contains(replaced);
        assertThat(find(connected.id()).orElseThrow().requestedChange().orElseThrow().term()).isEmpty();

        Delegation dropped = update(replaced.withRequestedChange(Optional.empty()));
        assertThat(find(connected.id())).contains(dropped);
        assertThat(find(connected.id()).orElseThrow().requestedChange()).isEmpty();

        Delegation again = update(dropped.withRequestedChange(Optional.of(more)));
        Delegation approved = update(again.approveChange(T2.plusSeconds(2), true, false));
        assertThat(find(connected.id())).contains(approved);
        assertThat(approved.requestedChange()).isEmpty();
        assertThat(approved.grant().endsAt()).contains(T2.plusSeconds(2).plus(Duration.ofDays(60)));
    }

    @Test
    public void aDelegationEndedAtItsEndDateIsNeitherOpenNorConnectedAndFreesThePairAndTheCustomer() {
        Delegation connected = connectFor(partner(1), customer(1), TERM, T1, false);

        Delegation ended = update(connected.end(T2));

        assertThat(find(connected.id())).contains(ended);
        assertThat(find(connected.id()).orElseThrow().status()).isEqualTo(DelegationStatus.ENDED);
        assertThat(findOpen(partner(1), customer(1))).isEmpty();
        assertThat(findConnected(customer(1))).isEmpty();
        assertThat(list(partner(1).id(), EnumSet.of(DelegationStatus.ENDED), Optional.empty(), 10)).containsExactly(ended);
        Delegation again = connect(partner(1), customer(1));
        assertThat(findConnected(customer(1))).contains(again);
    }

    @Test
    public void aTermWithAFractionOfASecondIsRefusedBeforeAnythingIsStored() {
        Throwable refused = catchThrowable(() -> AccessGrant.requested(BILLING_AND_SUPPORT, Optional.of(TERM.plusMillis(1))));

        assertThat(refused).isInstanceOf(DelegationException.class);
        assertThat(((DelegationException) refused).code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(refused).hasMessageContaining("whole number of seconds");
    }

    @Test
    public void listingEndingByADateShowsOnlyTheDelegationsWhoseAccessEndsByThenRenewalIncluded() {
        Tenant partner = known(partner(1));
        Instant endingBy = T1.plus(TERM);
        Delegation noEnd = connectFor(partner, listCustomer(1), null, T1, false);
        Delegation endsThen = connectFor(partner, listCustomer(2), TERM, T1, false);
        Delegation endsJustAfter = connectFor(partner, listCustomer(3), TERM, T1.plusNanos(1_000), false);
        Delegation periodEndsButRenews = connectFor(partner, listCustomer(4), Duration.ofDays(20), T1, true);
        Delegation shortened = connectFor(partner, listCustomer(5), null, T1, false);
        shortened = update(shortened.withGrant(shortened.grant().reducedTo(shortened.roles(), Optional.of(T2))));
        Delegation renewsInTime = connectFor(partner, listCustomer(6), Duration.ofDays(15), T1, true);
        Delegation pendingWithTerm = insertRequesting(partner, listCustomer(7), BILLING_AND_SUPPORT, Optional.of(Duration.ofDays(1)));
        Delegation removed = connectFor(partner, listCustomer(8), Duration.ofDays(1), T1, false);
        removed = update(removed.remove(T2));
        connectFor(known(partner(2)), listCustomer(9), Duration.ofDays(1), T1, false);

        List<Delegation> ending = listEndingBy(partner.id(), DelegationStatus.OPEN, Optional.of(endingBy), Optional.empty(), 100);

        assertThat(ending).containsExactlyElementsOf(sorted(endsThen, shortened, renewsInTime));
        assertThat(listEndingBy(partner.id(), EnumSet.allOf(DelegationStatus.class), Optional.of(endingBy), Optional.empty(), 100))
                .containsExactlyElementsOf(sorted(endsThen, shortened, renewsInTime, removed));
        assertThat(listEndingBy(partner.id(), DelegationStatus.OPEN, Optional.empty(), Optional.empty(), 100))
                .containsExactlyElementsOf(sorted(noEnd, endsThen, endsJustAfter, periodEndsButRenews, shortened, renewsInTime,
                        pendingWithTerm));
        assertThat(list(partner.id(), DelegationStatus.OPEN, Optional.empty(), 100)).as("the four-argument listing")
                .containsExactlyElementsOf(sorted(noEnd, endsThen, endsJustAfter, periodEndsButRenews, shortened, renewsInTime,
                        pendingWithTerm));
        List<Delegation> paged = new ArrayList<>();
        Optional<AccountCursor> after = Optional.empty();
        for (int page = 0; page < 5; page++) {
            List<Delegation> rows = listEndingBy(partner.id(), DelegationStatus.OPEN, Optional.of(endingBy), after, 1);
            if (rows.isEmpty()) {
                break;
            }
            assertThat(rows).hasSize(1);
            paged.addAll(rows);
            after = Optional.of(AccountCursor.after(rows.get(0)));
        }
        assertThat(paged).as("paged one by one, the filter before the limit").containsExactlyElementsOf(ending);
    }

    // ------------------------------------------------------------------ the time-limit sweeps

    @Test
    public void findsConnectedDelegationsWhoseChangeRequestsInvitationExpiredUnanswered() {
        Instant now = T2.plus(INVITATION_TTL);
        Delegation expired = requestingChange(connect(partner(1), customer(1)));
        insertInvitation(invitationExpiringAt(expired, now.minusSeconds(1)));
        Delegation expiringNow = requestingChange(connect(partner(1), customer(2)));
        insertInvitation(invitationExpiringAt(expiringNow, now));
        Delegation notYet = requestingChange(connect(partner(1), customer(3)));
        insertInvitation(invitationExpiringAt(notYet, now.plusNanos(1_000)));
        Delegation answered = requestingChange(connect(partner(1), customer(4)));
        Invitation used = insertInvitation(invitationExpiringAt(answered, now.minusSeconds(1)));
        write(tx -> tx.updateInvitation(used.used(T2)));
        Delegation withoutRequest = connect(partner(1), customer(5));
        insertInvitation(invitationExpiringAt(withoutRequest, now.minusSeconds(1)));
        Delegation pending = insertPending(partner(1), customer(6));
        insertInvitation(invitationExpiringAt(pending, now.minusSeconds(1)));
        Delegation twice = requestingChange(connect(partner(2), customer(7)));
        insertInvitation(invitationExpiringAt(twice, now.minusSeconds(2)));
        insertInvitation(invitationExpiringAt(twice, now.minusSeconds(1)));
        Delegation removed = requestingChange(connect(partner(1), customer(8)));
        insertInvitation(invitationExpiringAt(removed, now.minusSeconds(1)));
        update(removed.remove(T2));

        List<Delegation> due = findExpiredChangeRequests(now, 100);

        assertThat(due).containsExactlyInAnyOrder(expired, expiringNow, twice);
        assertThat(findExpiredChangeRequests(now, 2)).hasSize(2).isSubsetOf(due);
        assertThat(findExpiredPending(now, 100)).containsExactly(pending);
    }

    @Test
    public void findsConnectedDelegationsEndingByTheThresholdNotYetToldEarliestFirst() {
        Instant threshold = T1.plus(TERM);
        Delegation endsAtThreshold = connectFor(partner(1), customer(1), TERM, T1, false);
        Delegation endsEarlier = connectFor(partner(1), customer(2), Duration.ofDays(10), T1, false);
        connectFor(partner(1), customer(3), TERM, T1.plusNanos(1_000), false);
        Delegation told = connectFor(partner(1), customer(4), Duration.ofDays(5), T1, false);
        update(told.withGrant(told.grant().withEndingNoticeSent()));
        connect(partner(1), customer(5));
        insertRequesting(partner(1), customer(6), BILLING_AND_SUPPORT, Optional.of(Duration.ofDays(1)));
        Delegation ended = connectFor(partner(1), customer(7), Duration.ofDays(1), T1, false);
        update(ended.end(T1.plus(Duration.ofDays(1))));
        Delegation renewing = connectFor(partner(2), customer(8), Duration.ofDays(3), T1, true);

        List<Delegation> due = findEndingUnnoticed(threshold, 100);

        assertThat(due).containsExactly(renewing, endsEarlier, endsAtThreshold);
        assertThat(findEndingUnnoticed(threshold, 2)).containsExactly(renewing, endsEarlier);
        assertThat(findEndingUnnoticed(T1, 100)).isEmpty();
    }

    @Test
    public void locksConnectedDelegationsWhosePeriodEndedEarliestFirstAndBatchByBatch() {
        Instant now = T1.plus(TERM);
        Delegation endsNow = connectFor(partner(1), customer(1), TERM, T1, false);
        Delegation endedEarlier = connectFor(partner(1), customer(2), Duration.ofDays(10), T1, false);
        connectFor(partner(1), customer(3), TERM, T1.plusNanos(1_000), false);
        connect(partner(1), customer(4));
        Delegation toRenew = connectFor(partner(1), customer(5), Duration.ofDays(5), T1, true);
        Delegation ended = connectFor(partner(1), customer(6), Duration.ofDays(1), T1, false);
        update(ended.end(T1.plus(Duration.ofDays(1))));
        Delegation removed = connectFor(partner(1), customer(7), Duration.ofDays(1), T1, false);
        update(removed.remove(T2));
        Delegation shortened = connect(partner(2), customer(8));
        shortened = update(shortened.withGrant(shortened.grant().reducedTo(shortened.roles(), Optional.of(T2))));
        insertRequesting(partner(1), customer(9), BILLING_AND_SUPPORT, Optional.of(Duration.ofDays(1)));

        assertThat(lockEndedConnected(now, 100)).containsExactly(shortened, toRenew, endedEarlier, endsNow);

        List<Delegation> seen = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            List<Delegation> batch = inTransaction(tx -> {
                List<Delegation> due = tx.lockEndedConnected(now, 3);
                due.forEach(d -> tx.update(d.end(now)));
                return due;
            });
            assertThat(batch).hasSize(round == 0 ? 3 : round == 1 ? 1 : 0);
            seen.addAll(batch);
        }
        assertThat(seen).containsExactly(shortened, toRenew, endedEarlier, endsNow);
        assertThat(find(endsNow.id()).orElseThrow().status()).isEqualTo(DelegationStatus.ENDED);
    }

    /**
     * Two sweeps at once, as two nodes run them: the first holds the earliest delegation while the
     * second runs. A store that skips locked rows ({@link #skipsLockedRows()}) lets the second
     * take the others at once; any store lets no delegation be taken twice, and every one ends once.
     */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    public void twoSweepsAtOnceNeverTakeTheSameDelegationAndEndEachOnce() throws Exception {
        Instant now = T1.plus(TERM);
        List<Delegation> due = new ArrayList<>();
        for (int n = 1; n <= 4; n++) {
            due.add(connectFor(partner(1), customer(n), Duration.ofDays(n), T1, false));
        }
        CountDownLatch firstHolds = new CountDownLatch(1);
        CountDownLatch secondDone = new CountDownLatch(1);
        List<DelegationId> firstTook = new CopyOnWriteArrayList<>();
        List<DelegationId> secondTook = new CopyOnWriteArrayList<>();
        boolean[] secondDoneWhileFirstHeld = new boolean[1];
        ExecutorService pool = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "contract-sweep");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Future<?> first = pool.submit(() -> {
                write(tx -> {
                    List<Delegation> held = tx.lockEndedConnected(now, 1);
                    held.forEach(d -> firstTook.add(d.id()));
                    firstHolds.countDown();
                    try {
                        // A store that makes the second sweep wait for this one would wait here in vain: hold briefly then.
                        secondDoneWhileFirstHeld[0] = secondDone.await(skipsLockedRows() ? CONCURRENCY_TIMEOUT_SECONDS * 1_000 : 300,
                                TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    held.forEach(d -> tx.update(d.end(now)));
                });
                return null;
            });
            assertThat(firstHolds.await(CONCURRENCY_TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("the first sweep holds its delegation").isTrue();
            Future<?> second = pool.submit(() -> {
                try {
                    write(tx -> {
                        List<Delegation> taken = tx.lockEndedConnected(now, 10);
                        taken.forEach(d -> secondTook.add(d.id()));
                        taken.forEach(d -> tx.update(d.end(now)));
                    });
                } finally {
                    secondDone.countDown();
                }
                return null;
            });
            first.get(CONCURRENCY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            second.get(CONCURRENCY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        assertThat(firstTook).containsExactly(due.get(0).id());
        assertThat(secondTook).doesNotContainAnyElementsOf(firstTook);
        List<DelegationId> all = new ArrayList<>(firstTook);
        all.addAll(secondTook);
        assertThat(all).containsExactlyInAnyOrderElementsOf(due.stream().map(Delegation::id).toList());
        for (Delegation d : due) {
            assertThat(find(d.id())).contains(d.end(now));
        }
        if (skipsLockedRows()) {
            assertThat(secondDoneWhileFirstHeld[0]).as("the second sweep skipped the held delegation instead of waiting").isTrue();
        }
    }

    // ------------------------------------------------------------------ the audit trail of a tenant

    @Test
    public void auditEventsKeepTheirRolesEndDateAndReason() {
        Delegation d = connect(partner(1), customer(1));
        AuditEvent login = new AuditEvent(newAuditEventId(), AuditEventType.DELEGATED_LOGIN, Optional.of(d.id()), d.customerTenant(),
                d.partnerTenant(), UserId.of("user-1"), Optional.of(DelegationStatus.CONNECTED), Optional.of(DelegationStatus.CONNECTED),
                T2, BILLING_AND_SUPPORT, Optional.empty(), Optional.of("Ticket #4711: Rechnung für Kunde-Ü 客户"));
        AuditEvent reduced = new AuditEvent(newAuditEventId(), AuditEventType.GRANT_REDUCED, Optional.of(d.id()), d.customerTenant(),
                d.customerTenant(), UserId.of("admin-1"), Optional.of(DelegationStatus.CONNECTED), Optional.of(DelegationStatus.CONNECTED),
                T2.plusSeconds(1), Set.of(RoleKey.of("billing:read")), Optional.of(T2.plus(TERM)), Optional.empty());
        AuditEvent plain = delegationEvent(d, AuditEventType.INVITATION_RESENT, DelegationStatus.CONNECTED, DelegationStatus.CONNECTED,
                T2.plusSeconds(2));
        AuditEvent longest = new AuditEvent(newAuditEventId(), AuditEventType.DELEGATED_LOGIN, Optional.of(d.id()), d.customerTenant(),
                d.partnerTenant(), UserId.of("user-2"), Optional.of(DelegationStatus.CONNECTED), Optional.of(DelegationStatus.CONNECTED),
                T2.plusSeconds(3), Set.of(RoleKey.TENANT_ADMINISTRATOR), Optional.empty(), Optional.of("ü".repeat(200)));
        AuditEvent withoutEither = delegationEvent(d, AuditEventType.INVITATION_RESENT, DelegationStatus.CONNECTED,
                DelegationStatus.CONNECTED, T2.plusSeconds(4));

        // Several in one unit of work, as a use case appends them: a store may write them as one insert.
        write(tx -> {
            tx.append(login);
            tx.append(reduced);
            tx.append(plain);
        });
        write(tx -> {
            tx.append(longest);
            tx.append(withoutEither);
        });

        assertThat(auditTrail(d.id())).containsExactly(login, reduced, plain, longest, withoutEither);
        assertThat(auditTrail(d.id()).get(0).reason()).contains("Ticket #4711: Rechnung für Kunde-Ü 客户");
        assertThat(auditTrail(d.id()).get(1).endsAt()).contains(T2.plus(TERM));
        assertThat(auditTrail(d.id()).get(2).roles()).isEmpty();
    }

    @Test
    public void theAuditTrailOfATenantHoldsWhatConcernsItAsCustomerOrPartnerNotWhereItOnlyActedInAppendOrder() {
        Delegation ofCustomer = connect(partner(1), customer(1));
        Delegation ofOthers = connect(partner(2), customer(2));
        known(customer(3));
        Instant from = T2;
        Instant to = T2.plus(Duration.ofHours(1));
        AuditEvent before = delegationEvent(ofCustomer, AuditEventType.INVITATION_RESENT, DelegationStatus.CONNECTED,
                DelegationStatus.CONNECTED, from.minusNanos(1_000));
        AuditEvent byPartner = delegationEvent(ofCustomer, AuditEventType.INVITATION_RESENT, DelegationStatus.CONNECTED,
                DelegationStatus.CONNECTED, from);
        AuditEvent byCustomer = new AuditEvent(newAuditEventId(), AuditEventType.GRANT_REDUCED, Optional.of(ofCustomer.id()),
                ofCustomer.customerTenant(), ofCustomer.customerTenant(), UserId.of("admin-of-customer-1"),
                Optional.of(DelegationStatus.CONNECTED), Optional.of(DelegationStatus.CONNECTED), from.plusSeconds(10));
        AuditEvent byOperator = new AuditEvent(newAuditEventId(), AuditEventType.DELEGATION_ENDED, Optional.of(ofCustomer.id()),
                ofCustomer.customerTenant(), TenantFixtures.HOST, UserId.of("operator"), Optional.of(DelegationStatus.CONNECTED),
                Optional.of(DelegationStatus.ENDED), from.plusSeconds(20));
        AuditEvent ofTheOtherPair = delegationEvent(ofOthers, AuditEventType.INVITATION_RESENT, DelegationStatus.CONNECTED,
                DelegationStatus.CONNECTED, from.plusSeconds(30));
        AuditEvent partnersPermission = permissionEvent(partner(1).id(), AuditEventType.PARTNER_PERMISSION_GRANTED, from.plusSeconds(40));
        AuditEvent customerActsElsewhere = new AuditEvent(newAuditEventId(), AuditEventType.PARTNER_PERMISSION_GRANTED, Optional.empty(),
                customer(3).id(), customer(1).id(), UserId.of("admin-of-customer-1"), Optional.empty(), Optional.empty(),
                from.plusSeconds(50));
        AuditEvent appendedLateButEarlier = delegationEvent(ofCustomer, AuditEventType.INVITATION_RESENT, DelegationStatus.CONNECTED,
                DelegationStatus.CONNECTED, from.plusSeconds(5));
        AuditEvent atTheEnd = delegationEvent(ofCustomer, AuditEventType.INVITATION_RESENT, DelegationStatus.CONNECTED,
                DelegationStatus.CONNECTED, to);
        for (AuditEvent e : List.of(before, byPartner, byCustomer, byOperator, ofTheOtherPair, partnersPermission, customerActsElsewhere,
                appendedLateButEarlier, atTheEnd)) {
            write(tx -> tx.append(e));
        }

        assertThat(auditOfTenant(customer(1).id(), from, to, Optional.empty(), 100))
                .as("not where its users acted on another tenant").containsExactly(byPartner, byCustomer, byOperator, appendedLateButEarlier);
        assertThat(auditOfTenant(partner(1).id(), from, to, Optional.empty(), 100))
                .as("the partner's own acts, its permission, and what others did on its delegations")
                .containsExactly(byPartner, byCustomer, byOperator, partnersPermission, appendedLateButEarlier);
        assertThat(auditOfTenant(TenantFixtures.HOST, from, to, Optional.empty(), 100))
                .as("the operators' tenant does not see the tenants they acted on").isEmpty();
        assertThat(auditOfTenant(customer(2).id(), from, to, Optional.empty(), 100)).containsExactly(ofTheOtherPair);
        assertThat(auditOfTenant(partner(2).id(), from, to, Optional.empty(), 100)).containsExactly(ofTheOtherPair);
        assertThat(auditOfTenant(customer(3).id(), from, to, Optional.empty(), 100)).containsExactly(customerActsElsewhere);
        assertThat(auditOfTenant(TenantId.of("nobody"), from, to, Optional.empty(), 100)).isEmpty();
        assertThat(auditOfTenant(customer(1).id(), from.minusNanos(1_000), to.plusNanos(1_000), Optional.empty(), 100))
                .containsExactly(before, byPartner, byCustomer, byOperator, appendedLateButEarlier, atTheEnd);
        assertThat(auditOfTenant(customer(1).id(), from.plusSeconds(6), from.plusSeconds(21), Optional.empty(), 100))
                .containsExactly(byCustomer, byOperator);
    }

    @Test
    public void theAuditTrailOfATenantPagesAfterAnEventWithinItsRange() {
        Delegation ofCustomer = connect(partner(1), customer(1));
        Delegation ofOthers = connect(partner(2), customer(2));
        List<AuditEvent> concerning = new ArrayList<>();
        AuditEvent others = null;
        for (int i = 0; i < 7; i++) {
            AuditEvent e = delegationEvent(ofCustomer, AuditEventType.INVITATION_RESENT, DelegationStatus.CONNECTED,
                    DelegationStatus.CONNECTED, T2.plusSeconds(i));
            concerning.add(e);
            write(tx -> tx.append(e));
            if (i == 3) {
                others = delegationEvent(ofOthers, AuditEventType.INVITATION_RESENT, DelegationStatus.CONNECTED,
                        DelegationStatus.CONNECTED, T2.plusSeconds(i));
                AuditEvent appended = others;
                write(tx -> tx.append(appended));
            }
        }
        Instant to = T2.plus(Duration.ofDays(1));

        List<AuditEvent> paged = new ArrayList<>();
        Optional<AuditEventId> after = Optional.empty();
        for (int page = 0; page < 10; page++) {
            List<AuditEvent> events = auditOfTenant(customer(1).id(), T2, to, after, 3);
            assertThat(events.size()).isLessThanOrEqualTo(3);
            if (events.isEmpty()) {
                break;
            }
            paged.addAll(events);
            after = Optional.of(events.get(events.size() - 1).id());
        }

        assertThat(paged).containsExactlyElementsOf(concerning);
        assertThat(auditOfTenant(customer(1).id(), T2, to, Optional.of(others.id()), 100))
                .as("after another tenant's event: the events appended after it").containsExactlyElementsOf(concerning.subList(4, 7));
        assertThat(auditOfTenant(customer(1).id(), T2, T2.plusSeconds(5), Optional.of(concerning.get(1).id()), 2))
                .containsExactly(concerning.get(2), concerning.get(3));
        assertThat(auditOfTenant(customer(1).id(), T2, to, Optional.of(newAuditEventId()), 100)).as("after an unknown event").isEmpty();
    }

    // ------------------------------------------------------------------ helpers for subclasses

    /** Two roles, given out of their natural order: a store keeps the set, not the text it was given in. */
    protected static final Set<RoleKey> BILLING_AND_SUPPORT = RoleKey.setOf("support:tickets", "billing:read");
    /** The period of the grant tests. */
    protected static final Duration TERM = Duration.ofDays(30);

    /**
     * Whether the store skips rows another unit of work holds in {@link DelegationTransaction#lockEndedConnected}
     * (a database's {@code FOR UPDATE SKIP LOCKED}) rather than waiting for them; the port allows either.
     * A store that skips says so, and the sweep contract then checks that a second sweep does not wait.
     */
    protected boolean skipsLockedRows() {
        return false;
    }

    /** A PENDING delegation of the partner to the customer requesting these roles for this term, created at {@link ContractAssertions#T0}. */
    protected Delegation insertRequesting(Tenant partner, Tenant customer, Set<RoleKey> roles, Optional<Duration> term) {
        known(partner);
        known(customer);
        return insert(Delegation.pending(newDelegationId(), partner.id(), customer, AccessGrant.requested(roles, term), T0));
    }

    /**
     * A delegation requesting {@link #BILLING_AND_SUPPORT} for {@code term} (null for no end date),
     * accepted at {@code acceptedAt}: its period ends at {@code acceptedAt + term}.
     */
    protected Delegation connectFor(Tenant partner, Tenant customer, Duration term, Instant acceptedAt, boolean autoRenew) {
        return update(insertRequesting(partner, customer, BILLING_AND_SUPPORT, Optional.ofNullable(term))
                .accept(acceptedAt, autoRenew, false));
    }

    /** The CONNECTED delegation with a change request for {@link #BILLING_AND_SUPPORT} and {@link #TERM}, made at {@link #T2}. */
    protected Delegation requestingChange(Delegation connected) {
        return update(connected.withRequestedChange(Optional.of(new GrantChange(BILLING_AND_SUPPORT, Optional.of(TERM), T2))));
    }

    protected List<Delegation> findExpiredChangeRequests(Instant now, int limit) {
        return inTransaction(tx -> tx.findExpiredChangeRequests(now, limit));
    }

    protected List<Delegation> findEndingUnnoticed(Instant threshold, int limit) {
        return inTransaction(tx -> tx.findEndingUnnoticed(threshold, limit));
    }

    /** {@link DelegationTransaction#lockEndedConnected} in a unit of work of its own (the locks go with it). */
    protected List<Delegation> lockEndedConnected(Instant now, int limit) {
        return inTransaction(tx -> tx.lockEndedConnected(now, limit));
    }

    protected List<Delegation> listEndingBy(TenantId partner, Set<DelegationStatus> statuses, Optional<Instant> endingBy,
                                            Optional<AccountCursor> after, int limit) {
        return inTransaction(tx -> tx.listByPartner(partner, statuses, endingBy, after, limit));
    }

    protected List<AuditEvent> auditOfTenant(TenantId tenant, Instant from, Instant to, Optional<AuditEventId> after, int limit) {
        return inTransaction(tx -> tx.auditEventsOfTenant(tenant, from, to, after, limit));
    }

    /** The delegations in list order. */
    protected static List<Delegation> sorted(Delegation... delegations) {
        return java.util.Arrays.stream(delegations).sorted(LIST_ORDER).toList();
    }

    /** Registers the tenant with the fixture the first time a test uses it; returns it. */
    protected Tenant known(Tenant tenant) {
        if (registered.add(tenant.id())) {
            fixture.register(tenant);
        }
        return tenant;
    }

    /** Customer {@code n} of the listing tests, with emails of mixed case and punctuation. */
    protected static Tenant listCustomer(int n) {
        String email = switch (n % 4) {
            case 0 -> "Admin@Customer" + n + ".Example";
            case 1 -> "admin@customer" + n + ".example";
            case 2 -> "admin-" + n + "@customers.example";
            default -> "admin_" + n + "@Customers.example";
        };
        return new Tenant(TenantId.of("list-customer-" + n), AccountNumber.of("L-" + n), EmailAddress.of(email), false);
    }

    protected DelegationId newDelegationId() {
        return DelegationId.of(Ids.randomUuid(random));
    }

    protected TokenHash newTokenHash() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return TokenHash.of(bytes);
    }

    protected NotificationId newNotificationId() {
        return new NotificationId(Ids.randomUuid(random));
    }

    protected AuditEventId newAuditEventId() {
        return new AuditEventId(Ids.randomUuid(random));
    }

    protected <T> T inTransaction(DelegationStore.UnitOfWork<T> work) {
        return store.inTransaction(work);
    }

    protected void write(Consumer<DelegationTransaction> work) {
        store.inTransaction(tx -> {
            work.accept(tx);
            return null;
        });
    }

    protected Delegation insert(Delegation delegation) {
        write(tx -> tx.insert(delegation));
        return delegation;
    }

    /** A PENDING delegation of the partner to the customer, created at {@link ContractAssertions#T0} and stored. */
    protected Delegation insertPending(Tenant partner, Tenant customer) {
        known(partner);
        known(customer);
        return insert(Delegation.pending(newDelegationId(), partner.id(), customer, T0));
    }

    protected Delegation update(Delegation delegation) {
        write(tx -> tx.update(delegation));
        return delegation;
    }

    /** A delegation of the partner to the customer, stored PENDING and then accepted at {@link #T1}. */
    protected Delegation connect(Tenant partner, Tenant customer) {
        return update(insertPending(partner, customer).accept(T1));
    }

    protected Optional<Delegation> find(DelegationId id) {
        return inTransaction(tx -> tx.findDelegation(id));
    }

    protected Optional<Delegation> findOpen(Tenant partner, Tenant customer) {
        return inTransaction(tx -> tx.findOpenDelegation(partner.id(), customer.id()));
    }

    protected Optional<Delegation> findConnected(Tenant customer) {
        return inTransaction(tx -> tx.findConnectedDelegation(customer.id()));
    }

    protected List<Delegation> list(TenantId partner, Set<DelegationStatus> statuses, Optional<AccountCursor> after, int limit) {
        return inTransaction(tx -> tx.listByPartner(partner, statuses, after, limit));
    }

    /** Every non-empty page of the partner's list, following the cursor until a page comes back empty. */
    protected List<List<Delegation>> pages(TenantId partner, Set<DelegationStatus> statuses, int limit) {
        List<List<Delegation>> pages = new ArrayList<>();
        Optional<AccountCursor> after = Optional.empty();
        for (int guard = 0; guard < 1_000; guard++) {
            List<Delegation> page = list(partner, statuses, after, limit);
            assertThat(page.size()).as("page size").isLessThanOrEqualTo(limit);
            if (page.isEmpty()) {
                return pages;
            }
            pages.add(page);
            after = Optional.of(AccountCursor.after(page.get(page.size() - 1)));
        }
        throw new AssertionError("paging never ended");
    }

    /** An OPEN invitation of the delegation minted at {@code createdAt}, valid for {@link #INVITATION_TTL}. */
    protected Invitation invitation(Delegation delegation, Instant createdAt) {
        return Invitation.open(newTokenHash(), delegation.id(), createdAt, createdAt.plus(INVITATION_TTL));
    }

    protected Invitation invitationExpiringAt(Delegation delegation, Instant expiresAt) {
        return Invitation.open(newTokenHash(), delegation.id(), expiresAt.minus(INVITATION_TTL), expiresAt);
    }

    protected Invitation insertInvitation(Invitation invitation) {
        write(tx -> tx.insertInvitation(invitation));
        return invitation;
    }

    protected Optional<Invitation> findInvitation(TokenHash hash) {
        return inTransaction(tx -> tx.findInvitation(hash));
    }

    protected List<AuditEvent> auditTrail(DelegationId id) {
        return inTransaction(tx -> tx.auditTrail(id));
    }

    protected List<AuditEvent> permissionChanges(TenantId tenant) {
        return inTransaction(tx -> tx.permissionChanges(tenant));
    }

    protected int supersedeOpenInvitations(DelegationId id) {
        return inTransaction(tx -> tx.supersedeOpenInvitations(id));
    }

    protected List<Delegation> findExpiredPending(Instant now, int limit) {
        return inTransaction(tx -> tx.findExpiredPending(now, limit));
    }

    /** An event about the delegation, acted by its partner's administrator; {@code from} may be null for "none". */
    protected AuditEvent delegationEvent(Delegation d, AuditEventType type, DelegationStatus from, DelegationStatus to, Instant at) {
        return new AuditEvent(newAuditEventId(), type, Optional.of(d.id()), d.customerTenant(), d.partnerTenant(),
                UserId.of("admin-of-" + d.partnerTenant()), Optional.ofNullable(from), Optional.ofNullable(to), at);
    }

    /** A partner permission change of the tenant, acted by an operator of the host. */
    protected AuditEvent permissionEvent(TenantId tenant, AuditEventType type, Instant at) {
        return new AuditEvent(newAuditEventId(), type, Optional.empty(), tenant, TenantFixtures.HOST, UserId.of("operator"),
                Optional.empty(), Optional.empty(), at);
    }

    /** A PENDING outbox entry for the delegation's customer, created and due at {@code at}. */
    protected OutboxEntry outboxEntry(Delegation d, NotificationType type, Instant at) {
        return OutboxEntry.pending(newNotificationId(), type, d.id(), d.customerEmail(), at);
    }

    /** The entry as a claim returns it: its attempts counted (the claim's fence); the lease is kept apart. */
    protected static OutboxEntry leased(OutboxEntry entry, int attempts) {
        return new OutboxEntry(entry.id(), entry.type(), entry.delegationId(), entry.recipient(), entry.status(), attempts,
                entry.createdAt(), entry.nextAttemptAt(), entry.deliveredAt(), entry.lastError());
    }

    @SuppressWarnings("unchecked")
    private static <T, E extends Throwable> T sneakyThrow(Throwable checked) throws E {
        throw (E) checked;
    }

    /**
     * Asserts that {@code entries} holds just the expected settled (delivered, failed or
     * discarded) entry. Its next attempt time is left out: once settled it has no meaning, and an
     * adapter may keep the lease or any other instant there.
     */
    protected static void assertSettled(List<OutboxEntry> entries, OutboxEntry expected) {
        assertThat(entries).singleElement()
                .usingRecursiveComparison()
                .ignoringFields("nextAttemptAt")
                .isEqualTo(expected);
    }

    /**
     * Runs {@code task} on {@code threads} threads at once (released together) and waits for
     * all of them, failing instead of hanging when they take longer than
     * {@link #CONCURRENCY_TIMEOUT_SECONDS}. A throwable escaping a task fails the test.
     */
    protected static void runConcurrently(int threads, Consumer<Integer> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "contract-concurrency");
            // Daemon: a thread stuck in storage must not keep the test JVM alive after the test failed.
            thread.setDaemon(true);
            return thread;
        });
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    if (!go.await(CONCURRENCY_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                        throw new AssertionError("never released");
                    }
                    task.accept(index);
                    return null;
                }));
            }
            assertThat(ready.await(CONCURRENCY_TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("all threads started").isTrue();
            go.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(CONCURRENCY_TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("all threads finished in time").isTrue();
            for (Future<?> future : futures) {
                future.get(1, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
