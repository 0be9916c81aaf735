package org.partnerdelegation.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.partnerdelegation.core.contract.ContractAssertions.assertFailsWith;
import static org.partnerdelegation.core.contract.ScenarioSupport.invitationTokenOf;
import static org.partnerdelegation.core.contract.ScenarioSupport.mailOf;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.operator;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
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
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.usecase.AccountAction;
import org.partnerdelegation.core.usecase.AccountListEntry;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.DelegationSettings;
import org.partnerdelegation.core.usecase.GrantRequest;
import org.partnerdelegation.core.usecase.GrantRules;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.core.usecase.PartnerLink;
import org.partnerdelegation.core.usecase.SessionQuery;

/**
 * A CONNECTED delegation whose access ended ({@code accessUntil} passed) before the time-limit
 * job records it (issue 17, point 5): every use case answers as it will once the job has run.
 * Adding the customer again, by the same partner or another, goes on as after the end; every
 * action on the delegation, by the partner or the customer, is refused as for an ENDED one. Each
 * edge is tried a microsecond before the end, at it and after it.
 */
public abstract class EndedConnectionContract {

    private static final Tenant PARTNER = partner(1);
    private static final Tenant OTHER_PARTNER = partner(2);
    private static final Tenant CUSTOMER = customer(1);
    private static final Tenant OTHER_CUSTOMER = customer(2);
    private static final Tenant THIRD_CUSTOMER = customer(3);
    private static final Instant START = MutableClock.START;
    private static final Duration TERM = Duration.ofDays(30);
    private static final Instant END = START.plus(TERM);
    private static final Duration MICROSECOND = Duration.ofNanos(1000);
    private static final GrantRequest BILLING_AND_TICKETS = GrantRequest.roles("billing:read", "support:tickets");
    private static final GrantRequest FOR_THE_TERM = BILLING_AND_TICKETS.forTerm(TERM);

    private AdapterFixture fixture;
    private DelegationHarness h;
    private PartnerDelegation facade;

    /** A fresh, empty set of adapters; called once per test. */
    protected abstract AdapterFixture newFixture();

    @BeforeEach
    void registerTheTenants() {
        fixture = newFixture();
        useSettings(DelegationHarness.relaxedSettings());
        List.of(PARTNER, OTHER_PARTNER, CUSTOMER, OTHER_CUSTOMER, THIRD_CUSTOMER).forEach(h::register);
    }

    @AfterEach
    void closeTheAdapters() {
        fixture.close();
    }

    /** A facade with these settings over the same adapters (the tenants registered stay). */
    private void useSettings(DelegationSettings settings) {
        h = new DelegationHarness(fixture, settings, LeastPrivilegeContract.CATALOGUE);
        facade = h.delegation;
    }

    // ------------------------------------------------------------------ adding the customer again

    @Test
    void anotherPartnerCanAddTheCustomerFromTheEndOfItsPartnersAccessAndTheCustomerCanAcceptIt() {
        DelegationId first = h.connect(PARTNER, CUSTOMER, FOR_THE_TERM, GrantRules.asRequested());
        DelegationId second = h.connect(PARTNER, OTHER_CUSTOMER, FOR_THE_TERM, GrantRules.asRequested());

        h.clock.set(END.minus(MICROSECOND));
        assertFailsWith(ErrorCode.ALREADY_LINKED_TO_ANOTHER_TENANT,
                () -> facade.addCustomerAccount(adminOf(OTHER_PARTNER), CUSTOMER.administratorEmail()));
        assertFailsWith(ErrorCode.ALREADY_LINKED_TO_ANOTHER_TENANT,
                () -> facade.addCustomerAccount(adminOf(OTHER_PARTNER), OTHER_CUSTOMER.administratorEmail()));

        h.clock.set(END);
        AccountListEntry atTheEnd = facade.addCustomerAccount(adminOf(OTHER_PARTNER), CUSTOMER.administratorEmail());
        h.clock.set(END.plus(MICROSECOND));
        AccountListEntry after = facade.addCustomerAccount(adminOf(OTHER_PARTNER), OTHER_CUSTOMER.administratorEmail());

        for (AccountListEntry added : List.of(atTheEnd, after)) {
            assertThat(added.status()).isEqualTo(DelegationStatus.PENDING);
            assertThat(added.delegationId()).isNotIn(first, second);
            assertThat(added.actions()).containsExactlyInAnyOrder(AccountAction.RESEND_INVITATION, AccountAction.DELETE_ACCOUNT);
        }
        PartnerLink accepted = facade.acceptInvitation(adminOf(CUSTOMER), invitationTokenOf(h, atTheEnd.delegationId()));
        assertThat(accepted.partnerTenant()).isEqualTo(OTHER_PARTNER.id());
        assertThat(accepted.status()).isEqualTo(DelegationStatus.CONNECTED);
        assertThat(facade.currentPartner(adminOf(CUSTOMER)).map(PartnerLink::delegationId)).contains(atTheEnd.delegationId());
        assertThat(rowOf(first)).hasValueSatisfying(row -> assertThat(row.status()).isEqualTo(DelegationStatus.ENDED));
        assertThat(AuditTrails.whole(facade, operator(), first)).extracting(AuditEvent::type).containsOnlyOnce(AuditEventType.DELEGATION_ENDED);
        assertThat(facade.enforceTimeLimits(operator()).ended()).as("the second customer's end, left to the job").isEqualTo(1);
        for (DelegationId ended : List.of(first, second)) {
            assertThat(AuditTrails.whole(facade, operator(), ended)).as("the first partner's trail never names the other partner")
                    .extracting(AuditEvent::actorTenant).doesNotContain(OTHER_PARTNER.id());
        }
    }

    @Test
    void anotherPartnersAddAfterTheJobRecordedTheEndAnswersAsBeforeIt() {
        h.connect(PARTNER, CUSTOMER, FOR_THE_TERM, GrantRules.asRequested());
        h.connect(PARTNER, OTHER_CUSTOMER, FOR_THE_TERM, GrantRules.asRequested());
        h.clock.set(END);
        AccountListEntry beforeTheJob = facade.addCustomerAccount(adminOf(OTHER_PARTNER), CUSTOMER.administratorEmail());
        facade.enforceTimeLimits(operator());

        AccountListEntry afterTheJob = facade.addCustomerAccount(adminOf(OTHER_PARTNER), OTHER_CUSTOMER.administratorEmail());

        assertThat(afterTheJob.status()).isEqualTo(beforeTheJob.status());
        assertThat(afterTheJob.actions()).isEqualTo(beforeTheJob.actions());
        assertThat(afterTheJob.roles()).isEqualTo(beforeTheJob.roles());
    }

    @Test
    void theSamePartnerAddingTheCustomerAgainFromTheEndStartsANewDelegationAndRecordsTheEndFirst() {
        DelegationId first = h.connect(PARTNER, CUSTOMER, FOR_THE_TERM, GrantRules.asRequested());
        DelegationId second = h.connect(PARTNER, OTHER_CUSTOMER, FOR_THE_TERM, GrantRules.asRequested());
        IssuedSession session = facade.loginToCustomer(adminOf(PARTNER), first);

        h.clock.set(END.minus(MICROSECOND));
        AccountListEntry stillOpen = facade.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail());
        assertThat(stillOpen.delegationId()).isEqualTo(first);
        assertThat(stillOpen.status()).isEqualTo(DelegationStatus.CONNECTED);

        h.clock.set(END);
        AccountListEntry atTheEnd = facade.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail(), BILLING_AND_TICKETS);
        h.clock.set(END.plus(MICROSECOND));
        AccountListEntry after = facade.addCustomerAccount(adminOf(PARTNER), OTHER_CUSTOMER.administratorEmail());

        assertThat(atTheEnd.delegationId()).isNotEqualTo(first);
        assertThat(after.delegationId()).isNotEqualTo(second);
        for (AccountListEntry added : List.of(atTheEnd, after)) {
            assertThat(added.status()).isEqualTo(DelegationStatus.PENDING);
        }
        assertThat(facade.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail()))
                .as("adding it once more returns the new row").isEqualTo(atTheEnd);
        // The end recorded as the job records it: ENDED, audited once, the session revoked at once, both sides told.
        assertThat(rowOf(first)).hasValueSatisfying(row -> {
            assertThat(row.status()).isEqualTo(DelegationStatus.ENDED);
            assertThat(row.actions()).isEmpty();
        });
        assertThat(AuditTrails.whole(facade, operator(), first)).extracting(AuditEvent::type)
                .containsOnlyOnce(AuditEventType.DELEGATION_ENDED);
        assertThat(facade.validateSession(session.token().reveal())).isEmpty();
        assertThat(facade.delegatedSessions(adminOf(CUSTOMER), SessionQuery.firstPage()).items())
                .singleElement().satisfies(v -> assertThat(v.revokedAt()).contains(END));
        assertThat(mailOf(h, PARTNER, NotificationType.END_NOTICE_TO_PARTNER)).hasSize(2);
        assertThat(mailOf(h, CUSTOMER, NotificationType.END_NOTICE_TO_CUSTOMER)).hasSize(1);
        assertThat(facade.enforceTimeLimits(operator()).ended()).as("nothing left for the job").isZero();

        PartnerLink again = facade.acceptInvitation(adminOf(CUSTOMER), invitationTokenOf(h, atTheEnd.delegationId()));
        assertThat(again.delegationId()).isEqualTo(atTheEnd.delegationId());
        assertThat(again.status()).isEqualTo(DelegationStatus.CONNECTED);
        assertThat(again.accessUntil()).as("the new grant has no end").isEmpty();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void addsAtOnceAtTheEndWhileTheJobRunsRecordOneEndAndShareOneNewDelegation() throws Exception {
        DelegationId first = h.connect(PARTNER, CUSTOMER, FOR_THE_TERM, GrantRules.asRequested());
        h.clock.set(END);
        List<Callable<Optional<DelegationId>>> calls = new ArrayList<>();
        for (int n = 0; n < 8; n++) {
            calls.add(() -> Optional.of(facade.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail()).delegationId()));
        }
        calls.add(3, () -> {
            facade.enforceTimeLimits(operator());
            return Optional.empty();
        });

        List<Optional<DelegationId>> results = runAtOnce(calls);

        List<DelegationId> added = results.stream().flatMap(Optional::stream).distinct().toList();
        assertThat(added).as("every add answers the one new delegation").singleElement().isNotEqualTo(first);
        assertThat(AuditTrails.whole(facade, operator(), first)).extracting(AuditEvent::type).containsOnlyOnce(AuditEventType.DELEGATION_ENDED);
        assertThat(AuditTrails.whole(facade, operator(), added.get(0))).extracting(AuditEvent::type)
                .containsExactly(AuditEventType.CUSTOMER_ADDED);
        assertThat(facade.listAccounts(adminOf(PARTNER), AccountQuery.firstPage().withStatuses(EnumSet.allOf(DelegationStatus.class)))
                .items()).extracting(AccountListEntry::delegationId, AccountListEntry::status)
                .containsExactlyInAnyOrder(tuple(first, DelegationStatus.ENDED), tuple(added.get(0), DelegationStatus.PENDING));
        assertThat(mailOf(h, CUSTOMER, NotificationType.INVITATION)).as("one new invitation").hasSize(2);
        assertThat(mailOf(h, CUSTOMER, NotificationType.END_NOTICE_TO_CUSTOMER)).hasSize(1);
    }

    @Test
    void theCoolDownAppliesToAnAddAtTheEndAsItDoesOnceTheJobRecordedTheEnd() {
        useSettings(DelegationHarness.relaxedSettings().withInvitationCooldown(Duration.ofDays(1))
                .withTermBounds(Duration.ofHours(1), DelegationSettings.DEFAULT_MAX_TERM));
        // The other partner's earlier invitation, declined: the cool-down of that pair runs from it too.
        DelegationId declined = facade.addCustomerAccount(adminOf(OTHER_PARTNER), CUSTOMER.administratorEmail()).delegationId();
        facade.declineInvitation(adminOf(CUSTOMER), invitationTokenOf(h, declined));
        DelegationId first = h.connect(PARTNER, CUSTOMER, BILLING_AND_TICKETS.forTerm(Duration.ofHours(1)),
                GrantRules.asRequested());
        Instant end = START.plus(Duration.ofHours(1));
        Instant retryAt = START.plus(Duration.ofDays(1));

        h.clock.set(end);
        DelegationException samePartner = assertFailsWith(ErrorCode.TOO_MANY_REQUESTS,
                () -> facade.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail()));
        DelegationException otherPartner = assertFailsWith(ErrorCode.TOO_MANY_REQUESTS,
                () -> facade.addCustomerAccount(adminOf(OTHER_PARTNER), CUSTOMER.administratorEmail()));

        assertThat(samePartner.retryAt()).contains(retryAt);
        assertThat(otherPartner.retryAt()).contains(retryAt);
        assertThat(AuditTrails.whole(facade, operator(), first)).as("a refused add records no end")
                .extracting(AuditEvent::type).doesNotContain(AuditEventType.DELEGATION_ENDED);
        assertThat(facade.enforceTimeLimits(operator()).ended()).isEqualTo(1);
        assertThat(assertFailsWith(ErrorCode.TOO_MANY_REQUESTS,
                () -> facade.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail())).retryAt()).contains(retryAt);
        assertThat(assertFailsWith(ErrorCode.TOO_MANY_REQUESTS,
                () -> facade.addCustomerAccount(adminOf(OTHER_PARTNER), CUSTOMER.administratorEmail())).retryAt()).contains(retryAt);

        h.clock.set(retryAt);
        assertThat(facade.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail()).status())
                .isEqualTo(DelegationStatus.PENDING);
    }

    // ------------------------------------------------------------------ the partner's actions on the ended delegation

    @Test
    void resendingAtTheEndIsRefusedAsForAnEndedDelegation() {
        DelegationId id = h.connect(PARTNER, CUSTOMER, FOR_THE_TERM, GrantRules.asRequested());

        h.clock.set(END.minus(MICROSECOND));
        assertFailsWith(ErrorCode.NOT_PENDING, () -> facade.resendInvitation(adminOf(PARTNER), id));

        refusedAsOnceTheJobRecordedTheEnd(id, ErrorCode.DELEGATION_NOT_FOUND, () -> facade.resendInvitation(adminOf(PARTNER), id));
    }

    @Test
    void requestingAChangeAtTheEndIsRefusedAsEnded() {
        DelegationId id = h.connect(PARTNER, CUSTOMER, FOR_THE_TERM, GrantRules.asRequested());
        DelegationId twin = h.connect(PARTNER, OTHER_CUSTOMER, FOR_THE_TERM, GrantRules.asRequested());
        GrantRequest longer = BILLING_AND_TICKETS.forTerm(TERM.multipliedBy(2));

        h.clock.set(END.minus(MICROSECOND));
        assertThat(facade.requestGrantChange(adminOf(PARTNER), twin, longer).changeRequested()).isTrue();

        h.clock.set(END);
        DelegationException refused = assertFailsWith(ErrorCode.NOT_CONNECTED,
                () -> facade.requestGrantChange(adminOf(PARTNER), id, longer));
        assertThat(refused.getMessage()).contains("ended on");
        // Recorded ENDED, it is not the partner's to act on any more: the code an ENDED delegation gets.
        refusedAsOnceTheJobRecordedTheEnd(id, ErrorCode.NOT_CONNECTED, ErrorCode.DELEGATION_NOT_FOUND,
                () -> facade.requestGrantChange(adminOf(PARTNER), id, longer));
    }

    @Test
    void deletingAtTheEndIsRefusedAsForAnEndedDelegationAndRecordsNoRemoval() {
        DelegationId id = h.connect(PARTNER, CUSTOMER, FOR_THE_TERM, GrantRules.asRequested());
        DelegationId twin = h.connect(PARTNER, OTHER_CUSTOMER, FOR_THE_TERM, GrantRules.asRequested());

        h.clock.set(END.minus(MICROSECOND));
        facade.deleteAccount(adminOf(PARTNER), twin);
        assertThat(rowOf(twin)).hasValueSatisfying(row -> assertThat(row.status()).isEqualTo(DelegationStatus.REMOVED));

        refusedAsOnceTheJobRecordedTheEnd(id, ErrorCode.DELEGATION_NOT_FOUND, () -> facade.deleteAccount(adminOf(PARTNER), id));
        assertThat(AuditTrails.whole(facade, operator(), id)).extracting(AuditEvent::type)
                .doesNotContain(AuditEventType.ACCOUNT_DELETED).containsOnlyOnce(AuditEventType.DELEGATION_ENDED);
        assertThat(mailOf(h, CUSTOMER, NotificationType.REMOVAL_NOTICE_TO_CUSTOMER)).isEmpty();
    }

    @Test
    void loggingInAtTheEndIsRefusedWithTheSameAnswerAsOnceTheJobRecordedTheEnd() {
        DelegationId id = h.connect(PARTNER, CUSTOMER, FOR_THE_TERM, GrantRules.asRequested());

        h.clock.set(END.minus(MICROSECOND));
        assertThat(facade.loginToCustomer(adminOf(PARTNER), id).session().expiresAt()).isEqualTo(END);

        h.clock.set(END);
        String atTheEnd = assertFailsWith(ErrorCode.NOT_CONNECTED, () -> facade.loginToCustomer(adminOf(PARTNER), id)).getMessage();
        refusedAsOnceTheJobRecordedTheEnd(id, ErrorCode.NOT_CONNECTED, () -> facade.loginToCustomer(adminOf(PARTNER), id));
        assertThat(assertFailsWith(ErrorCode.NOT_CONNECTED, () -> facade.loginToCustomer(adminOf(PARTNER), id)).getMessage())
                .isEqualTo(atTheEnd).contains("ended on");
    }

    // ------------------------------------------------------------------ the customer's actions on the ended delegation

    @Test
    void disassociatingAtTheEndIsRefusedAsWithNoConnectedPartnerAndRecordsNoRemoval() {
        DelegationId id = h.connect(PARTNER, CUSTOMER, FOR_THE_TERM, GrantRules.asRequested());
        DelegationId twin = h.connect(PARTNER, OTHER_CUSTOMER, FOR_THE_TERM, GrantRules.asRequested());

        h.clock.set(END.minus(MICROSECOND));
        facade.disassociatePartner(adminOf(OTHER_CUSTOMER));
        assertThat(rowOf(twin)).hasValueSatisfying(row -> assertThat(row.status()).isEqualTo(DelegationStatus.REMOVED));

        refusedAsOnceTheJobRecordedTheEnd(id, ErrorCode.NOT_CONNECTED, () -> facade.disassociatePartner(adminOf(CUSTOMER)));
        assertThat(AuditTrails.whole(facade, operator(), id)).extracting(AuditEvent::type)
                .doesNotContain(AuditEventType.PARTNER_DISASSOCIATED);
        assertThat(mailOf(h, PARTNER, NotificationType.REMOVAL_NOTICE_TO_PARTNER)).hasSize(1);
    }

    @Test
    void restrictingAtTheEndIsRefusedAsWithNoConnectedPartner() {
        DelegationId id = h.connect(PARTNER, CUSTOMER, FOR_THE_TERM, GrantRules.asRequested());
        h.connect(PARTNER, OTHER_CUSTOMER, FOR_THE_TERM, GrantRules.asRequested());
        Set<RoleKey> billing = Set.of(RoleKey.of("billing:read"));

        h.clock.set(END.minus(MICROSECOND));
        assertThat(facade.restrictPartnerAccess(adminOf(OTHER_CUSTOMER), billing, Optional.empty()).roles()).hasSize(1);

        refusedAsOnceTheJobRecordedTheEnd(id, ErrorCode.NOT_CONNECTED,
                () -> facade.restrictPartnerAccess(adminOf(CUSTOMER), billing, Optional.empty()));
    }

    @Test
    void changingTheRulesAtTheEndIsRefusedAsWithNoConnectedPartner() {
        DelegationId id = h.connect(PARTNER, CUSTOMER, FOR_THE_TERM, GrantRules.asRequested());
        h.connect(PARTNER, OTHER_CUSTOMER, FOR_THE_TERM, GrantRules.asRequested());
        GrantRules reasons = GrantRules.asRequested().withReasonRequired(true);

        h.clock.set(END.minus(MICROSECOND));
        assertThat(facade.changeGrantRules(adminOf(OTHER_CUSTOMER), reasons).rules()).isEqualTo(reasons);

        refusedAsOnceTheJobRecordedTheEnd(id, ErrorCode.NOT_CONNECTED, () -> facade.changeGrantRules(adminOf(CUSTOMER), reasons));
    }

    // ------------------------------------------------------------------ helpers

    private void refusedAsOnceTheJobRecordedTheEnd(DelegationId id, ErrorCode code, ThrowingCallable call) {
        refusedAsOnceTheJobRecordedTheEnd(id, code, code, call);
    }

    /**
     * The call refused with {@code code} at the end and a microsecond after it, writing nothing (the
     * delegation's trail unchanged, the job still finding the end to record), and with
     * {@code afterTheJob} once the job recorded it.
     */
    private void refusedAsOnceTheJobRecordedTheEnd(DelegationId id, ErrorCode code, ErrorCode afterTheJob, ThrowingCallable call) {
        int trail = AuditTrails.whole(facade, operator(), id).size();
        for (Instant at : List.of(END, END.plus(MICROSECOND))) {
            h.clock.set(at);
            assertFailsWith(code, call);
        }
        assertThat(AuditTrails.whole(facade, operator(), id)).as("nothing recorded by the refusals").hasSize(trail);
        assertThat(AuditTrails.whole(facade, operator(), id)).extracting(AuditEvent::type).doesNotContain(AuditEventType.DELEGATION_ENDED);
        facade.enforceTimeLimits(operator());
        assertThat(AuditTrails.whole(facade, operator(), id)).as("the end left to the job").extracting(AuditEvent::type)
                .containsOnlyOnce(AuditEventType.DELEGATION_ENDED);
        assertFailsWith(afterTheJob, call);
    }

    /** Runs every call on its own thread, all held at one start gate; each wait is bounded, and a call's failure fails the test. */
    private static <T> List<T> runAtOnce(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch gate = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    if (!gate.await(60, TimeUnit.SECONDS)) {
                        throw new AssertionError("the start gate never opened");
                    }
                    return call.call();
                }));
            }
            gate.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).as("every worker thread stopped").isTrue();
        }
    }

    private Optional<AccountListEntry> rowOf(DelegationId id) {
        return facade.listAccounts(adminOf(PARTNER), AccountQuery.firstPage().withStatuses(EnumSet.allOf(DelegationStatus.class))
                .withLimit(100)).items().stream().filter(r -> r.delegationId().equals(id)).findFirst();
    }
}
