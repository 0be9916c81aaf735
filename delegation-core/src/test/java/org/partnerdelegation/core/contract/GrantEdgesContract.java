package org.partnerdelegation.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.ContractAssertions.assertFailsWith;
import static org.partnerdelegation.core.contract.ScenarioSupport.changeRequestTokenOf;
import static org.partnerdelegation.core.contract.ScenarioSupport.invitationTokenOf;
import static org.partnerdelegation.core.contract.ScenarioSupport.mailOf;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.operator;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.DelegableRole;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.RoleCatalogue;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.usecase.AccountAction;
import org.partnerdelegation.core.usecase.AccountListEntry;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.DelegatedSessionView;
import org.partnerdelegation.core.usecase.GrantRequest;
import org.partnerdelegation.core.usecase.GrantRules;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.LoginRequest;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.core.usecase.PartnerLink;
import org.partnerdelegation.core.usecase.SessionQuery;

/**
 * The edges of a grant (issue 17): a session's roles never grow back after a cut, however the
 * grant widens later; a delegation whose access ended reads ended at once, before the time-limit
 * job records it; and an answered link is told apart by how it was answered, not by the clock.
 */
public abstract class GrantEdgesContract {

    private static final RoleCatalogue CATALOGUE = LeastPrivilegeContract.CATALOGUE;
    private static final Tenant PARTNER = partner(1);
    private static final Tenant OTHER_PARTNER = partner(2);
    private static final Tenant CUSTOMER = customer(1);
    private static final Tenant OTHER_CUSTOMER = customer(2);
    private static final Tenant THIRD_CUSTOMER = customer(3);
    private static final Instant START = MutableClock.START;
    private static final Duration THIRTY_DAYS = Duration.ofDays(30);
    private static final RoleKey BILLING = RoleKey.of("billing:read");
    private static final RoleKey TICKETS = RoleKey.of("support:tickets");
    private static final GrantRequest BILLING_AND_TICKETS = GrantRequest.roles("billing:read", "support:tickets");

    private AdapterFixture fixture;
    private DelegationHarness h;
    private PartnerDelegation facade;

    /** A fresh, empty set of adapters; called once per test. */
    protected abstract AdapterFixture newFixture();

    @BeforeEach
    void registerTheTenants() {
        fixture = newFixture();
        h = DelegationHarness.withCatalogue(fixture, CATALOGUE);
        facade = h.delegation;
        List.of(PARTNER, OTHER_PARTNER, CUSTOMER, OTHER_CUSTOMER, THIRD_CUSTOMER).forEach(h::register);
    }

    @AfterEach
    void closeTheAdapters() {
        fixture.close();
    }

    // ------------------------------------------------------------------ a session's roles never grow

    @Test
    void aRoleCutAndGrantedAgainByAChangeRequestDoesNotComeBackToASessionIssuedBeforeTheCut() {
        DelegationId id = h.connect(PARTNER, CUSTOMER, BILLING_AND_TICKETS, GrantRules.asRequested());
        IssuedSession before = facade.loginToCustomer(adminOf(PARTNER), id);
        assertThat(before.session().roles()).containsExactly(BILLING, TICKETS);

        facade.restrictPartnerAccess(adminOf(CUSTOMER), Set.of(BILLING), Optional.empty());
        facade.requestGrantChange(adminOf(PARTNER), id, BILLING_AND_TICKETS);
        PartnerLink widened = facade.acceptInvitation(adminOf(CUSTOMER), changeRequestTokenOf(h, id));

        assertThat(widened.roles()).extracting(DelegableRole::key).containsExactly(BILLING, TICKETS);
        assertThat(facade.validateSession(before.token().reveal())).hasValueSatisfying(s ->
                assertThat(s.roles()).as("the cut role stays cut").containsExactly(BILLING));
        assertThat(sessionView(before)).satisfies(v -> {
            assertThat(v.roles()).as("stored narrowed").containsExactly(BILLING);
            assertThat(v.live()).isTrue();
        });
        IssuedSession after = facade.loginToCustomer(adminOf(PARTNER), id);
        assertThat(facade.validateSession(after.token().reveal())).hasValueSatisfying(s ->
                assertThat(s.roles()).as("a new login gets the new grant").containsExactly(BILLING, TICKETS));
    }

    @Test
    void aChangeApprovedWithFewerRolesNarrowsLiveSessionsForGoodThoughALaterChangeWidensTheGrantAgain() {
        DelegationId id = h.connect(PARTNER, CUSTOMER, BILLING_AND_TICKETS, GrantRules.asRequested());
        IssuedSession both = facade.loginToCustomer(adminOf(PARTNER), id);
        IssuedSession ticketsOnly = facade.loginToCustomer(adminOf(PARTNER), id, LoginRequest.roles("support:tickets"));

        facade.requestGrantChange(adminOf(PARTNER), id, GrantRequest.roles("billing:read"));
        facade.acceptInvitation(adminOf(CUSTOMER), changeRequestTokenOf(h, id));
        facade.requestGrantChange(adminOf(PARTNER), id, BILLING_AND_TICKETS);
        facade.acceptInvitation(adminOf(CUSTOMER), changeRequestTokenOf(h, id));

        assertThat(facade.currentPartner(adminOf(CUSTOMER)).orElseThrow().roles()).extracting(DelegableRole::key)
                .containsExactly(BILLING, TICKETS);
        assertThat(facade.validateSession(both.token().reveal())).hasValueSatisfying(s ->
                assertThat(s.roles()).containsExactly(BILLING));
        assertThat(facade.validateSession(ticketsOnly.token().reveal())).as("left with no role: ended").isEmpty();
        assertThat(sessionView(ticketsOnly).revokedAt()).contains(START);
        assertThat(facade.validateSession(facade.loginToCustomer(adminOf(PARTNER), id).token().reveal()))
                .hasValueSatisfying(s -> assertThat(s.roles()).containsExactly(BILLING, TICKETS));
    }

    @Test
    void aReasonRequiredLaterTakesTheSensitiveRolesFromLiveSessionsWithoutOneAndTheyStayTakenWhenItIsDropped() {
        DelegationId id = h.connect(PARTNER, CUSTOMER, BILLING_AND_TICKETS, GrantRules.asRequested());
        IssuedSession withoutReason = facade.loginToCustomer(adminOf(PARTNER), id);
        IssuedSession withReason = facade.loginToCustomer(adminOf(PARTNER), id, LoginRequest.allGranted().withReason("TICKET-7"));
        IssuedSession sensitiveOnly = facade.loginToCustomer(adminOf(PARTNER), id, LoginRequest.roles("support:tickets"));

        facade.changeGrantRules(adminOf(CUSTOMER), GrantRules.asRequested().withReasonRequired(true));

        assertThat(facade.validateSession(withoutReason.token().reveal())).hasValueSatisfying(s ->
                assertThat(s.roles()).containsExactly(BILLING));
        assertThat(facade.validateSession(withReason.token().reveal())).hasValueSatisfying(s ->
                assertThat(s.roles()).containsExactly(BILLING, TICKETS));
        assertThat(facade.validateSession(sensitiveOnly.token().reveal())).as("only a sensitive role: ended").isEmpty();

        facade.changeGrantRules(adminOf(CUSTOMER), GrantRules.asRequested());

        assertThat(facade.validateSession(withoutReason.token().reveal())).as("dropping the rule gives nothing back")
                .hasValueSatisfying(s -> assertThat(s.roles()).containsExactly(BILLING));
        assertThat(facade.validateSession(sensitiveOnly.token().reveal())).isEmpty();
        assertThat(facade.validateSession(facade.loginToCustomer(adminOf(PARTNER), id).token().reveal()))
                .hasValueSatisfying(s -> assertThat(s.roles()).containsExactly(BILLING, TICKETS));
    }

    @Test
    void aReasonRequiredWhenApprovingAChangeTakesTheSensitiveRolesFromLiveSessionsWithoutOne() {
        DelegationId id = h.connect(PARTNER, CUSTOMER, BILLING_AND_TICKETS, GrantRules.asRequested());
        IssuedSession withoutReason = facade.loginToCustomer(adminOf(PARTNER), id);

        facade.requestGrantChange(adminOf(PARTNER), id, BILLING_AND_TICKETS.forTerm(THIRTY_DAYS));
        facade.acceptInvitation(adminOf(CUSTOMER), changeRequestTokenOf(h, id), GrantRules.asRequested().withReasonRequired(true));

        assertThat(facade.validateSession(withoutReason.token().reveal())).hasValueSatisfying(s ->
                assertThat(s.roles()).containsExactly(BILLING));
    }

    // ------------------------------------------------------------------ ended delegations look ended at once

    @Test
    void atItsEndTheDelegationIsListedEndedWithoutActionsBeforeTheJobRunsAndTheJobChangesNothingShown() {
        DelegationId id = h.connect(PARTNER, CUSTOMER, BILLING_AND_TICKETS.forTerm(THIRTY_DAYS), GrantRules.asRequested());
        Instant end = START.plus(THIRTY_DAYS);

        h.clock.set(end.minusNanos(1000));
        assertThat(rowOf(id, DelegationStatus.OPEN)).hasValueSatisfying(row -> {
            assertThat(row.status()).isEqualTo(DelegationStatus.CONNECTED);
            assertThat(row.actions()).containsExactly(AccountAction.LOGIN, AccountAction.REQUEST_CHANGE,
                    AccountAction.DELETE_ACCOUNT);
        });
        assertThat(facade.currentPartner(adminOf(CUSTOMER))).isPresent();

        for (Instant at : List.of(end, end.plusNanos(1000), end.plus(Duration.ofDays(1)))) {
            h.clock.set(at);
            assertEndedAsTheJobRecordsIt(id);
        }
        assertThat(facade.enforceTimeLimits(operator()).ended()).isEqualTo(1);
        assertEndedAsTheJobRecordsIt(id);
    }

    @Test
    void pagesOfTheOpenListSkipWhatEndedAndAnEndedListFindsIt() {
        DelegationId ended = h.connect(PARTNER, CUSTOMER, BILLING_AND_TICKETS.forTerm(THIRTY_DAYS), GrantRules.asRequested());
        DelegationId open = h.connect(PARTNER, OTHER_CUSTOMER, BILLING_AND_TICKETS, GrantRules.asRequested());
        DelegationId pending = facade.addCustomerAccount(adminOf(PARTNER), THIRD_CUSTOMER.administratorEmail()).delegationId();
        h.clock.set(START.plus(THIRTY_DAYS));

        assertThat(pagedIds(DelegationStatus.OPEN, 1)).containsExactlyInAnyOrder(open, pending);
        assertThat(pagedIds(EnumSet.of(DelegationStatus.ENDED), 1)).containsExactly(ended);
        assertThat(pagedIds(EnumSet.of(DelegationStatus.CONNECTED, DelegationStatus.ENDED), 1)).containsExactlyInAnyOrder(ended, open);
        assertThat(pagedIds(EnumSet.allOf(DelegationStatus.class), 2)).containsExactlyInAnyOrder(ended, open, pending);
    }

    @Test
    void anEndedListReadsPastManyLiveRowsInShortPagesThatStillReachTheEndedOne() {
        List<DelegationId> live = new java.util.ArrayList<>();
        for (int n = 10; n < 21; n++) {
            Tenant c = h.register(customer(n));
            live.add(h.connect(PARTNER, c, BILLING_AND_TICKETS, GrantRules.asRequested()));
        }
        Tenant last = h.register(new Tenant(org.partnerdelegation.core.domain.TenantId.of("zz-last"),
                org.partnerdelegation.core.domain.AccountNumber.of("Z-1"),
                org.partnerdelegation.core.domain.EmailAddress.of("zz-last@customer.example"), false));
        DelegationId ended = h.connect(PARTNER, last, BILLING_AND_TICKETS.forTerm(THIRTY_DAYS), GrantRules.asRequested());
        h.clock.set(START.plus(THIRTY_DAYS));

        List<Integer> pageSizes = new java.util.ArrayList<>();
        List<DelegationId> ids = new java.util.ArrayList<>();
        AccountQuery query = AccountQuery.firstPage().withStatuses(EnumSet.of(DelegationStatus.ENDED)).withLimit(1);
        while (true) {
            var page = facade.listAccounts(adminOf(PARTNER), query);
            pageSizes.add(page.items().size());
            page.items().forEach(r -> ids.add(r.delegationId()));
            if (page.nextCursor().isEmpty()) {
                break;
            }
            query = query.after(page.nextCursor().get());
        }

        assertThat(ids).containsExactly(ended);
        assertThat(pageSizes).as("a short page with a cursor, then the rest").contains(0).endsWith(1);
        assertThat(pagedIds(DelegationStatus.OPEN, 3)).containsExactlyInAnyOrderElementsOf(live);
    }

    @Test
    void anotherPartnersInvitationCanBeAcceptedOnceTheEndPassedAndTheEndIsRecordedFirstAsTheJobWould() {
        // One day, the shortest term: the other partner's invitation (seven days) is still open at its end.
        DelegationId first = facade.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail(),
                BILLING_AND_TICKETS.forTerm(Duration.ofDays(1))).delegationId();
        DelegationId second = facade.addCustomerAccount(adminOf(OTHER_PARTNER), CUSTOMER.administratorEmail()).delegationId();
        facade.acceptInvitation(adminOf(CUSTOMER), invitationTokenOf(h, first));
        IssuedSession session = facade.loginToCustomer(adminOf(PARTNER), first);
        String secondToken = invitationTokenOf(h, second);
        Instant end = START.plus(Duration.ofDays(1));

        h.clock.set(end.minusNanos(1000));
        assertFailsWith(ErrorCode.ALREADY_LINKED_TO_ANOTHER_TENANT, () -> facade.acceptInvitation(adminOf(CUSTOMER), secondToken));

        h.clock.set(end);
        PartnerLink accepted = facade.acceptInvitation(adminOf(CUSTOMER), secondToken);

        assertThat(accepted.status()).isEqualTo(DelegationStatus.CONNECTED);
        assertThat(accepted.partnerTenant()).isEqualTo(OTHER_PARTNER.id());
        assertThat(facade.currentPartner(adminOf(CUSTOMER)).map(PartnerLink::delegationId)).contains(second);
        assertThat(rowOf(first, EnumSet.allOf(DelegationStatus.class))).hasValueSatisfying(row -> {
            assertThat(row.status()).isEqualTo(DelegationStatus.ENDED);
            assertThat(row.actions()).isEmpty();
        });
        assertThat(AuditTrails.whole(facade, operator(), first)).extracting(AuditEvent::type).containsOnlyOnce(AuditEventType.DELEGATION_ENDED);
        assertThat(sessionView(session).revokedAt()).contains(end);
        assertThat(mailOf(h, PARTNER, NotificationType.END_NOTICE_TO_PARTNER)).hasSize(1);
        assertThat(mailOf(h, CUSTOMER, NotificationType.END_NOTICE_TO_CUSTOMER)).hasSize(1);
        assertThat(facade.enforceTimeLimits(operator()).ended()).as("nothing left for the job to record").isZero();
    }

    // ------------------------------------------------------------------ an answered link, told apart by state

    @Test
    void aDeclinedChangeRequestsLinkIsRefusedAsAnsweredEvenWhenTheClockHasNotMoved() {
        DelegationId id = h.connect(PARTNER, CUSTOMER, GrantRequest.roles("billing:read"), GrantRules.asRequested());
        facade.requestGrantChange(adminOf(PARTNER), id, BILLING_AND_TICKETS);
        String change = changeRequestTokenOf(h, id);
        facade.declineInvitation(adminOf(CUSTOMER), change);

        assertFailsWith(ErrorCode.INVITATION_INVALID, () -> facade.acceptInvitation(adminOf(CUSTOMER), change));

        assertThat(h.clock.instant()).as("the clock never moved").isEqualTo(START);
        assertThat(facade.currentPartner(adminOf(CUSTOMER)).orElseThrow().roles()).extracting(DelegableRole::key)
                .containsExactly(BILLING);
        assertThat(AuditTrails.whole(facade, operator(), id)).extracting(AuditEvent::type)
                .doesNotContain(AuditEventType.GRANT_CHANGE_APPROVED);
    }

    @Test
    void aDeclinedInvitationsLinkIsRefusedAsAnsweredEvenWhenTheClockHasNotMoved() {
        DelegationId id = facade.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail()).delegationId();
        String token = invitationTokenOf(h, id);
        facade.declineInvitation(adminOf(CUSTOMER), token);

        assertFailsWith(ErrorCode.INVITATION_INVALID, () -> facade.acceptInvitation(adminOf(CUSTOMER), token));
        assertThat(facade.currentPartner(adminOf(CUSTOMER))).isEmpty();
    }

    @Test
    void aSecondClickOnAnApprovalAnswersAsTheFirstDidWhetherOrNotTheClockMoved() {
        DelegationId id = h.connect(PARTNER, CUSTOMER, GrantRequest.roles("billing:read"), GrantRules.asRequested());
        h.clock.advance(Duration.ofMinutes(1));
        facade.requestGrantChange(adminOf(PARTNER), id, BILLING_AND_TICKETS);
        String change = changeRequestTokenOf(h, id);
        PartnerLink first = facade.acceptInvitation(adminOf(CUSTOMER), change);

        PartnerLink atOnce = facade.acceptInvitation(adminOf(CUSTOMER), change);
        h.clock.advance(Duration.ofMinutes(1));
        PartnerLink later = facade.acceptInvitation(adminOf(CUSTOMER), change);

        assertThat(atOnce).isEqualTo(first);
        assertThat(later).isEqualTo(first);
        assertThat(AuditTrails.whole(facade, operator(), id)).extracting(AuditEvent::type)
                .containsOnlyOnce(AuditEventType.GRANT_CHANGE_APPROVED);
        assertFailsWith(ErrorCode.INVITATION_INVALID, () -> facade.declineInvitation(adminOf(CUSTOMER), change));
    }

    // ------------------------------------------------------------------ helpers

    private void assertEndedAsTheJobRecordsIt(DelegationId id) {
        assertThat(rowOf(id, EnumSet.allOf(DelegationStatus.class))).hasValueSatisfying(row -> {
            assertThat(row.status()).isEqualTo(DelegationStatus.ENDED);
            assertThat(row.actions()).as("nothing that would be refused").isEmpty();
            assertThat(row.endsAt()).isEmpty();
            assertThat(row.changeRequested()).isFalse();
        });
        assertThat(rowOf(id, EnumSet.of(DelegationStatus.ENDED))).isPresent();
        assertThat(rowOf(id, DelegationStatus.OPEN)).as("an open list leaves it out, as after the job").isEmpty();
        assertThat(rowOf(id, EnumSet.of(DelegationStatus.CONNECTED))).isEmpty();
        assertThat(facade.currentPartner(adminOf(CUSTOMER))).isEmpty();
    }

    /** The ids the partner's list shows for those statuses, read page by page; no page holds more than {@code pageSize}. */
    private List<DelegationId> pagedIds(Set<DelegationStatus> statuses, int pageSize) {
        List<DelegationId> ids = new java.util.ArrayList<>();
        AccountQuery query = AccountQuery.firstPage().withStatuses(statuses).withLimit(pageSize);
        while (true) {
            var page = facade.listAccounts(adminOf(PARTNER), query);
            assertThat(page.items()).hasSizeLessThanOrEqualTo(pageSize);
            page.items().forEach(r -> ids.add(r.delegationId()));
            if (page.nextCursor().isEmpty()) {
                return ids;
            }
            query = query.after(page.nextCursor().get());
        }
    }

    private Optional<AccountListEntry> rowOf(DelegationId id, Set<DelegationStatus> statuses) {
        return facade.listAccounts(adminOf(PARTNER), AccountQuery.firstPage().withStatuses(statuses).withLimit(100)).items()
                .stream().filter(r -> r.delegationId().equals(id)).findFirst();
    }

    private DelegatedSessionView sessionView(IssuedSession issued) {
        DelegatedSession session = issued.session();
        return facade.delegatedSessions(adminOf(CUSTOMER), SessionQuery.firstPage().withLimit(100)).items().stream()
                .filter(v -> v.sessionId().equals(session.id())).findFirst().orElseThrow();
    }
}
