package org.partnerdelegation.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.memberOf;
import static org.partnerdelegation.core.contract.TenantFixtures.operator;
import static org.partnerdelegation.core.contract.TenantFixtures.otherAdminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.OutboxEntry;
import org.partnerdelegation.core.domain.OutboxStatus;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.core.usecase.AccountListEntry;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.DelegationSettings;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.core.usecase.AuditQuery;

/**
 * Every {@link ErrorCode} a use case can produce, each provoked through the facade, with its
 * code, a message a person can act on, and proof that nothing observable changed: delegations
 * and account lists, audit trails, the outbox, invitations and the live session.
 *
 * <p>{@code CONCURRENT_UPDATE} and {@code STORAGE_UNAVAILABLE} depend on the adapter and are
 * tested with it.
 */
public abstract class ErrorCodeContract {

    private static final Tenant PARTNER = partner(1);
    private static final Tenant OTHER_PARTNER = partner(2);
    private static final Tenant NOT_A_PARTNER = customer(90);
    /** Connected to PARTNER; PARTNER's admin holds a live session in it. */
    private static final Tenant CONNECTED_CUSTOMER = customer(1);
    /** Invited by PARTNER and by OTHER_PARTNER, answered neither. */
    private static final Tenant PENDING_CUSTOMER = customer(2);
    /** Declined OTHER_PARTNER's invitation. */
    private static final Tenant DECLINING_CUSTOMER = customer(3);
    /** Invited by PARTNER, who resent the invitation: the first link is superseded. */
    private static final Tenant RE_INVITED_CUSTOMER = customer(4);
    /** Invited by PARTNER, who then deleted the account. */
    private static final Tenant REMOVED_CUSTOMER = customer(5);
    /** No delegation at all. */
    private static final Tenant LONE_CUSTOMER = customer(6);
    /** A tenant the directory does not know. */
    private static final Tenant UNKNOWN_TENANT = partner(77);

    private final List<Tenant> tenants = new ArrayList<>();
    private AdapterFixture fixture;
    private DelegationHarness h;
    private PartnerDelegation facade;

    private DelegationId connected;
    private DelegationId pending;
    private DelegationId otherPartnersPending;
    private DelegationId declined;
    private DelegationId reInvited;
    private DelegationId removed;
    private String connectedToken;
    private String pendingToken;
    private String otherPartnersPendingToken;
    private String declinedToken;
    private String supersededToken;
    private String currentReInvitationToken;
    private String removedToken;
    private String liveSession;

    /** A fresh, empty set of adapters; called once per test. */
    protected abstract AdapterFixture newFixture();

    /** The harness over this test's fixture, for subclasses adding adapter-specific cases. */
    protected DelegationHarness harness() {
        return h;
    }

    @BeforeEach
    void buildAWorldWithDelegationsInEveryState() {
        fixture = newFixture();
        h = new DelegationHarness(fixture);
        facade = h.delegation;
        for (Tenant t : List.of(PARTNER, OTHER_PARTNER, NOT_A_PARTNER)) {
            tenants.add(h.register(t));
        }
        for (int n = 1; n <= 8; n++) {
            tenants.add(h.register(customer(n)));
        }

        connected = add(PARTNER, CONNECTED_CUSTOMER);
        connectedToken = tokenOf(connected);
        facade.acceptInvitation(adminOf(CONNECTED_CUSTOMER), connectedToken);
        liveSession = facade.loginToCustomer(adminOf(PARTNER), connected).token().reveal();

        pending = add(PARTNER, PENDING_CUSTOMER);
        pendingToken = tokenOf(pending);
        otherPartnersPending = add(OTHER_PARTNER, PENDING_CUSTOMER);
        otherPartnersPendingToken = tokenOf(otherPartnersPending);

        declined = add(OTHER_PARTNER, DECLINING_CUSTOMER);
        declinedToken = tokenOf(declined);
        facade.declineInvitation(adminOf(DECLINING_CUSTOMER), declinedToken);

        reInvited = add(PARTNER, RE_INVITED_CUSTOMER);
        supersededToken = tokenOf(reInvited);
        facade.resendInvitation(adminOf(PARTNER), reInvited);
        currentReInvitationToken = tokenOf(reInvited);

        removed = add(PARTNER, REMOVED_CUSTOMER);
        removedToken = tokenOf(removed);
        facade.deleteAccount(adminOf(PARTNER), removed);

        h.dispatcher.drain();
        h.clock.advance(Duration.ofMinutes(1));
    }

    @AfterEach
    void closeTheAdapters() {
        fixture.close();
    }

    // ------------------------------------------------------------------ PARTNER_PERMISSION_REQUIRED

    @Test
    void tenantWithoutPartnerPermissionIsRefusedEveryPartnerAction() {
        Principal admin = adminOf(NOT_A_PARTNER);

        for (ThrowingCallable call : List.<ThrowingCallable>of(
                () -> facade.addCustomerAccount(admin, LONE_CUSTOMER.administratorEmail()),
                () -> facade.listAccounts(admin, AccountQuery.firstPage()),
                () -> facade.resendInvitation(admin, pending),
                () -> facade.loginToCustomer(admin, connected),
                () -> facade.deleteAccount(admin, connected))) {
            DelegationException refusal = assertRefusedWithoutChange(ErrorCode.PARTNER_PERMISSION_REQUIRED, call);
            assertThat(refusal.getMessage()).contains("partner permission", NOT_A_PARTNER.accountNumber().value());
        }
    }

    @Test
    void partnerWhosePermissionWasRevokedIsRefusedLikeAnyNonPartner() {
        facade.revokePartnerPermission(operator(), OTHER_PARTNER.id());

        assertRefusedWithoutChange(ErrorCode.PARTNER_PERMISSION_REQUIRED,
                () -> facade.addCustomerAccount(adminOf(OTHER_PARTNER), LONE_CUSTOMER.administratorEmail()));
        assertRefusedWithoutChange(ErrorCode.PARTNER_PERMISSION_REQUIRED,
                () -> facade.resendInvitation(adminOf(OTHER_PARTNER), otherPartnersPending));
    }

    // ------------------------------------------------------------------ ADMINISTRATOR_REQUIRED

    @Test
    void memberOfThePartnerCannotChangeAnything() {
        Principal member = memberOf(PARTNER);

        for (ThrowingCallable call : List.<ThrowingCallable>of(
                () -> facade.addCustomerAccount(member, LONE_CUSTOMER.administratorEmail()),
                () -> facade.resendInvitation(member, pending),
                () -> facade.loginToCustomer(member, connected),
                () -> facade.deleteAccount(member, connected))) {
            DelegationException refusal = assertRefusedWithoutChange(ErrorCode.ADMINISTRATOR_REQUIRED, call);
            assertThat(refusal.getMessage()).contains("administrator", member.userId().value());
        }
    }

    @Test
    void memberOfTheCustomerCannotDisassociateItsPartner() {
        DelegationException refusal = assertRefusedWithoutChange(ErrorCode.ADMINISTRATOR_REQUIRED,
                () -> facade.disassociatePartner(memberOf(CONNECTED_CUSTOMER)));

        assertThat(refusal.getMessage()).contains("administrator");
        assertThat(facade.currentPartner(adminOf(CONNECTED_CUSTOMER))).isPresent();
    }

    // ------------------------------------------------------------------ OPERATOR_REQUIRED

    @Test
    void onlyAnOperatorManagesThePartnerPermissionAndExpiry() {
        for (Principal notOperator : List.of(adminOf(PARTNER), adminOf(NOT_A_PARTNER), memberOf(PARTNER))) {
            for (ThrowingCallable call : List.<ThrowingCallable>of(
                    () -> facade.grantPartnerPermission(notOperator, NOT_A_PARTNER.id()),
                    () -> facade.revokePartnerPermission(notOperator, OTHER_PARTNER.id()),
                    () -> facade.expireInvitations(notOperator),
                    () -> facade.permissionAuditTrail(notOperator, PARTNER.id()))) {
                DelegationException refusal = assertRefusedWithoutChange(ErrorCode.OPERATOR_REQUIRED, call);
                assertThat(refusal.getMessage()).contains("operator");
            }
        }
    }

    // ------------------------------------------------------------------ ACCOUNT_NOT_FOUND

    @Test
    void addingAnEmailNoAccountHasIsRefused() {
        EmailAddress nobody = EmailAddress.of("nobody@nowhere.example");

        DelegationException refusal = assertRefusedWithoutChange(ErrorCode.ACCOUNT_NOT_FOUND,
                () -> facade.addCustomerAccount(adminOf(PARTNER), nobody));

        assertThat(refusal.getMessage()).contains(nobody.value());
    }

    @Test
    void addingTheEmailOfAMemberInsteadOfTheAdministratorIsRefused() {
        assertRefusedWithoutChange(ErrorCode.ACCOUNT_NOT_FOUND,
                () -> facade.addCustomerAccount(adminOf(PARTNER), EmailAddress.of("someone.else@customer6.example")));
    }

    @Test
    void operatorCannotChangeThePermissionOfAnUnknownTenant() {
        TenantId unknown = TenantId.of("no-such-tenant");

        DelegationException grant = assertRefusedWithoutChange(ErrorCode.ACCOUNT_NOT_FOUND,
                () -> facade.grantPartnerPermission(operator(), unknown));
        assertRefusedWithoutChange(ErrorCode.ACCOUNT_NOT_FOUND, () -> facade.revokePartnerPermission(operator(), unknown));

        assertThat(grant.getMessage()).contains(unknown.value());
        assertThat(facade.permissionAuditTrail(operator(), unknown)).isEmpty();
    }

    @Test
    void principalOfATenantTheDirectoryDoesNotKnowIsRefused() {
        DelegationException refusal = assertRefusedWithoutChange(ErrorCode.ACCOUNT_NOT_FOUND,
                () -> facade.addCustomerAccount(adminOf(UNKNOWN_TENANT), LONE_CUSTOMER.administratorEmail()));

        assertThat(refusal.getMessage()).contains(UNKNOWN_TENANT.id().value());
    }

    // ------------------------------------------------------------------ ALREADY_LINKED_TO_ANOTHER_TENANT

    @Test
    void addingACustomerConnectedToAnotherPartnerIsRefusedWithTheProductMessage() {
        DelegationException refusal = assertRefusedWithoutChange(ErrorCode.ALREADY_LINKED_TO_ANOTHER_TENANT,
                () -> facade.addCustomerAccount(adminOf(OTHER_PARTNER), CONNECTED_CUSTOMER.administratorEmail()));

        assertThat(refusal.getMessage()).isEqualTo("The associated account is already linked to another tenant.");
    }

    @Test
    void acceptingASecondPartnerIsRefusedWithTheProductMessage() {
        facade.acceptInvitation(adminOf(PENDING_CUSTOMER), pendingToken);

        DelegationException refusal = assertRefusedWithoutChange(ErrorCode.ALREADY_LINKED_TO_ANOTHER_TENANT,
                () -> facade.acceptInvitation(adminOf(PENDING_CUSTOMER), otherPartnersPendingToken));

        assertThat(refusal.getMessage()).isEqualTo("The associated account is already linked to another tenant.");
    }

    // ------------------------------------------------------------------ CANNOT_LINK_OWN_ACCOUNT

    @Test
    void partnerCannotAddItsOwnAccount() {
        DelegationException refusal = assertRefusedWithoutChange(ErrorCode.CANNOT_LINK_OWN_ACCOUNT,
                () -> facade.addCustomerAccount(adminOf(PARTNER), PARTNER.administratorEmail()));
        assertRefusedWithoutChange(ErrorCode.CANNOT_LINK_OWN_ACCOUNT,
                () -> facade.addCustomerAccount(adminOf(PARTNER), EmailAddress.of("ADMIN@PARTNER1.EXAMPLE")));

        assertThat(refusal.getMessage()).contains("own account");
    }

    // ------------------------------------------------------------------ DELEGATION_NOT_FOUND

    @Test
    void unknownDelegationIsNotFound() {
        DelegationId unknown = DelegationId.of(new UUID(0x1234L, 0x5678L));

        for (ThrowingCallable call : List.<ThrowingCallable>of(
                () -> facade.resendInvitation(adminOf(PARTNER), unknown),
                () -> facade.loginToCustomer(adminOf(PARTNER), unknown),
                () -> facade.deleteAccount(adminOf(PARTNER), unknown),
                () -> facade.auditTrail(adminOf(PARTNER), unknown, AuditQuery.firstPage()),
                () -> facade.auditTrail(operator(), unknown, AuditQuery.firstPage()))) {
            DelegationException refusal = assertRefusedWithoutChange(ErrorCode.DELEGATION_NOT_FOUND, call);
            assertThat(refusal.getMessage()).contains(unknown.toString());
        }
    }

    @Test
    void endedDelegationIsNotFoundForPartnerActions() {
        for (ThrowingCallable call : List.<ThrowingCallable>of(
                () -> facade.deleteAccount(adminOf(OTHER_PARTNER), removed),
                () -> facade.resendInvitation(adminOf(PARTNER), removed),
                () -> facade.loginToCustomer(adminOf(PARTNER), removed),
                () -> facade.deleteAccount(adminOf(OTHER_PARTNER), declined),
                () -> facade.resendInvitation(adminOf(OTHER_PARTNER), declined))) {
            assertRefusedWithoutChange(ErrorCode.DELEGATION_NOT_FOUND, call);
        }
    }

    @Test
    void anotherPartnersDelegationIsNotFound() {
        assertRefusedWithoutChange(ErrorCode.DELEGATION_NOT_FOUND, () -> facade.deleteAccount(adminOf(OTHER_PARTNER), connected));
        assertRefusedWithoutChange(ErrorCode.DELEGATION_NOT_FOUND, () -> facade.loginToCustomer(adminOf(OTHER_PARTNER), connected));
        assertRefusedWithoutChange(ErrorCode.DELEGATION_NOT_FOUND,
                () -> facade.auditTrail(adminOf(OTHER_PARTNER), connected, AuditQuery.firstPage()));
    }

    // ------------------------------------------------------------------ NOT_CONNECTED

    @Test
    void partnerCannotLogInBeforeTheCustomerAccepts() {
        DelegationException refusal = assertRefusedWithoutChange(ErrorCode.NOT_CONNECTED,
                () -> facade.loginToCustomer(adminOf(PARTNER), pending));

        assertThat(refusal.getMessage()).contains(PENDING_CUSTOMER.administratorEmail().value(), "accepted");
    }

    @Test
    void customerWithoutPartnerHasNothingToDisassociate() {
        DelegationException refusal = assertRefusedWithoutChange(ErrorCode.NOT_CONNECTED,
                () -> facade.disassociatePartner(adminOf(LONE_CUSTOMER)));
        assertRefusedWithoutChange(ErrorCode.NOT_CONNECTED, () -> facade.disassociatePartner(adminOf(PENDING_CUSTOMER)));

        assertThat(refusal.getMessage()).contains("no connected partner");
    }

    // ------------------------------------------------------------------ NOT_PENDING

    @Test
    void invitationOfAConnectedAccountCannotBeResent() {
        DelegationException refusal = assertRefusedWithoutChange(ErrorCode.NOT_PENDING,
                () -> facade.resendInvitation(adminOf(PARTNER), connected));

        assertThat(refusal.getMessage()).contains(CONNECTED_CUSTOMER.administratorEmail().value(), "already connected");
    }

    // ------------------------------------------------------------------ INVITATION_INVALID

    static Stream<Arguments> malformedTokens() {
        String almost = "A".repeat(SecretToken.TEXT_LENGTH - 1);
        return Stream.of(
                Arguments.of("null", null),
                Arguments.of("empty", ""),
                Arguments.of("blank", "   "),
                Arguments.of("short", "abc"),
                Arguments.of("one character too short", almost),
                Arguments.of("one character too long", almost + "AA"),
                Arguments.of("padded base64", almost + "="),
                Arguments.of("not base64url", almost + "+"),
                Arguments.of("a NUL byte", almost + "\u0000"),
                Arguments.of("a right-to-left mark", almost + "\u202E"),
                Arguments.of("a path", "../../../../etc/passwd/../../../../../../.."));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("malformedTokens")
    void malformedInvitationTokenIsInvalid(String description, String token) {
        DelegationException accept = assertRefusedWithoutChange(ErrorCode.INVITATION_INVALID,
                () -> facade.acceptInvitation(adminOf(PENDING_CUSTOMER), token));
        assertRefusedWithoutChange(ErrorCode.INVITATION_INVALID, () -> facade.declineInvitation(adminOf(PENDING_CUSTOMER), token));

        assertThat(accept.getMessage()).contains("not valid");
    }

    @Test
    void wellFormedButUnknownInvitationTokenIsInvalid() {
        String unknown = SecretToken.generate(new Random(99)).reveal();

        assertRefusedWithoutChange(ErrorCode.INVITATION_INVALID, () -> facade.acceptInvitation(adminOf(PENDING_CUSTOMER), unknown));
        assertRefusedWithoutChange(ErrorCode.INVITATION_INVALID, () -> facade.declineInvitation(adminOf(PENDING_CUSTOMER), unknown));
    }

    @Test
    void sessionTokenIsNotAnInvitationToken() {
        assertRefusedWithoutChange(ErrorCode.INVITATION_INVALID, () -> facade.acceptInvitation(adminOf(CONNECTED_CUSTOMER), liveSession));
    }

    @Test
    void usedInvitationTokenIsInvalid() {
        DelegationException again = assertRefusedWithoutChange(ErrorCode.INVITATION_INVALID,
                () -> facade.acceptInvitation(adminOf(DECLINING_CUSTOMER), declinedToken));
        // Declining a declined link again answers as done (RetryContract); declining a link that was accepted is refused.
        assertRefusedWithoutChange(ErrorCode.INVITATION_INVALID, () -> facade.declineInvitation(adminOf(CONNECTED_CUSTOMER), connectedToken));

        assertThat(again.getMessage()).contains("already been answered");
    }

    @Test
    void supersededInvitationTokenIsInvalid() {
        DelegationException refusal = assertRefusedWithoutChange(ErrorCode.INVITATION_INVALID,
                () -> facade.acceptInvitation(adminOf(RE_INVITED_CUSTOMER), supersededToken));
        assertRefusedWithoutChange(ErrorCode.INVITATION_INVALID, () -> facade.declineInvitation(adminOf(RE_INVITED_CUSTOMER), supersededToken));

        assertThat(refusal.getMessage()).contains("latest invitation");
        assertThat(facade.acceptInvitation(adminOf(RE_INVITED_CUSTOMER), currentReInvitationToken).status()).isEqualTo(DelegationStatus.CONNECTED);
    }

    @Test
    void invitationOfADeletedAccountIsInvalid() {
        assertRefusedWithoutChange(ErrorCode.INVITATION_INVALID, () -> facade.acceptInvitation(adminOf(REMOVED_CUSTOMER), removedToken));
        assertRefusedWithoutChange(ErrorCode.INVITATION_INVALID, () -> facade.declineInvitation(adminOf(REMOVED_CUSTOMER), removedToken));
    }

    @Test
    void invitationOfADisassociatedPartnerIsInvalid() {
        facade.disassociatePartner(adminOf(CONNECTED_CUSTOMER));

        assertRefusedWithoutChange(ErrorCode.INVITATION_INVALID, () -> facade.acceptInvitation(adminOf(CONNECTED_CUSTOMER), connectedToken));
    }

    // ------------------------------------------------------------------ INVITATION_EXPIRED

    @Test
    void expiredInvitationIsRefusedAsExpired() {
        // The first use of an expired link commits the expiry before refusing (see the scenario
        // contract), so let the operator's sweep expire them first: then a refusal changes nothing.
        h.clock.advance(DelegationSettings.DEFAULT_INVITATION_TTL.plusDays(1));
        assertThat(facade.expireInvitations(operator())).isEqualTo(3);

        DelegationException accept = assertRefusedWithoutChange(ErrorCode.INVITATION_EXPIRED,
                () -> facade.acceptInvitation(adminOf(PENDING_CUSTOMER), pendingToken));
        assertRefusedWithoutChange(ErrorCode.INVITATION_EXPIRED, () -> facade.declineInvitation(adminOf(PENDING_CUSTOMER), pendingToken));
        assertRefusedWithoutChange(ErrorCode.INVITATION_EXPIRED,
                () -> facade.acceptInvitation(adminOf(RE_INVITED_CUSTOMER), currentReInvitationToken));

        assertThat(accept.getMessage()).contains("expired");
    }

    // ------------------------------------------------------------------ INVITATION_FOR_ANOTHER_ACCOUNT

    @Test
    void invitationAnsweredByAnotherTenantsAdministratorIsRefused() {
        for (Principal stranger : List.of(adminOf(LONE_CUSTOMER), adminOf(CONNECTED_CUSTOMER), adminOf(PARTNER), adminOf(OTHER_PARTNER))) {
            DelegationException refusal = assertRefusedWithoutChange(ErrorCode.INVITATION_FOR_ANOTHER_ACCOUNT,
                    () -> facade.acceptInvitation(stranger, pendingToken));
            assertRefusedWithoutChange(ErrorCode.INVITATION_FOR_ANOTHER_ACCOUNT, () -> facade.declineInvitation(stranger, pendingToken));
            assertThat(refusal.getMessage()).as("tells what to do, names no account to whoever holds the link")
                    .contains("Sign in as the account the invitation mail was addressed to")
                    .doesNotContain(PENDING_CUSTOMER.accountNumber().value())
                    .doesNotContain(PENDING_CUSTOMER.administratorEmail().value());
        }
    }

    @Test
    void invitationAnsweredByAnotherAdministratorOfTheInvitedTenantIsRefused() {
        Principal colleague = otherAdminOf(PENDING_CUSTOMER);
        Principal unverified = Principal.administrator(PENDING_CUSTOMER.id(), UserId.of("admin-without-a-verified-email"));

        for (Principal notInvited : List.of(colleague, unverified)) {
            assertRefusedWithoutChange(ErrorCode.INVITATION_FOR_ANOTHER_ACCOUNT, () -> facade.acceptInvitation(notInvited, pendingToken));
            assertRefusedWithoutChange(ErrorCode.INVITATION_FOR_ANOTHER_ACCOUNT, () -> facade.declineInvitation(notInvited, pendingToken));
        }
        Principal invitedInOtherCase = Principal.administrator(PENDING_CUSTOMER.id(), UserId.of("the-invited-account"))
                .withVerifiedEmail(EmailAddress.of(PENDING_CUSTOMER.administratorEmail().value().toUpperCase(java.util.Locale.ROOT)));
        assertThat(facade.acceptInvitation(invitedInOtherCase, pendingToken).status()).isEqualTo(DelegationStatus.CONNECTED);
    }

    @Test
    void invitationAnsweredByAMemberOfTheInvitedTenantIsRefused() {
        DelegationException refusal = assertRefusedWithoutChange(ErrorCode.INVITATION_FOR_ANOTHER_ACCOUNT,
                () -> facade.acceptInvitation(memberOf(PENDING_CUSTOMER), pendingToken));
        assertRefusedWithoutChange(ErrorCode.INVITATION_FOR_ANOTHER_ACCOUNT, () -> facade.declineInvitation(memberOf(PENDING_CUSTOMER), pendingToken));

        assertThat(refusal.getMessage()).contains("another account");
        assertThat(facade.acceptInvitation(adminOf(PENDING_CUSTOMER), pendingToken).status()).isEqualTo(DelegationStatus.CONNECTED);
    }

    @Test
    void invitationAnsweredByAnOperatorIsRefused() {
        assertRefusedWithoutChange(ErrorCode.INVITATION_FOR_ANOTHER_ACCOUNT, () -> facade.acceptInvitation(operator(), pendingToken));
    }

    // ------------------------------------------------------------------ INVALID_INPUT

    static Stream<Arguments> badEmails() {
        String local = "a".repeat(64);
        String domain = "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(54) + ".example";
        String tooLong = local + "@" + domain;
        return Stream.of(
                Arguments.of("null", null),
                Arguments.of("empty", ""),
                Arguments.of("blank", "  \t "),
                Arguments.of("no @", "admin.customer6.example"),
                Arguments.of("nothing before the @", "@customer6.example"),
                Arguments.of("nothing after the @", "admin@"),
                Arguments.of("two @", "admin@home@customer6.example"),
                Arguments.of("no dot in the domain", "admin@localhost"),
                Arguments.of("255 characters", tooLong),
                Arguments.of("a NUL byte", "admin\u0000@customer6.example"),
                Arguments.of("CR LF header injection", "admin@customer6.example\r\nBcc: victim@evil.example"),
                Arguments.of("a line feed", "ad\nmin@customer6.example"),
                Arguments.of("a right-to-left override U+202E", "admin\u202E@customer6.example"),
                Arguments.of("a zero-width space", "ad\u200Bmin@customer6.example"),
                Arguments.of("a space inside", "ad min@customer6.example"),
                Arguments.of("a space in the domain", "admin@customer 6.example"),
                Arguments.of("a non-breaking space", "ad\u00A0min@customer6.example"),
                Arguments.of("a display name", "Admin <admin@customer6.example>"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badEmails")
    void badEmailIsInvalidInput(String description, String email) {
        DelegationException refusal = assertRefusedWithoutChange(ErrorCode.INVALID_INPUT,
                () -> facade.addCustomerAccount(adminOf(PARTNER), EmailAddress.of(email)));

        assertThat(refusal.getMessage()).startsWith("email ");
    }

    @Test
    void emailOfExactly254CharactersIsAcceptedAsAnAddress() {
        String domain = "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(53) + ".example";
        EmailAddress longest = EmailAddress.of("a".repeat(64) + "@" + domain);

        assertThat(longest.value()).hasSize(EmailAddress.MAX_LENGTH);
        assertRefusedWithoutChange(ErrorCode.ACCOUNT_NOT_FOUND, () -> facade.addCustomerAccount(adminOf(PARTNER), longest));
    }

    @Test
    void missingCustomerEmailIsInvalidInput() {
        DelegationException refusal = assertRefusedWithoutChange(ErrorCode.INVALID_INPUT,
                () -> facade.addCustomerAccount(adminOf(PARTNER), null));

        assertThat(refusal.getMessage()).contains("customerEmail");
    }

    static Stream<Arguments> badCursors() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return Stream.of(
                Arguments.of("empty", ""),
                Arguments.of("blank", "   "),
                Arguments.of("not base64url", "not a cursor!"),
                Arguments.of("base64 of text without a separator", b64.encodeToString("hello".getBytes(StandardCharsets.UTF_8))),
                Arguments.of("a separator in the wrong place",
                        b64.encodeToString("1234|admin@customer1.example".getBytes(StandardCharsets.UTF_8))),
                Arguments.of("36 characters that are no UUID",
                        b64.encodeToString(("x".repeat(36) + "|admin@customer1.example").getBytes(StandardCharsets.UTF_8))),
                Arguments.of("a control character in the email part",
                        b64.encodeToString((new UUID(1, 2) + "|admin\u0000@customer1.example").getBytes(StandardCharsets.UTF_8))),
                Arguments.of("far too long", "A".repeat(4096)));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badCursors")
    void badCursorIsInvalidInput(String description, String cursor) {
        DelegationException refusal = assertRefusedWithoutChange(ErrorCode.INVALID_INPUT,
                () -> facade.listAccounts(adminOf(PARTNER), AccountQuery.firstPage().after(cursor)));

        assertThat(refusal.getMessage()).startsWith("cursor ");
    }

    @Test
    void pageLimitOutsideOneToTheMaximumIsInvalidInput() {
        int max = facade.settings().maxPageSize();

        for (int limit : new int[] {0, -1, Integer.MIN_VALUE, max + 1, Integer.MAX_VALUE}) {
            DelegationException refusal = assertRefusedWithoutChange(ErrorCode.INVALID_INPUT,
                    () -> facade.listAccounts(adminOf(PARTNER), AccountQuery.firstPage().withLimit(limit)));
            assertThat(refusal.getMessage()).contains("limit", String.valueOf(limit));
        }
        assertThat(facade.listAccounts(adminOf(PARTNER), AccountQuery.firstPage().withLimit(max)).items()).isNotEmpty();
    }

    /** A use case called on behalf of nobody. */
    @FunctionalInterface
    interface CallWithoutPrincipal {
        void call(PartnerDelegation facade, ErrorCodeContract world);
    }

    static Stream<Arguments> useCasesWithoutPrincipal() {
        return Stream.of(
                nobody("addCustomerAccount", (f, w) -> f.addCustomerAccount(null, LONE_CUSTOMER.administratorEmail())),
                nobody("listAccounts", (f, w) -> f.listAccounts(null, AccountQuery.firstPage())),
                nobody("resendInvitation", (f, w) -> f.resendInvitation(null, w.pending)),
                nobody("loginToCustomer", (f, w) -> f.loginToCustomer(null, w.connected)),
                nobody("deleteAccount", (f, w) -> f.deleteAccount(null, w.connected)),
                nobody("acceptInvitation", (f, w) -> f.acceptInvitation(null, w.pendingToken)),
                nobody("declineInvitation", (f, w) -> f.declineInvitation(null, w.pendingToken)),
                nobody("disassociatePartner", (f, w) -> f.disassociatePartner(null)),
                nobody("currentPartner", (f, w) -> f.currentPartner(null)),
                nobody("grantPartnerPermission", (f, w) -> f.grantPartnerPermission(null, NOT_A_PARTNER.id())),
                nobody("revokePartnerPermission", (f, w) -> f.revokePartnerPermission(null, PARTNER.id())),
                nobody("expireInvitations", (f, w) -> f.expireInvitations(null)),
                nobody("auditTrail", (f, w) -> f.auditTrail(null, w.connected, AuditQuery.firstPage())),
                nobody("permissionAuditTrail", (f, w) -> f.permissionAuditTrail(null, PARTNER.id())));
    }

    private static Arguments nobody(String useCase, CallWithoutPrincipal call) {
        return Arguments.of(useCase, call);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("useCasesWithoutPrincipal")
    void missingPrincipalIsInvalidInput(String useCase, CallWithoutPrincipal call) {
        DelegationException refusal = assertRefusedWithoutChange(ErrorCode.INVALID_INPUT, () -> call.call(facade, this));

        assertThat(refusal.getMessage()).containsAnyOf("actor", "operator").contains("required");
    }

    @Test
    void missingArgumentsAreInvalidInput() {
        for (ThrowingCallable call : List.<ThrowingCallable>of(
                () -> facade.resendInvitation(adminOf(PARTNER), null),
                () -> facade.loginToCustomer(adminOf(PARTNER), null),
                () -> facade.deleteAccount(adminOf(PARTNER), null),
                () -> facade.auditTrail(adminOf(PARTNER), null, AuditQuery.firstPage()),
                () -> facade.listAccounts(adminOf(PARTNER), null),
                () -> facade.grantPartnerPermission(operator(), null),
                () -> facade.revokePartnerPermission(operator(), null),
                () -> facade.permissionAuditTrail(operator(), null))) {
            assertThat(assertRefusedWithoutChange(ErrorCode.INVALID_INPUT, call).getMessage()).contains("required");
        }
    }

    @Test
    void malformedIdentifiersAreInvalidInput() {
        for (ThrowingCallable call : List.<ThrowingCallable>of(
                () -> facade.deleteAccount(adminOf(PARTNER), DelegationId.parse("not-a-uuid")),
                () -> facade.deleteAccount(adminOf(PARTNER), DelegationId.parse(connected + "\u0000")),
                () -> facade.grantPartnerPermission(operator(), TenantId.of("tenant\r\nx")),
                () -> facade.grantPartnerPermission(operator(), TenantId.of("t".repeat(TenantId.MAX_LENGTH + 1))))) {
            assertRefusedWithoutChange(ErrorCode.INVALID_INPUT, call);
        }
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Runs the call, expects it refused with {@code code} and a message for people that leaks no
     * token, and checks that nothing observable changed: the state the ports show, the account
     * lists and the live session.
     */
    protected DelegationException assertRefusedWithoutChange(ErrorCode code, ThrowingCallable call) {
        ObservedState before = observe();
        List<List<AccountListEntry>> listsBefore = accountLists();
        List<OutboxEntry> pendingBefore = fixture.delegationStore().outboxEntries(OutboxStatus.PENDING, 100);
        Optional<DelegatedSession> sessionBefore = facade.validateSession(liveSession);

        Throwable thrown = catchThrowable(call);

        assertThat(thrown).as("the call should have been refused with a DelegationException").isInstanceOf(DelegationException.class);
        DelegationException refusal = (DelegationException) thrown;
        assertThat(refusal.code()).as("code of: %s", refusal.getMessage()).isEqualTo(code);
        assertThat(refusal.getMessage()).as("a message for people").isNotBlank().hasSizeGreaterThan(10);
        for (String secret : secrets()) {
            assertThat(refusal.getMessage()).doesNotContain(secret);
            assertThat(refusal.toString()).doesNotContain(secret);
        }
        assertThat(fixture.delegationStore().outboxEntries(OutboxStatus.PENDING, 100)).as("outbox").isEqualTo(pendingBefore);
        assertThat(accountLists()).as("account lists").isEqualTo(listsBefore);
        assertThat(observe()).as("everything the adapters show").isEqualTo(before);
        assertThat(facade.validateSession(liveSession)).as("the live session").isEqualTo(sessionBefore);
        return refusal;
    }

    private List<String> secrets() {
        return List.of(connectedToken, pendingToken, otherPartnersPendingToken, declinedToken, supersededToken,
                currentReInvitationToken, removedToken, liveSession);
    }

    private ObservedState observe() {
        List<String> invitations = secrets().subList(0, secrets().size() - 1);
        return ObservedState.capture(h, tenants, invitations, List.of(liveSession));
    }

    private List<List<AccountListEntry>> accountLists() {
        List<List<AccountListEntry>> lists = new ArrayList<>();
        for (Tenant partner : List.of(PARTNER, OTHER_PARTNER)) {
            Optional<Tenant> now = fixture.tenantDirectory().findById(partner.id());
            if (now.isPresent() && now.get().partnerPermission()) {
                lists.add(facade.listAccounts(adminOf(partner),
                        AccountQuery.firstPage().withStatuses(EnumSet.allOf(DelegationStatus.class))).items());
            }
        }
        return lists;
    }

    private DelegationId add(Tenant partner, Tenant customer) {
        return facade.addCustomerAccount(adminOf(partner), customer.administratorEmail()).delegationId();
    }

    private String tokenOf(DelegationId id) {
        return ScenarioSupport.invitationTokenOf(h, id);
    }
}
