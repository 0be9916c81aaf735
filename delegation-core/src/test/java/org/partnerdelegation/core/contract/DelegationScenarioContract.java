package org.partnerdelegation.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.memberOf;
import static org.partnerdelegation.core.contract.TenantFixtures.operator;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;
import static org.partnerdelegation.core.domain.AuditEventType.ACCOUNT_DELETED;
import static org.partnerdelegation.core.domain.AuditEventType.CUSTOMER_ADDED;
import static org.partnerdelegation.core.domain.AuditEventType.DELEGATED_LOGIN;
import static org.partnerdelegation.core.domain.AuditEventType.INVITATION_ACCEPTED;
import static org.partnerdelegation.core.domain.AuditEventType.INVITATION_DECLINED;
import static org.partnerdelegation.core.domain.AuditEventType.INVITATION_RESENT;
import static org.partnerdelegation.core.domain.AuditEventType.PARTNER_DISASSOCIATED;
import static org.partnerdelegation.core.domain.AuditEventType.PARTNER_PERMISSION_GRANTED;
import static org.partnerdelegation.core.domain.AuditEventType.PARTNER_PERMISSION_REVOKED;
import static org.partnerdelegation.core.domain.DelegationStatus.CONNECTED;
import static org.partnerdelegation.core.domain.DelegationStatus.DECLINED;
import static org.partnerdelegation.core.domain.DelegationStatus.EXPIRED;
import static org.partnerdelegation.core.domain.DelegationStatus.PENDING;
import static org.partnerdelegation.core.domain.DelegationStatus.REMOVED;
import static org.partnerdelegation.core.domain.NotificationType.ACCEPTANCE_CONFIRMATION;
import static org.partnerdelegation.core.domain.NotificationType.ACCEPTANCE_NOTICE;
import static org.partnerdelegation.core.domain.NotificationType.DECLINE_NOTICE;
import static org.partnerdelegation.core.domain.NotificationType.EXPIRY_NOTICE;
import static org.partnerdelegation.core.domain.NotificationType.INVITATION;
import static org.partnerdelegation.core.domain.NotificationType.REMOVAL_NOTICE_TO_CUSTOMER;
import static org.partnerdelegation.core.domain.NotificationType.REMOVAL_NOTICE_TO_PARTNER;
import static org.partnerdelegation.core.usecase.AccountAction.DELETE_ACCOUNT;
import static org.partnerdelegation.core.usecase.AccountAction.LOGIN;
import static org.partnerdelegation.core.usecase.AccountAction.RESEND_INVITATION;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Notification;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.OutboxStatus;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.usecase.AccountListEntry;
import org.partnerdelegation.core.usecase.AccountAction;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.DelegationSettings;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.Page;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.core.usecase.PartnerLink;

/**
 * The behaviours of DESIGN.md "What it does", one scenario per sentence, driven through the
 * {@link PartnerDelegation} facade over the adapters an {@link AdapterFixture} provides.
 * Each adapter module runs it by extending this class and returning a fresh fixture.
 */
public abstract class DelegationScenarioContract {

    private static final Tenant PARTNER = partner(1);
    private static final Tenant OTHER_PARTNER = partner(2);
    /** A tenant that is not a partner: no partner permission until an operator grants it. */
    private static final Tenant NOT_A_PARTNER = customer(90);
    private static final Tenant CUSTOMER = customer(1);
    private static final Tenant OTHER_CUSTOMER = customer(2);
    private static final Duration SEVEN_DAYS = Duration.ofDays(7);

    private final List<Tenant> tenants = new ArrayList<>();
    private AdapterFixture fixture;
    private DelegationHarness h;
    private PartnerDelegation facade;

    /** A fresh, empty set of adapters; called once per test. */
    protected abstract AdapterFixture newFixture();

    @BeforeEach
    void assembleTheFacadeOverFreshAdapters() {
        fixture = newFixture();
        h = new DelegationHarness(fixture);
        facade = h.delegation;
        for (Tenant t : List.of(PARTNER, OTHER_PARTNER, NOT_A_PARTNER)) {
            tenants.add(h.register(t));
        }
        for (int n = 1; n <= 10; n++) {
            tenants.add(h.register(customer(n)));
        }
    }

    @AfterEach
    void closeTheAdapters() {
        fixture.close();
    }

    // ------------------------------------------------------------------ 1. the partner permission

    @Test
    void partnerWithPermissionAddsCustomerByAccountEmail() {
        AccountListEntry row = facade.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail());

        assertThat(row.email()).isEqualTo(CUSTOMER.administratorEmail());
        assertThat(row.accountNumber()).isEqualTo(CUSTOMER.accountNumber());
        assertThat(row.status()).isEqualTo(PENDING);
        assertThat(row.addedAt()).isEqualTo(MutableClock.START);
        assertThat(openRows(PARTNER)).containsExactly(row);
        assertThat(AuditTrails.whole(facade, adminOf(PARTNER), row.delegationId())).singleElement().satisfies(event -> {
            assertThat(event.type()).isEqualTo(CUSTOMER_ADDED);
            assertThat(event.delegationId()).contains(row.delegationId());
            assertThat(event.targetTenant()).isEqualTo(CUSTOMER.id());
            assertThat(event.actorTenant()).isEqualTo(PARTNER.id());
            assertThat(event.actorUser()).isEqualTo(adminOf(PARTNER).userId());
            assertThat(event.fromStatus()).isEmpty();
            assertThat(event.toStatus()).contains(PENDING);
            assertThat(event.occurredAt()).isEqualTo(MutableClock.START);
        });
        assertThat(fixture.delegationStore().outboxEntries(OutboxStatus.PENDING, 100)).singleElement().satisfies(entry -> {
            assertThat(entry.type()).isEqualTo(INVITATION);
            assertThat(entry.recipient()).isEqualTo(CUSTOMER.administratorEmail());
            assertThat(entry.delegationId()).isEqualTo(row.delegationId());
        });
    }

    @Test
    void partnerAddsCustomerByEmailIgnoringCaseAndSurroundingSpaces() {
        AccountListEntry row = facade.addCustomerAccount(adminOf(PARTNER), EmailAddress.of("  ADMIN@Customer1.Example "));

        assertThat(row.accountNumber()).isEqualTo(CUSTOMER.accountNumber());
        assertThat(row.email()).isEqualTo(CUSTOMER.administratorEmail());
        assertThat(add(PARTNER, CUSTOMER)).isEqualTo(row);
    }

    @Test
    void tenantWithoutPartnerPermissionCannotAddCustomer() {
        ObservedState before = observe();

        DelegationException refusal = refused(() -> add(NOT_A_PARTNER, CUSTOMER));

        assertThat(refusal.code()).isEqualTo(ErrorCode.PARTNER_PERMISSION_REQUIRED);
        assertThat(refusal.getMessage()).contains("partner permission", NOT_A_PARTNER.accountNumber().value());
        assertThat(observe()).isEqualTo(before);
        assertThat(ScenarioSupport.mailOf(h, CUSTOMER)).isEmpty();
    }

    @Test
    void operatorGrantsPartnerPermissionToNonPartnerAndRevokesIt() {
        Tenant granted = facade.grantPartnerPermission(operator(), NOT_A_PARTNER.id());

        assertThat(granted.partnerPermission()).isTrue();
        assertThat(fixture.tenantDirectory().findById(NOT_A_PARTNER.id())).hasValueSatisfying(t -> assertThat(t.partnerPermission()).isTrue());
        DelegationId id = connect(NOT_A_PARTNER, CUSTOMER);
        String session = facade.loginToCustomer(adminOf(NOT_A_PARTNER), id).token().reveal();
        assertThat(facade.validateSession(session)).isPresent();

        h.clock.advance(Duration.ofMinutes(1));
        Tenant revoked = facade.revokePartnerPermission(operator(), NOT_A_PARTNER.id());

        assertThat(revoked.partnerPermission()).isFalse();
        assertThat(fixture.tenantDirectory().findById(NOT_A_PARTNER.id())).hasValueSatisfying(t -> assertThat(t.partnerPermission()).isFalse());
        assertThat(facade.validateSession(session)).as("live sessions are revoked with the permission").isEmpty();
        assertThat(fixture.sessionIssuer().introspect(SecretToken.parse(session).hash()))
                .hasValueSatisfying(s -> assertThat(s.revokedAt()).contains(h.clock.instant()));
        assertThat(refused(() -> add(NOT_A_PARTNER, OTHER_CUSTOMER)).code()).isEqualTo(ErrorCode.PARTNER_PERMISSION_REQUIRED);
        assertThat(refused(() -> facade.loginToCustomer(adminOf(NOT_A_PARTNER), id)).code()).isEqualTo(ErrorCode.PARTNER_PERMISSION_REQUIRED);
        assertThat(refused(() -> facade.listAccounts(adminOf(NOT_A_PARTNER), AccountQuery.firstPage())).code())
                .isEqualTo(ErrorCode.PARTNER_PERMISSION_REQUIRED);

        List<AuditEvent> changes = facade.permissionAuditTrail(operator(), NOT_A_PARTNER.id());
        assertThat(changes).extracting(AuditEvent::type).containsExactly(PARTNER_PERMISSION_GRANTED, PARTNER_PERMISSION_REVOKED);
        assertThat(changes).allSatisfy(event -> {
            assertThat(event.delegationId()).isEmpty();
            assertThat(event.targetTenant()).isEqualTo(NOT_A_PARTNER.id());
            assertThat(event.actorTenant()).isEqualTo(TenantFixtures.HOST);
            assertThat(event.actorUser()).isEqualTo(operator().userId());
        });
        assertThat(changes).extracting(AuditEvent::occurredAt).containsExactly(MutableClock.START, MutableClock.START.plusSeconds(60));

        // The delegation stays: the customer still sees its partner and can disassociate it.
        assertThat(facade.currentPartner(adminOf(CUSTOMER))).hasValueSatisfying(link -> assertThat(link.partnerTenant()).isEqualTo(NOT_A_PARTNER.id()));
        facade.disassociatePartner(adminOf(CUSTOMER));
        assertThat(facade.currentPartner(adminOf(CUSTOMER))).isEmpty();
    }

    @Test
    void grantingThePermissionBackLetsThePartnerWorkAgain() {
        facade.revokePartnerPermission(operator(), PARTNER.id());
        assertThat(refused(() -> add(PARTNER, CUSTOMER)).code()).isEqualTo(ErrorCode.PARTNER_PERMISSION_REQUIRED);

        facade.grantPartnerPermission(operator(), PARTNER.id());

        assertThat(add(PARTNER, CUSTOMER).status()).isEqualTo(PENDING);
        assertThat(facade.permissionAuditTrail(operator(), PARTNER.id())).extracting(AuditEvent::type)
                .containsExactly(PARTNER_PERMISSION_REVOKED, PARTNER_PERMISSION_GRANTED);
    }

    @Test
    void addingTheSameCustomerTwiceReturnsTheSameEntry() {
        AccountListEntry first = add(PARTNER, CUSTOMER);
        h.clock.advance(Duration.ofMinutes(5));

        AccountListEntry second = add(PARTNER, CUSTOMER);

        assertThat(second).isEqualTo(first);
        assertThat(openRows(PARTNER)).containsExactly(first);
        assertThat(auditTypes(first.delegationId())).containsExactly(CUSTOMER_ADDED);
        assertThat(ScenarioSupport.mailTypesOf(h, CUSTOMER)).containsExactly(INVITATION);
    }

    @Test
    void addingAConnectedCustomerAgainReturnsTheConnectedEntry() {
        DelegationId id = connect(PARTNER, CUSTOMER);

        AccountListEntry again = add(PARTNER, CUSTOMER);

        assertThat(again.delegationId()).isEqualTo(id);
        assertThat(again.status()).isEqualTo(CONNECTED);
        assertThat(auditTypes(id)).containsExactly(CUSTOMER_ADDED, INVITATION_ACCEPTED);
    }

    // ------------------------------------------------------------------ 2. the account list

    @Test
    void accountListShowsEmailAccountNumberStatusAndActions() {
        AccountListEntry added = add(PARTNER, CUSTOMER);

        assertThat(openRows(PARTNER)).singleElement().satisfies(row -> {
            assertThat(row.delegationId()).isEqualTo(added.delegationId());
            assertThat(row.email()).isEqualTo(CUSTOMER.administratorEmail());
            assertThat(row.accountNumber()).isEqualTo(CUSTOMER.accountNumber());
            assertThat(row.status()).isEqualTo(PENDING);
            assertThat(row.status().label()).isEqualTo("Pending");
            assertThat(row.actions()).containsExactlyInAnyOrder(RESEND_INVITATION, DELETE_ACCOUNT);
        });

        facade.acceptInvitation(adminOf(CUSTOMER), tokenOf(added.delegationId()));

        assertThat(openRows(PARTNER)).singleElement().satisfies(row -> {
            assertThat(row.delegationId()).isEqualTo(added.delegationId());
            assertThat(row.email()).isEqualTo(CUSTOMER.administratorEmail());
            assertThat(row.accountNumber()).isEqualTo(CUSTOMER.accountNumber());
            assertThat(row.status()).isEqualTo(CONNECTED);
            assertThat(row.status().label()).isEqualTo("Connected");
            assertThat(row.actions()).containsExactlyInAnyOrder(LOGIN, AccountAction.REQUEST_CHANGE, DELETE_ACCOUNT);
        });
    }

    @Test
    void accountListShowsOnlyThePartnersOwnCustomers() {
        add(PARTNER, CUSTOMER);
        add(OTHER_PARTNER, OTHER_CUSTOMER);

        assertThat(openRows(PARTNER)).extracting(AccountListEntry::email).containsExactly(CUSTOMER.administratorEmail());
        assertThat(openRows(OTHER_PARTNER)).extracting(AccountListEntry::email).containsExactly(OTHER_CUSTOMER.administratorEmail());
    }

    @Test
    void membersOfThePartnerMayLookAtTheAccountList() {
        AccountListEntry row = add(PARTNER, CUSTOMER);

        Page<AccountListEntry> page = facade.listAccounts(memberOf(PARTNER), AccountQuery.firstPage());

        assertThat(page.items()).containsExactly(row);
    }

    @Test
    void accountListPagesThroughCustomersWithACursor() {
        IntStream.rangeClosed(1, 7).forEach(n -> add(PARTNER, customer(n)));
        add(OTHER_PARTNER, customer(8));
        AccountQuery threePerPage = AccountQuery.firstPage().withLimit(3);

        Page<AccountListEntry> first = facade.listAccounts(adminOf(PARTNER), threePerPage);
        Page<AccountListEntry> second = facade.listAccounts(adminOf(PARTNER), threePerPage.after(first.nextCursor().orElseThrow()));
        Page<AccountListEntry> third = facade.listAccounts(adminOf(PARTNER), threePerPage.after(second.nextCursor().orElseThrow()));

        assertThat(first.items()).hasSize(3);
        assertThat(second.items()).hasSize(3);
        assertThat(third.items()).hasSize(1);
        assertThat(third.hasNext()).isFalse();
        List<EmailAddress> all = new ArrayList<>();
        List.of(first, second, third).forEach(p -> p.items().forEach(row -> all.add(row.email())));
        assertThat(all).containsExactlyElementsOf(IntStream.rangeClosed(1, 7).mapToObj(n -> customer(n).administratorEmail()).toList());
    }

    @Test
    void accountListPagingNeitherRepeatsNorSkipsRowsWhenCustomersAreAddedBetweenPages() {
        IntStream.rangeClosed(1, 6).forEach(n -> add(PARTNER, customer(n)));
        AccountQuery threePerPage = AccountQuery.firstPage().withLimit(3);
        Page<AccountListEntry> first = facade.listAccounts(adminOf(PARTNER), threePerPage);

        // admin@customer10.example sorts between customer1 and customer2, i.e. before the cursor.
        add(PARTNER, customer(10));
        Page<AccountListEntry> rest = facade.listAccounts(adminOf(PARTNER), threePerPage.after(first.nextCursor().orElseThrow()));

        assertThat(first.items()).extracting(AccountListEntry::email)
                .containsExactly(customer(1).administratorEmail(), customer(2).administratorEmail(), customer(3).administratorEmail());
        assertThat(rest.items()).extracting(AccountListEntry::email)
                .containsExactly(customer(4).administratorEmail(), customer(5).administratorEmail(), customer(6).administratorEmail());
        assertThat(rest.hasNext()).isFalse();
    }

    @Test
    void accountListHidesFinalDelegationsUnlessAskedForTheirStatus() {
        Tenant expired = customer(3);
        DelegationId expiredId = add(PARTNER, expired).delegationId();
        tokenOf(expiredId);
        h.clock.advance(SEVEN_DAYS.plusSeconds(1));
        assertThat(facade.expireInvitations(operator())).isEqualTo(1);
        Tenant declined = customer(1);
        facade.declineInvitation(adminOf(declined), tokenOf(add(PARTNER, declined).delegationId()));
        Tenant removed = customer(2);
        facade.deleteAccount(adminOf(PARTNER), add(PARTNER, removed).delegationId());
        Tenant pending = customer(4);
        add(PARTNER, pending);
        Tenant connected = customer(5);
        connect(PARTNER, connected);

        assertThat(openRows(PARTNER)).extracting(AccountListEntry::email, AccountListEntry::status).containsExactly(
                tuple(pending.administratorEmail(), PENDING),
                tuple(connected.administratorEmail(), CONNECTED));
        assertThat(rows(PARTNER, EnumSet.of(DECLINED))).singleElement().satisfies(row -> {
            assertThat(row.email()).isEqualTo(declined.administratorEmail());
            assertThat(row.actions()).isEmpty();
        });
        assertThat(rows(PARTNER, EnumSet.of(REMOVED))).singleElement().satisfies(row -> {
            assertThat(row.email()).isEqualTo(removed.administratorEmail());
            assertThat(row.actions()).isEmpty();
        });
        assertThat(rows(PARTNER, EnumSet.of(EXPIRED))).singleElement().satisfies(row -> {
            assertThat(row.delegationId()).isEqualTo(expiredId);
            assertThat(row.actions()).isEmpty();
        });
        assertThat(rows(PARTNER, EnumSet.allOf(DelegationStatus.class))).extracting(AccountListEntry::status)
                .containsExactly(DECLINED, REMOVED, EXPIRED, PENDING, CONNECTED);
    }

    // ------------------------------------------------------------------ 3. the invitation

    @Test
    void customerReceivesInvitationWithTokenAndAcceptsIt() {
        AccountListEntry row = add(PARTNER, CUSTOMER);

        List<Notification> mail = ScenarioSupport.mailOf(h, CUSTOMER);
        assertThat(mail).singleElement().satisfies(n -> {
            assertThat(n.type()).isEqualTo(INVITATION);
            assertThat(n.recipient()).isEqualTo(CUSTOMER.administratorEmail());
            assertThat(n.delegationId()).isEqualTo(row.delegationId());
            assertThat(n.partnerAccountNumber()).isEqualTo(PARTNER.accountNumber());
            assertThat(n.partnerEmail()).isEqualTo(PARTNER.administratorEmail());
            assertThat(n.customerAccountNumber()).isEqualTo(CUSTOMER.accountNumber());
            assertThat(n.invitationToken()).isPresent();
            assertThat(n.invitationExpiresAt()).contains(MutableClock.START.plus(SEVEN_DAYS));
        });
        String token = mail.get(0).invitationToken().orElseThrow().reveal();
        assertThat(token).hasSize(SecretToken.TEXT_LENGTH);
        h.clock.advance(Duration.ofHours(1));

        PartnerLink link = facade.acceptInvitation(adminOf(CUSTOMER), token);

        Instant acceptedAt = MutableClock.START.plus(Duration.ofHours(1));
        assertThat(link).isEqualTo(new PartnerLink(row.delegationId(), PARTNER.id(), Optional.of(PARTNER.accountNumber()),
                Optional.of(PARTNER.administratorEmail()), CONNECTED, acceptedAt,
                java.util.List.of(org.partnerdelegation.core.domain.DelegableRole.TENANT_ADMINISTRATOR), Optional.empty(),
                Optional.empty(), org.partnerdelegation.core.usecase.GrantRules.asRequested(), Optional.empty()));
        assertThat(rowOf(PARTNER, row.delegationId()).status()).isEqualTo(CONNECTED);
        assertThat(facade.currentPartner(adminOf(CUSTOMER))).contains(link);
        assertThat(facade.currentPartner(memberOf(CUSTOMER))).as("any user of the customer may ask").contains(link);
        assertThat(ScenarioSupport.mailTypesOf(h, CUSTOMER)).containsExactly(INVITATION, ACCEPTANCE_CONFIRMATION);
        assertThat(ScenarioSupport.mailTypesOf(h, PARTNER)).containsExactly(ACCEPTANCE_NOTICE);
        assertThat(fixture.delegationStore().outboxEntries(OutboxStatus.PENDING, 100)).isEmpty();
        assertThat(lastAuditEvent(row.delegationId())).satisfies(event -> {
            assertThat(event.type()).isEqualTo(INVITATION_ACCEPTED);
            assertThat(event.actorTenant()).isEqualTo(CUSTOMER.id());
            assertThat(event.actorUser()).isEqualTo(adminOf(CUSTOMER).userId());
            assertThat(event.fromStatus()).contains(PENDING);
            assertThat(event.toStatus()).contains(CONNECTED);
            assertThat(event.occurredAt()).isEqualTo(acceptedAt);
        });
    }

    @Test
    void customerDeclinesInvitation() {
        AccountListEntry row = add(PARTNER, CUSTOMER);
        String token = tokenOf(row.delegationId());

        facade.declineInvitation(adminOf(CUSTOMER), token);

        assertThat(rowOf(PARTNER, row.delegationId()).status()).isEqualTo(DECLINED);
        assertThat(openRows(PARTNER)).isEmpty();
        assertThat(facade.currentPartner(adminOf(CUSTOMER))).isEmpty();
        assertThat(ScenarioSupport.mailTypesOf(h, PARTNER)).containsExactly(DECLINE_NOTICE);
        assertThat(ScenarioSupport.mailTypesOf(h, CUSTOMER)).containsExactly(INVITATION);
        assertThat(auditTypes(row.delegationId())).containsExactly(CUSTOMER_ADDED, INVITATION_DECLINED);
        assertThat(lastAuditEvent(row.delegationId()).toStatus()).contains(DECLINED);

        ObservedState afterDecline = observe(token);
        assertThat(refused(() -> facade.acceptInvitation(adminOf(CUSTOMER), token)).code()).isEqualTo(ErrorCode.INVITATION_INVALID);
        facade.declineInvitation(adminOf(CUSTOMER), token);
        assertThat(observe(token)).as("declining again answers as done and changes nothing").isEqualTo(afterDecline);

        // Declining is final for that invitation, not for the customer: the partner may add it again.
        AccountListEntry again = add(PARTNER, CUSTOMER);
        assertThat(again.delegationId()).isNotEqualTo(row.delegationId());
        assertThat(again.status()).isEqualTo(PENDING);
    }

    @Test
    void resendingTheInvitationMakesTheOldLinkInvalidAndTheNewOneWork() {
        AccountListEntry row = add(PARTNER, CUSTOMER);
        String oldToken = tokenOf(row.delegationId());
        h.clock.advance(Duration.ofDays(1));

        AccountListEntry resent = facade.resendInvitation(adminOf(PARTNER), row.delegationId());
        String newToken = tokenOf(row.delegationId());

        assertThat(resent).isEqualTo(row);
        assertThat(newToken).isNotEqualTo(oldToken);
        assertThat(ScenarioSupport.mailTypesOf(h, CUSTOMER)).containsExactly(INVITATION, INVITATION);
        ObservedState before = observe(oldToken, newToken);
        DelegationException refusal = refused(() -> facade.acceptInvitation(adminOf(CUSTOMER), oldToken));
        assertThat(refusal.code()).isEqualTo(ErrorCode.INVITATION_INVALID);
        assertThat(refusal.getMessage()).containsIgnoringCase("newer invitation");
        assertThat(observe(oldToken, newToken)).isEqualTo(before);

        facade.acceptInvitation(adminOf(CUSTOMER), newToken);

        assertThat(rowOf(PARTNER, row.delegationId()).status()).isEqualTo(CONNECTED);
        assertThat(auditTypes(row.delegationId())).containsExactly(CUSTOMER_ADDED, INVITATION_RESENT, INVITATION_ACCEPTED);
    }

    @Test
    void resentInvitationIsValidForSevenDaysFromTheResend() {
        AccountListEntry row = add(PARTNER, CUSTOMER);
        tokenOf(row.delegationId());
        h.clock.advance(Duration.ofDays(6));
        facade.resendInvitation(adminOf(PARTNER), row.delegationId());
        String token = tokenOf(row.delegationId());
        h.clock.advance(Duration.ofDays(4));

        assertThat(facade.expireInvitations(operator())).isZero();
        assertThat(facade.acceptInvitation(adminOf(CUSTOMER), token).status()).isEqualTo(CONNECTED);
    }

    @Test
    void invitationExpiresAfterSevenDays() {
        AccountListEntry row = add(PARTNER, CUSTOMER);
        String token = tokenOf(row.delegationId());
        h.clock.advance(SEVEN_DAYS.plusSeconds(1));

        DelegationException refusal = refused(() -> facade.acceptInvitation(adminOf(CUSTOMER), token));

        assertThat(refusal.code()).isEqualTo(ErrorCode.INVITATION_EXPIRED);
        assertThat(refusal.getMessage()).containsIgnoringCase("expired");
        assertThat(rowOf(PARTNER, row.delegationId()).status()).isEqualTo(EXPIRED);
        assertThat(openRows(PARTNER)).isEmpty();
        assertThat(ScenarioSupport.mailTypesOf(h, PARTNER)).containsExactly(EXPIRY_NOTICE);
        assertThat(auditTypes(row.delegationId())).containsExactly(CUSTOMER_ADDED, AuditEventType.INVITATION_EXPIRED);
        assertThat(lastAuditEvent(row.delegationId()).fromStatus()).contains(PENDING);
        assertThat(lastAuditEvent(row.delegationId()).toStatus()).contains(EXPIRED);

        ObservedState afterExpiry = observe(token);
        assertThat(refused(() -> facade.acceptInvitation(adminOf(CUSTOMER), token)).code()).isEqualTo(ErrorCode.INVITATION_EXPIRED);
        assertThat(refused(() -> facade.declineInvitation(adminOf(CUSTOMER), token)).code()).isEqualTo(ErrorCode.INVITATION_EXPIRED);
        assertThat(observe(token)).isEqualTo(afterExpiry);

        // The partner may add the customer again; the fresh invitation works.
        AccountListEntry again = add(PARTNER, CUSTOMER);
        assertThat(again.delegationId()).isNotEqualTo(row.delegationId());
        assertThat(facade.acceptInvitation(adminOf(CUSTOMER), tokenOf(again.delegationId())).status()).isEqualTo(CONNECTED);
    }

    @Test
    void declineAfterSevenDaysIsRefusedAsExpired() {
        AccountListEntry row = add(PARTNER, CUSTOMER);
        String token = tokenOf(row.delegationId());
        h.clock.advance(SEVEN_DAYS);

        assertThat(refused(() -> facade.declineInvitation(adminOf(CUSTOMER), token)).code()).isEqualTo(ErrorCode.INVITATION_EXPIRED);
        assertThat(rowOf(PARTNER, row.delegationId()).status()).isEqualTo(EXPIRED);
    }

    @Test
    void invitationIsStillValidJustBeforeSevenDaysPass() {
        AccountListEntry row = add(PARTNER, CUSTOMER);
        String token = tokenOf(row.delegationId());
        h.clock.advance(SEVEN_DAYS.minusSeconds(1));

        assertThat(facade.acceptInvitation(adminOf(CUSTOMER), token).status()).isEqualTo(CONNECTED);
    }

    @Test
    void expireInvitationsExpiresUntouchedInvitationsAndReturnsTheCount() {
        List<DelegationId> stale = IntStream.rangeClosed(1, 3).mapToObj(n -> add(PARTNER, customer(n)).delegationId()).toList();
        stale.forEach(this::tokenOf);
        DelegationId connected = connect(PARTNER, customer(5));
        h.clock.advance(Duration.ofDays(3));
        DelegationId fresh = add(PARTNER, customer(4)).delegationId();
        tokenOf(fresh);
        h.clock.advance(Duration.ofDays(4).plusSeconds(1));

        int expired = facade.expireInvitations(operator());

        assertThat(expired).isEqualTo(3);
        stale.forEach(id -> assertThat(rowOf(PARTNER, id).status()).isEqualTo(EXPIRED));
        assertThat(rowOf(PARTNER, fresh).status()).isEqualTo(PENDING);
        assertThat(rowOf(PARTNER, connected).status()).isEqualTo(CONNECTED);
        assertThat(ScenarioSupport.mailTypesOf(h, PARTNER)).filteredOn(t -> t == EXPIRY_NOTICE).hasSize(3);
        assertThat(lastAuditEvent(stale.get(0))).satisfies(event -> {
            assertThat(event.type()).isEqualTo(AuditEventType.INVITATION_EXPIRED);
            assertThat(event.actorUser()).isEqualTo(operator().userId());
        });
        assertThat(facade.expireInvitations(operator())).as("nothing left to expire").isZero();
        assertThat(ScenarioSupport.mailTypesOf(h, PARTNER)).filteredOn(t -> t == EXPIRY_NOTICE).hasSize(3);
    }

    @Test
    void clickingAcceptTwiceReturnsTheSameLink() {
        AccountListEntry row = add(PARTNER, CUSTOMER);
        String token = tokenOf(row.delegationId());
        PartnerLink first = facade.acceptInvitation(adminOf(CUSTOMER), token);
        h.clock.advance(Duration.ofMinutes(1));
        ObservedState before = observe(token);

        PartnerLink second = facade.acceptInvitation(adminOf(CUSTOMER), token);

        assertThat(second).isEqualTo(first);
        assertThat(observe(token)).isEqualTo(before);
        assertThat(ScenarioSupport.mailTypesOf(h, CUSTOMER)).containsExactly(INVITATION, ACCEPTANCE_CONFIRMATION);
    }

    // ------------------------------------------------------------------ 4. delegated login

    @Test
    void connectedPartnerAdministratorLogsInAsCustomerAdministrator() {
        DelegationId id = connect(PARTNER, CUSTOMER);
        h.clock.advance(Duration.ofMinutes(10));
        Instant loginAt = h.clock.instant();

        IssuedSession issued = facade.loginToCustomer(adminOf(PARTNER), id);

        DelegatedSession session = issued.session();
        assertThat(session.subject()).isEqualTo(CUSTOMER.administratorEmail());
        assertThat(session.customerTenant()).isEqualTo(CUSTOMER.id());
        assertThat(session.actorTenant()).isEqualTo(PARTNER.id());
        assertThat(session.actorUser()).isEqualTo(adminOf(PARTNER).userId());
        assertThat(session.delegationId()).isEqualTo(id);
        assertThat(session.scope()).isEqualTo(DelegatedSession.TENANT_ADMINISTRATOR_SCOPE);
        assertThat(session.issuedAt()).isEqualTo(loginAt);
        assertThat(session.expiresAt()).isEqualTo(loginAt.plus(DelegationSettings.DEFAULT_SESSION_TTL));
        assertThat(session.revokedAt()).isEmpty();
        String token = issued.token().reveal();
        assertThat(token).hasSize(SecretToken.TEXT_LENGTH);
        assertThat(facade.validateSession(token)).contains(session);
        assertThat(lastAuditEvent(id)).satisfies(event -> {
            assertThat(event.type()).isEqualTo(DELEGATED_LOGIN);
            assertThat(event.actorTenant()).isEqualTo(PARTNER.id());
            assertThat(event.actorUser()).isEqualTo(adminOf(PARTNER).userId());
            assertThat(event.targetTenant()).isEqualTo(CUSTOMER.id());
            assertThat(event.fromStatus()).contains(CONNECTED);
            assertThat(event.toStatus()).contains(CONNECTED);
            assertThat(event.occurredAt()).isEqualTo(loginAt);
        });

        h.clock.advance(DelegationSettings.DEFAULT_SESSION_TTL.minusSeconds(1));
        assertThat(facade.validateSession(token)).as("just before the session TTL").contains(session);
        h.clock.advance(Duration.ofSeconds(1));
        assertThat(facade.validateSession(token)).as("once the session TTL passed").isEmpty();
    }

    @Test
    void eachLoginIssuesItsOwnSession() {
        DelegationId id = connect(PARTNER, CUSTOMER);

        IssuedSession first = facade.loginToCustomer(adminOf(PARTNER), id);
        IssuedSession second = facade.loginToCustomer(adminOf(PARTNER), id);

        assertThat(second.token().reveal()).isNotEqualTo(first.token().reveal());
        assertThat(second.session().id()).isNotEqualTo(first.session().id());
        assertThat(facade.validateSession(first.token().reveal())).isPresent();
        assertThat(facade.validateSession(second.token().reveal())).isPresent();
        assertThat(auditTypes(id)).containsExactly(CUSTOMER_ADDED, INVITATION_ACCEPTED, DELEGATED_LOGIN, DELEGATED_LOGIN);
    }

    @Test
    void validateSessionRefusesWhatIsNotALiveSessionToken() {
        AccountListEntry row = add(PARTNER, CUSTOMER);
        String invitationToken = tokenOf(row.delegationId());

        assertThat(facade.validateSession(null)).isEmpty();
        assertThat(facade.validateSession("")).isEmpty();
        assertThat(facade.validateSession("not a token")).isEmpty();
        assertThat(facade.validateSession(SecretToken.generate(new java.util.Random(7)).reveal())).isEmpty();
        assertThat(facade.validateSession(invitationToken)).as("an invitation token is not a session").isEmpty();
    }

    // ------------------------------------------------------------------ 5. one partner per customer

    @Test
    void customerCanAuthorizeOnlyOnePartner() {
        connect(PARTNER, CUSTOMER);
        ObservedState before = observe();

        DelegationException refusal = refused(() -> add(OTHER_PARTNER, CUSTOMER));

        assertThat(refusal.code()).isEqualTo(ErrorCode.ALREADY_LINKED_TO_ANOTHER_TENANT);
        assertThat(refusal.getMessage()).isEqualTo("The associated account is already linked to another tenant.");
        assertThat(observe()).isEqualTo(before);
        assertThat(openRows(OTHER_PARTNER)).isEmpty();
    }

    @Test
    void customerCannotAcceptASecondPartnersPendingInvitationOnceTheFirstIsAccepted() {
        DelegationId first = add(PARTNER, CUSTOMER).delegationId();
        DelegationId second = add(OTHER_PARTNER, CUSTOMER).delegationId();
        String firstToken = tokenOf(first);
        String secondToken = tokenOf(second);
        facade.acceptInvitation(adminOf(CUSTOMER), firstToken);
        ObservedState before = observe(firstToken, secondToken);

        DelegationException refusal = refused(() -> facade.acceptInvitation(adminOf(CUSTOMER), secondToken));

        assertThat(refusal.code()).isEqualTo(ErrorCode.ALREADY_LINKED_TO_ANOTHER_TENANT);
        assertThat(refusal.getMessage()).isEqualTo("The associated account is already linked to another tenant.");
        assertThat(observe(firstToken, secondToken)).isEqualTo(before);
        assertThat(rowOf(OTHER_PARTNER, second).status()).isEqualTo(PENDING);
        assertThat(facade.currentPartner(adminOf(CUSTOMER))).hasValueSatisfying(link -> assertThat(link.partnerTenant()).isEqualTo(PARTNER.id()));
    }

    @Test
    void partnerCanLinkManyCustomers() {
        List<DelegationId> ids = IntStream.rangeClosed(1, 5).mapToObj(n -> connect(PARTNER, customer(n))).toList();

        assertThat(openRows(PARTNER)).hasSize(5).allSatisfy(row -> assertThat(row.status()).isEqualTo(CONNECTED));
        ids.forEach(id -> assertThat(facade.validateSession(facade.loginToCustomer(adminOf(PARTNER), id).token().reveal())).isPresent());
        IntStream.rangeClosed(1, 5).forEach(n -> assertThat(facade.currentPartner(adminOf(customer(n))))
                .hasValueSatisfying(link -> assertThat(link.partnerTenant()).isEqualTo(PARTNER.id())));
    }

    // ------------------------------------------------------------------ 6. ending the delegation

    @Test
    void partnerDeletesAccountAndAccessEndsAtOnce() {
        DelegationId id = connect(PARTNER, CUSTOMER);
        String first = facade.loginToCustomer(adminOf(PARTNER), id).token().reveal();
        String second = facade.loginToCustomer(adminOf(PARTNER), id).token().reveal();
        h.clock.advance(Duration.ofMinutes(5));

        facade.deleteAccount(adminOf(PARTNER), id);

        assertThat(facade.validateSession(first)).isEmpty();
        assertThat(facade.validateSession(second)).isEmpty();
        for (String token : List.of(first, second)) {
            assertThat(fixture.sessionIssuer().introspect(SecretToken.parse(token).hash()))
                    .hasValueSatisfying(s -> assertThat(s.revokedAt()).as("revoked, not only refused").contains(h.clock.instant()));
        }
        assertThat(rowOf(PARTNER, id).status()).isEqualTo(REMOVED);
        assertThat(openRows(PARTNER)).isEmpty();
        assertThat(facade.currentPartner(adminOf(CUSTOMER))).isEmpty();
        assertThat(ScenarioSupport.mailTypesOf(h, PARTNER)).containsExactly(ACCEPTANCE_NOTICE, REMOVAL_NOTICE_TO_PARTNER);
        assertThat(ScenarioSupport.mailTypesOf(h, CUSTOMER)).containsExactly(INVITATION, ACCEPTANCE_CONFIRMATION, REMOVAL_NOTICE_TO_CUSTOMER);
        assertThat(lastAuditEvent(id)).satisfies(event -> {
            assertThat(event.type()).isEqualTo(ACCOUNT_DELETED);
            assertThat(event.actorTenant()).isEqualTo(PARTNER.id());
            assertThat(event.fromStatus()).contains(CONNECTED);
            assertThat(event.toStatus()).contains(REMOVED);
        });
        assertThat(refused(() -> facade.loginToCustomer(adminOf(PARTNER), id)).code()).isEqualTo(ErrorCode.DELEGATION_NOT_FOUND);

        AccountListEntry again = add(PARTNER, CUSTOMER);
        assertThat(again.delegationId()).isNotEqualTo(id);
        assertThat(again.status()).isEqualTo(PENDING);
        facade.acceptInvitation(adminOf(CUSTOMER), tokenOf(again.delegationId()));
        assertThat(rowOf(PARTNER, again.delegationId()).status()).isEqualTo(CONNECTED);
        assertThat(facade.validateSession(first)).as("an old session stays dead after reconnecting").isEmpty();
    }

    @Test
    void partnerDeletesPendingAccountAndTheInvitationLinkStopsWorking() {
        AccountListEntry row = add(PARTNER, CUSTOMER);
        String token = tokenOf(row.delegationId());

        facade.deleteAccount(adminOf(PARTNER), row.delegationId());

        assertThat(rowOf(PARTNER, row.delegationId()).status()).isEqualTo(REMOVED);
        assertThat(lastAuditEvent(row.delegationId()).fromStatus()).contains(PENDING);
        assertThat(refused(() -> facade.acceptInvitation(adminOf(CUSTOMER), token)).code()).isEqualTo(ErrorCode.INVITATION_INVALID);
        assertThat(facade.currentPartner(adminOf(CUSTOMER))).isEmpty();
    }

    @Test
    void invitationNotYetSentWhenTheAccountIsDeletedIsNeverSent() {
        AccountListEntry row = add(PARTNER, CUSTOMER);

        facade.deleteAccount(adminOf(PARTNER), row.delegationId());

        assertThat(ScenarioSupport.mailTypesOf(h, CUSTOMER)).doesNotContain(INVITATION);
        assertThat(fixture.delegationStore().outboxEntries(OutboxStatus.DISCARDED, 100))
                .singleElement().satisfies(entry -> assertThat(entry.type()).isEqualTo(INVITATION));
        assertThat(fixture.delegationStore().outboxEntries(OutboxStatus.PENDING, 100)).isEmpty();
    }

    @Test
    void customerDisassociatesPartnerAndAccessEndsAtOnce() {
        DelegationId id = connect(PARTNER, CUSTOMER);
        String session = facade.loginToCustomer(adminOf(PARTNER), id).token().reveal();
        h.clock.advance(Duration.ofMinutes(5));

        facade.disassociatePartner(adminOf(CUSTOMER));

        assertThat(facade.validateSession(session)).isEmpty();
        assertThat(fixture.sessionIssuer().introspect(SecretToken.parse(session).hash()))
                .hasValueSatisfying(s -> assertThat(s.revokedAt()).contains(h.clock.instant()));
        assertThat(rowOf(PARTNER, id).status()).isEqualTo(REMOVED);
        assertThat(facade.currentPartner(adminOf(CUSTOMER))).isEmpty();
        assertThat(ScenarioSupport.mailTypesOf(h, PARTNER)).containsExactly(ACCEPTANCE_NOTICE, REMOVAL_NOTICE_TO_PARTNER);
        assertThat(ScenarioSupport.mailTypesOf(h, CUSTOMER)).containsExactly(INVITATION, ACCEPTANCE_CONFIRMATION, REMOVAL_NOTICE_TO_CUSTOMER);
        assertThat(lastAuditEvent(id)).satisfies(event -> {
            assertThat(event.type()).isEqualTo(PARTNER_DISASSOCIATED);
            assertThat(event.actorTenant()).isEqualTo(CUSTOMER.id());
            assertThat(event.actorUser()).isEqualTo(adminOf(CUSTOMER).userId());
            assertThat(event.fromStatus()).contains(CONNECTED);
            assertThat(event.toStatus()).contains(REMOVED);
        });
        assertThat(refused(() -> facade.loginToCustomer(adminOf(PARTNER), id)).code()).isEqualTo(ErrorCode.DELEGATION_NOT_FOUND);

        // Free again: the same partner may add the customer back, and so may another one.
        assertThat(add(PARTNER, CUSTOMER).status()).isEqualTo(PENDING);
        DelegationId other = add(OTHER_PARTNER, CUSTOMER).delegationId();
        facade.acceptInvitation(adminOf(CUSTOMER), tokenOf(other));
        assertThat(facade.currentPartner(adminOf(CUSTOMER))).hasValueSatisfying(link -> assertThat(link.partnerTenant()).isEqualTo(OTHER_PARTNER.id()));
    }

    // ------------------------------------------------------------------ audit and secrecy

    @Test
    void auditTrailOfAFullFlowHasEveryStepInOrder() {
        DelegationId id = add(PARTNER, CUSTOMER).delegationId();
        tokenOf(id);
        h.clock.advance(Duration.ofMinutes(1));
        facade.resendInvitation(adminOf(PARTNER), id);
        h.clock.advance(Duration.ofMinutes(1));
        facade.acceptInvitation(adminOf(CUSTOMER), tokenOf(id));
        h.clock.advance(Duration.ofMinutes(1));
        facade.loginToCustomer(adminOf(PARTNER), id);
        h.clock.advance(Duration.ofMinutes(1));
        facade.deleteAccount(adminOf(PARTNER), id);

        List<AuditEvent> trail = AuditTrails.whole(facade, adminOf(PARTNER), id);

        assertThat(trail).extracting(AuditEvent::type)
                .containsExactly(CUSTOMER_ADDED, INVITATION_RESENT, INVITATION_ACCEPTED, DELEGATED_LOGIN, ACCOUNT_DELETED);
        assertThat(trail).extracting(AuditEvent::fromStatus).containsExactly(
                Optional.empty(), Optional.of(PENDING), Optional.of(PENDING), Optional.of(CONNECTED), Optional.of(CONNECTED));
        assertThat(trail).extracting(AuditEvent::toStatus).containsExactly(
                Optional.of(PENDING), Optional.of(PENDING), Optional.of(CONNECTED), Optional.of(CONNECTED), Optional.of(REMOVED));
        assertThat(trail).extracting(AuditEvent::actorTenant)
                .containsExactly(PARTNER.id(), PARTNER.id(), CUSTOMER.id(), PARTNER.id(), PARTNER.id());
        assertThat(trail).extracting(AuditEvent::occurredAt).isSorted().doesNotHaveDuplicates();
        assertThat(trail).allSatisfy(event -> assertThat(event.delegationId()).contains(id));
        assertThat(AuditTrails.whole(facade, adminOf(CUSTOMER), id)).as("the customer sees the same trail").isEqualTo(trail);
        assertThat(AuditTrails.whole(facade, operator(), id)).as("so does an operator").isEqualTo(trail);
    }

    @Test
    void tokensNeverAppearInAuditEventsOutboxEntriesOrErrorMessages() {
        DelegationId id = add(PARTNER, CUSTOMER).delegationId();
        String oldToken = tokenOf(id);
        facade.resendInvitation(adminOf(PARTNER), id);
        String token = tokenOf(id);
        List<Throwable> errors = new ArrayList<>();
        errors.add(catchThrowable(() -> facade.acceptInvitation(adminOf(CUSTOMER), oldToken)));
        errors.add(catchThrowable(() -> facade.acceptInvitation(adminOf(OTHER_CUSTOMER), token)));
        errors.add(catchThrowable(() -> facade.acceptInvitation(memberOf(CUSTOMER), token)));
        errors.add(catchThrowable(() -> facade.acceptInvitation(adminOf(CUSTOMER), token + "x")));
        errors.add(catchThrowable(() -> facade.acceptInvitation(adminOf(CUSTOMER), " " + token)));
        facade.acceptInvitation(adminOf(CUSTOMER), token);
        errors.add(catchThrowable(() -> facade.declineInvitation(adminOf(CUSTOMER), token)));
        IssuedSession issued = facade.loginToCustomer(adminOf(PARTNER), id);
        String session = issued.token().reveal();
        errors.add(catchThrowable(() -> facade.acceptInvitation(adminOf(CUSTOMER), session)));
        facade.deleteAccount(adminOf(PARTNER), id);
        errors.add(catchThrowable(() -> facade.acceptInvitation(adminOf(CUSTOMER), token)));
        ScenarioSupport.mailOf(h, CUSTOMER);

        assertThat(errors).hasSize(8).allSatisfy(e -> assertThat(e).isInstanceOf(DelegationException.class));
        ObservedState state = observe(oldToken, token);
        List<String> texts = new ArrayList<>();
        texts.add(state.allDelegations().toString());
        texts.add(state.allAuditEvents().toString());
        texts.add(state.allOutboxEntries().toString());
        texts.add(state.invitations().values().toString());
        texts.add(fixture.sessionIssuer().introspect(SecretToken.parse(session).hash()).toString());
        texts.add(issued.toString());
        texts.add(h.notifier.delivered().toString());
        texts.add(String.valueOf(fixture.delegationStore()));
        texts.add(String.valueOf(fixture.sessionIssuer()));
        for (Throwable e : errors) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                texts.add(String.valueOf(t.getMessage()));
                texts.add(t.toString());
            }
        }
        for (String secret : List.of(oldToken, token, session)) {
            assertThat(texts).noneSatisfy(text -> assertThat(text).contains(secret));
        }
    }

    // ------------------------------------------------------------------ helpers

    private AccountListEntry add(Tenant partner, Tenant customer) {
        return facade.addCustomerAccount(adminOf(partner), customer.administratorEmail());
    }

    private DelegationId connect(Tenant partner, Tenant customer) {
        DelegationId id = add(partner, customer).delegationId();
        facade.acceptInvitation(adminOf(customer), tokenOf(id));
        return id;
    }

    private String tokenOf(DelegationId id) {
        return ScenarioSupport.invitationTokenOf(h, id);
    }

    private List<AccountListEntry> openRows(Tenant partner) {
        return facade.listAccounts(adminOf(partner), AccountQuery.firstPage()).items();
    }

    private List<AccountListEntry> rows(Tenant partner, Set<DelegationStatus> statuses) {
        return facade.listAccounts(adminOf(partner), AccountQuery.firstPage().withStatuses(statuses)).items();
    }

    private AccountListEntry rowOf(Tenant partner, DelegationId id) {
        return rows(partner, EnumSet.allOf(DelegationStatus.class)).stream()
                .filter(row -> row.delegationId().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("delegation " + id + " is not in the account list of " + partner.id()));
    }

    private List<AuditEventType> auditTypes(DelegationId id) {
        return AuditTrails.whole(facade, operator(), id).stream().map(AuditEvent::type).toList();
    }

    private AuditEvent lastAuditEvent(DelegationId id) {
        List<AuditEvent> trail = AuditTrails.whole(facade, operator(), id);
        assertThat(trail).isNotEmpty();
        return trail.get(trail.size() - 1);
    }

    private ObservedState observe(String... invitationTokens) {
        return ObservedState.capture(h, tenants, List.of(invitationTokens), List.of());
    }

    private static DelegationException refused(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("the call should have been refused with a DelegationException").isInstanceOf(DelegationException.class);
        return (DelegationException) thrown;
    }
}
