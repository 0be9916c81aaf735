package org.partnerdelegation.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.operator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Notification;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.OutboxEntry;
import org.partnerdelegation.core.domain.OutboxStatus;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.usecase.AccountListEntry;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.core.usecase.PartnerLink;

/**
 * The invariants under concurrent use of one facade from many threads: one partner per
 * customer, one open delegation per pair, and no session outliving its delegation. Every wait
 * is bounded, so a deadlocked adapter fails the test instead of hanging the build.
 */
public abstract class ConcurrencyContract {

    private static final int PARTNERS = 6;
    private static final int CUSTOMERS = 20;
    private static final int THREADS = 8;
    private static final long WAIT_SECONDS = 60;
    private static final String ALREADY_LINKED = "The associated account is already linked to another tenant.";

    private final List<Tenant> partners = IntStream.rangeClosed(1, PARTNERS).mapToObj(TenantFixtures::partner).toList();
    private final List<Tenant> customers = IntStream.rangeClosed(1, CUSTOMERS).mapToObj(TenantFixtures::customer).toList();
    private AdapterFixture fixture;
    private DelegationHarness h;
    private PartnerDelegation facade;
    private ExecutorService pool;

    /** A fresh, empty set of adapters; called once per test. */
    protected abstract AdapterFixture newFixture();

    @BeforeEach
    void registerManyPartnersAndCustomers() {
        fixture = newFixture();
        h = new DelegationHarness(fixture);
        facade = h.delegation;
        partners.forEach(h::register);
        customers.forEach(h::register);
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void stopThePoolAndCloseTheAdapters() throws InterruptedException {
        pool.shutdownNow();
        boolean stopped = pool.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS);
        fixture.close();
        assertThat(stopped).as("every worker thread stopped").isTrue();
    }

    /** One partner's invitation to one customer, with the token from its mail. */
    private record Invite(Tenant partner, Tenant customer, DelegationId delegationId, String token) {
    }

    /** What one acceptance did: the link, or the exception it threw. */
    private record Acceptance(Invite invitation, Optional<PartnerLink> link, Optional<Throwable> failure) {
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void everyCustomerEndsWithExactlyOnePartnerWhenAllInvitationsAreAcceptedAtOnce() throws Exception {
        List<Invite> invitations = everyPartnerInvitesEveryCustomer();
        Collections.shuffle(invitations, new Random(2026));

        List<Acceptance> acceptances = runAtOnce(invitations.stream().<Callable<Acceptance>>map(invitation -> () -> {
            try {
                return new Acceptance(invitation,
                        Optional.of(facade.acceptInvitation(adminOf(invitation.customer()), invitation.token())), Optional.empty());
            } catch (RuntimeException e) {
                return new Acceptance(invitation, Optional.empty(), Optional.of(e));
            }
        }).toList());

        List<Acceptance> won = acceptances.stream().filter(a -> a.link().isPresent()).toList();
        List<Acceptance> lost = acceptances.stream().filter(a -> a.failure().isPresent()).toList();
        assertThat(won).as("one winner per customer").hasSize(CUSTOMERS);
        assertThat(won).extracting(a -> a.invitation().customer()).doesNotHaveDuplicates();
        assertThat(won).allSatisfy(a -> {
            assertThat(a.link().orElseThrow().partnerTenant()).isEqualTo(a.invitation().partner().id());
            assertThat(a.link().orElseThrow().status()).isEqualTo(DelegationStatus.CONNECTED);
        });
        assertThat(lost).hasSize(CUSTOMERS * (PARTNERS - 1));
        assertThat(lost).allSatisfy(a -> {
            Throwable failure = a.failure().orElseThrow();
            assertThat(failure).isInstanceOf(DelegationException.class);
            assertThat(((DelegationException) failure).code()).as("code of: %s", failure).isEqualTo(ErrorCode.ALREADY_LINKED_TO_ANOTHER_TENANT);
            assertThat(failure).hasMessage(ALREADY_LINKED);
        });

        Map<Tenant, Invite> winners = new HashMap<>();
        won.forEach(a -> winners.put(a.invitation().customer(), a.invitation()));
        for (Tenant customer : customers) {
            Invite winner = winners.get(customer);
            assertThat(facade.currentPartner(adminOf(customer))).hasValueSatisfying(link ->
                    assertThat(link.delegationId()).isEqualTo(winner.delegationId()));
            assertThat(connectedRowsFor(customer)).as("CONNECTED rows for %s over all partners", customer.id()).isEqualTo(1);
            List<AuditEvent> accepted = invitations.stream()
                    .filter(i -> i.customer().equals(customer))
                    .flatMap(i -> AuditTrails.whole(facade, operator(), i.delegationId()).stream())
                    .filter(e -> e.type() == AuditEventType.INVITATION_ACCEPTED)
                    .toList();
            assertThat(accepted).as("INVITATION_ACCEPTED events of %s", customer.id())
                    .singleElement().satisfies(e -> assertThat(e.delegationId()).contains(winner.delegationId()));
        }
        for (Acceptance loser : lost) {
            assertThat(statusOf(loser.invitation().delegationId())).isEqualTo(DelegationStatus.PENDING);
        }
        h.dispatcher.drain();
        for (Tenant customer : customers) {
            assertThat(h.notifier.deliveredTo(customer.administratorEmail())).map(Notification::type)
                    .filteredOn(t -> t == NotificationType.ACCEPTANCE_CONFIRMATION).hasSize(1);
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void addingTheSameCustomersConcurrentlyCreatesOneOpenDelegationPerPair() throws Exception {
        List<Callable<AccountListEntry>> adds = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (Tenant partner : partners) {
                for (Tenant customer : customers) {
                    adds.add(() -> facade.addCustomerAccount(adminOf(partner), customer.administratorEmail()));
                }
            }
        }
        Collections.shuffle(adds, new Random(7));

        List<AccountListEntry> rows = runAtOnce(adds);

        assertThat(rows).extracting(AccountListEntry::delegationId).doesNotContainNull().hasSize(adds.size());
        assertThat(rows.stream().map(AccountListEntry::delegationId).distinct()).hasSize(PARTNERS * CUSTOMERS);
        for (Tenant partner : partners) {
            List<AccountListEntry> list = facade.listAccounts(adminOf(partner),
                    AccountQuery.firstPage().withStatuses(EnumSet.allOf(DelegationStatus.class))).items();
            assertThat(list).as("account list of %s", partner.id()).hasSize(CUSTOMERS)
                    .extracting(AccountListEntry::email).doesNotHaveDuplicates();
            for (AccountListEntry row : list) {
                assertThat(AuditTrails.whole(facade, operator(), row.delegationId())).extracting(AuditEvent::type)
                        .containsExactly(AuditEventType.CUSTOMER_ADDED);
            }
        }
        List<OutboxEntry> outbox = fixture.delegationStore().outboxEntries(OutboxStatus.PENDING, 10_000);
        assertThat(outbox).as("one invitation per delegation").hasSize(PARTNERS * CUSTOMERS)
                .extracting(OutboxEntry::delegationId).doesNotHaveDuplicates();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void noSessionValidatesOnceItsDelegationIsDeletedEvenWhenLoginsRaceTheDeletion() throws Exception {
        Tenant partner = partners.get(0);
        List<DelegationId> delegations = customers.stream().map(customer -> h.connect(partner, customer)).toList();
        List<Callable<Optional<String>>> work = new ArrayList<>();
        for (DelegationId id : delegations) {
            for (int i = 0; i < 5; i++) {
                work.add(() -> {
                    try {
                        IssuedSession session = facade.loginToCustomer(adminOf(partner), id);
                        return Optional.of(session.token().reveal());
                    } catch (DelegationException e) {
                        assertThat(e.code()).as("a login losing to the deletion").isEqualTo(ErrorCode.DELEGATION_NOT_FOUND);
                        return Optional.empty();
                    }
                });
            }
            work.add(() -> {
                facade.deleteAccount(adminOf(partner), id);
                return Optional.empty();
            });
        }
        Collections.shuffle(work, new Random(11));

        List<String> sessions = runAtOnce(work).stream().flatMap(Optional::stream).toList();

        delegations.forEach(id -> assertThat(statusOf(id)).isEqualTo(DelegationStatus.REMOVED));
        assertThat(sessions).allSatisfy(token -> {
            assertThat(facade.validateSession(token)).as("a session of a deleted delegation").isEmpty();
            assertThat(fixture.sessionIssuer().introspect(SecretToken.parse(token).hash())).isPresent();
        });
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void noSessionValidatesOnceThePartnerPermissionIsRevokedEvenWhenLoginsRaceTheRevocation() throws Exception {
        Tenant partner = partners.get(0);
        List<DelegationId> delegations = customers.stream().map(customer -> h.connect(partner, customer)).toList();
        List<Callable<Optional<String>>> work = new ArrayList<>();
        for (DelegationId id : delegations) {
            for (int i = 0; i < 3; i++) {
                work.add(() -> {
                    try {
                        return Optional.of(facade.loginToCustomer(adminOf(partner), id).token().reveal());
                    } catch (DelegationException e) {
                        assertThat(e.code()).as("a login losing to the revocation").isEqualTo(ErrorCode.PARTNER_PERMISSION_REQUIRED);
                        return Optional.empty();
                    }
                });
            }
        }
        work.add(work.size() / 2, () -> {
            facade.revokePartnerPermission(operator(), partner.id());
            return Optional.empty();
        });

        List<String> sessions = runAtOnce(work).stream().flatMap(Optional::stream).toList();

        assertThat(sessions).allSatisfy(token ->
                assertThat(facade.validateSession(token)).as("a session of a partner without the permission").isEmpty());
        delegations.forEach(id -> assertThat(statusOf(id)).as("the delegations stay").isEqualTo(DelegationStatus.CONNECTED));
    }

    // ------------------------------------------------------------------ helpers

    private List<Invite> everyPartnerInvitesEveryCustomer() {
        Map<DelegationId, Invite> byDelegation = new HashMap<>();
        List<Invite> all = new ArrayList<>();
        for (Tenant partner : partners) {
            for (Tenant customer : customers) {
                DelegationId id = facade.addCustomerAccount(adminOf(partner), customer.administratorEmail()).delegationId();
                byDelegation.put(id, new Invite(partner, customer, id, null));
            }
        }
        h.dispatcher.drain();
        for (Notification n : h.notifier.delivered()) {
            Invite pending = byDelegation.get(n.delegationId());
            if (n.type() == NotificationType.INVITATION && pending != null) {
                all.add(new Invite(pending.partner(), pending.customer(), pending.delegationId(),
                        n.invitationToken().orElseThrow().reveal()));
            }
        }
        assertThat(all).hasSize(PARTNERS * CUSTOMERS);
        return all;
    }

    /**
     * Submits every task to the pool, holds them all at a start gate, opens it, and waits for
     * each with a bound. A task's exception (an assertion error included) fails the test.
     */
    private <T> List<T> runAtOnce(List<Callable<T>> tasks) throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> task : tasks) {
            futures.add(pool.submit(() -> {
                if (!gate.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                    throw new AssertionError("the start gate never opened");
                }
                return task.call();
            }));
        }
        gate.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get(WAIT_SECONDS, TimeUnit.SECONDS));
        }
        return results;
    }

    private long connectedRowsFor(Tenant customer) {
        long rows = 0;
        for (Tenant partner : partners) {
            rows += facade.listAccounts(adminOf(partner), AccountQuery.firstPage().withStatuses(EnumSet.of(DelegationStatus.CONNECTED)))
                    .items().stream().filter(row -> row.email().equals(customer.administratorEmail())).count();
        }
        return rows;
    }

    private DelegationStatus statusOf(DelegationId id) {
        return fixture.delegationStore().inTransaction(tx -> tx.findDelegation(id)).orElseThrow().status();
    }
}
