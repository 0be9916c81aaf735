package org.partnerdelegation.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.partnerdelegation.core.contract.DelegationHarness;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Notification;
import org.partnerdelegation.core.domain.NotificationId;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.OutboxEntry;
import org.partnerdelegation.core.domain.OutboxStatus;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.core.usecase.AccountListEntry;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.Page;
import org.partnerdelegation.core.usecase.PartnerLink;
import org.partnerdelegation.core.contract.AuditTrails;

/**
 * Hostile strings in every field a host hands the library (tenant ids, user ids, account
 * numbers, emails), on H2 and on PostgreSQL: each is either refused by validation with
 * {@code INVALID_INPUT} before anything is written, or stored and read back exactly through the
 * facade and every adapter. A database error (a column too narrow, a byte the database will not
 * store) is never an acceptable way to refuse a value.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest {

    enum Field { TENANT_ID, USER_ID, ACCOUNT_NUMBER, EMAIL }

    /** Which tenant of the flow carries the hostile value. */
    enum Side { PARTNER, CUSTOMER }

    /** A hostile value and the fields whose validation lets it in; every other field must refuse it. */
    record Hostile(String name, String text, Set<Field> accepted) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final Set<Field> ALL = EnumSet.allOf(Field.class);
    private static final Set<Field> NONE = EnumSet.noneOf(Field.class);
    private static final Set<Field> NOT_EMAIL = EnumSet.of(Field.TENANT_ID, Field.USER_ID, Field.ACCOUNT_NUMBER);

    static final List<Hostile> VALUES = List.of(
            new Hostile("SQL: drop table", "'; DROP TABLE pd_delegation; --", NOT_EMAIL),
            new Hostile("SQL: or 1=1", "\" OR 1=1 --", NOT_EMAIL),
            new Hostile("SQL in an email", "x'OR'1'='1@example.com", ALL),
            new Hostile("quotes and backslashes", "O'Brien\"Ltd\\'\\\\", NOT_EMAIL),
            new Hostile("backslash in an email", "back\\slash@example.com", NOT_EMAIL),
            new Hostile("LIKE wildcards", "%_admin_%@example.com", ALL),
            new Hostile("a constraint name", "pd_delegation_one_connected_per_customer", NOT_EMAIL),
            new Hostile("10,000 characters", "x".repeat(10_000), NONE),
            new Hostile("10,000-character email", "a".repeat(9_988) + "@example.com", NONE),
            new Hostile("NUL byte", "adm\u0000in@example.com", NONE),
            new Hostile("right-to-left override U+202E", "admin\u202Emoc.elpmaxe@example.com", NONE),
            new Hostile("right-to-left mark U+200F", "\u200Fadmin@example.com", NONE),
            new Hostile("CR LF header injection", "admin@example.com\r\nBcc: all@evil.example", NONE),
            new Hostile("lone surrogate", "adm\uD800in@example.com", NONE),
            new Hostile("unassigned code point", "adm\u0378in@example.com", NONE),
            new Hostile("emoji with zero-width joiners", "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67@example.com", NONE),
            new Hostile("Cyrillic", "пётр.иванов@пример.рф", ALL),
            new Hostile("CJK", "用户@例子.中国", ALL),
            new Hostile("Arabic", "مستخدم@مثال.مصر", ALL),
            new Hostile("emoji", "\uD83D\uDE00\uD83C\uDF89@example.com", ALL),
            new Hostile("combining characters", "jose\u0301.z\u0335\u0321a\u0334lgo@example.com", ALL),
            new Hostile("leading and trailing spaces", "  padded@example.com  ", ALL),
            new Hostile("longest tenant id, in CJK", "中".repeat(TenantId.MAX_LENGTH), EnumSet.of(Field.TENANT_ID, Field.USER_ID)),
            new Hostile("one over the longest tenant id", "中".repeat(TenantId.MAX_LENGTH + 1), EnumSet.of(Field.USER_ID)),
            new Hostile("longest account number, in emoji", "\uD83D\uDE00".repeat(AccountNumber.MAX_LENGTH / 2),
                    EnumSet.of(Field.TENANT_ID, Field.USER_ID, Field.ACCOUNT_NUMBER)),
            new Hostile("longest user id", "u".repeat(UserId.MAX_LENGTH), EnumSet.of(Field.USER_ID)),
            new Hostile("longest email, in CJK", longestEmail("用", "中"), EnumSet.of(Field.USER_ID, Field.EMAIL)),
            // Lower-casing U+0130 gives two characters: the canonical form is longer than the address.
            new Hostile("longest email, of dotted capital I", longestEmail("İ", "İ"), EnumSet.of(Field.USER_ID, Field.EMAIL)));

    private final Map<String, JdbiAdapterFixture> databases = new LinkedHashMap<>();

    @BeforeAll
    void openDatabases() {
        databases.put("h2", Databases.h2());
        databases.put("postgresql", Databases.postgres());
    }

    @AfterAll
    void closeDatabases() {
        databases.values().forEach(JdbiAdapterFixture::close);
    }

    static Stream<Arguments> cases() {
        return Stream.of("h2", "postgresql").flatMap(db -> VALUES.stream().map(v -> Arguments.of(db, v)));
    }

    /** An address of exactly {@link EmailAddress#MAX_LENGTH} characters: a full local part and full domain labels. */
    static String longestEmail(String localLetter, String domainLetter) {
        String email = localLetter.repeat(64) + "@" + domainLetter.repeat(63) + "." + domainLetter.repeat(63) + "."
                + domainLetter.repeat(57) + ".com";
        if (email.length() != EmailAddress.MAX_LENGTH) {
            throw new IllegalStateException("expected " + EmailAddress.MAX_LENGTH + " characters, got " + email.length());
        }
        return email;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void everyFieldRefusesTheValueBeforeWritingOrKeepsItExactly(String db, Hostile value) {
        JdbiAdapterFixture fixture = databases.get(db);
        for (Field field : Field.values()) {
            for (Side side : Side.values()) {
                Tables.wipe(fixture.storage().jdbi());
                Map<String, Long> before = Tables.sizes(fixture.storage().jdbi());
                DelegationException refused = catchThrowableOfType(DelegationException.class,
                        () -> roundTrip(fixture, field, side, value.text()));
                String where = value.name() + " as the " + side.name().toLowerCase(Locale.ROOT) + "'s " + field;
                if (value.accepted().contains(field)) {
                    assertThat(refused).as(where + " must be stored and read back exactly").isNull();
                } else {
                    assertThat(refused).as(where + " must be refused").isNotNull();
                    assertThat(refused.code()).as(where + ": " + refused.getMessage()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(Tables.sizes(fixture.storage().jdbi())).as(where + " wrote nothing").isEqualTo(before);
                }
            }
        }
    }

    /**
     * The whole flow with the value in one field of one side: the values are built first (that is
     * where validation refuses), then every way the value comes back out is compared, character
     * for character.
     */
    private static void roundTrip(JdbiAdapterFixture fixture, Field field, Side side, String text) {
        boolean onPartner = side == Side.PARTNER;
        Tenant partner = new Tenant(TenantId.of(pick(field == Field.TENANT_ID && onPartner, text, "partner-x")),
                AccountNumber.of(pick(field == Field.ACCOUNT_NUMBER && onPartner, text, "P-1")),
                EmailAddress.of(pick(field == Field.EMAIL && onPartner, text, "admin@partner.example")), true);
        Tenant customer = new Tenant(TenantId.of(pick(field == Field.TENANT_ID && !onPartner, text, "customer-x")),
                AccountNumber.of(pick(field == Field.ACCOUNT_NUMBER && !onPartner, text, "C-1")),
                EmailAddress.of(pick(field == Field.EMAIL && !onPartner, text, "admin@customer.example")), false);
        Principal partnerAdmin = Principal.administrator(partner.id(), UserId.of(pick(field == Field.USER_ID && onPartner, text, "jane")));
        // The invited account: the customer's administrator, signed in with the address the invitation went to.
        Principal customerAdmin = Principal.administrator(customer.id(), UserId.of(pick(field == Field.USER_ID && !onPartner, text, "joe")))
                .withVerifiedEmail(customer.administratorEmail());
        // Validation keeps every value as given, but an email is trimmed.
        String expected = field == Field.EMAIL ? text.strip() : text;
        assertThat(List.of(partner.id().value(), partner.accountNumber().value(), partner.administratorEmail().value(),
                partnerAdmin.userId().value(), customer.id().value(), customer.accountNumber().value(),
                customer.administratorEmail().value(), customerAdmin.userId().value())).contains(expected);

        DelegationHarness w = new DelegationHarness(fixture);
        w.register(partner);
        w.register(customer);

        // The tenant directory, by id and by email (any spelling the core considers the same address).
        assertSameTenant(fixture.tenantDirectory().findById(partner.id()).orElseThrow(), partner);
        assertSameTenant(fixture.tenantDirectory().findById(customer.id()).orElseThrow(), customer);
        assertSameTenant(fixture.tenantDirectory().findByAdministratorEmail(customer.administratorEmail()).orElseThrow(), customer);
        assertSameTenant(fixture.tenantDirectory().findByAdministratorEmail(partner.administratorEmail()).orElseThrow(), partner);
        sameAddressSpelledInUpperCase(customer.administratorEmail()).ifPresent(upper ->
                assertSameTenant(fixture.tenantDirectory().findByAdministratorEmail(upper).orElseThrow(), customer));

        // The account list.
        DelegationId id = w.delegation.addCustomerAccount(partnerAdmin, customer.administratorEmail()).delegationId();
        Page<AccountListEntry> page = w.delegation.listAccounts(partnerAdmin, AccountQuery.firstPage());
        assertThat(page.items()).hasSize(1);
        assertThat(page.items().get(0).email().value()).isEqualTo(customer.administratorEmail().value());
        assertThat(page.items().get(0).accountNumber().value()).isEqualTo(customer.accountNumber().value());

        // The outbox, and what the notifier is handed.
        w.dispatcher.drain();
        Notification invitation = w.notifier.delivered().get(0);
        assertThat(invitation.type()).isEqualTo(NotificationType.INVITATION);
        assertThat(invitation.recipient().value()).isEqualTo(customer.administratorEmail().value());
        assertThat(invitation.customerEmail().value()).isEqualTo(customer.administratorEmail().value());
        assertThat(invitation.customerAccountNumber().value()).isEqualTo(customer.accountNumber().value());
        assertThat(invitation.partnerEmail().value()).isEqualTo(partner.administratorEmail().value());
        assertThat(invitation.partnerAccountNumber().value()).isEqualTo(partner.accountNumber().value());

        // The customer's side.
        PartnerLink link = w.delegation.acceptInvitation(customerAdmin, invitation.invitationToken().orElseThrow().reveal());
        assertSameLink(link, partner);
        assertSameLink(w.delegation.currentPartner(customerAdmin).orElseThrow(), partner);
        w.dispatcher.drain();
        assertThat(w.notifier.delivered()).extracting(n -> n.recipient().value())
                .contains(customer.administratorEmail().value(), partner.administratorEmail().value());

        // The delegated session: subject and actor.
        IssuedSession login = w.delegation.loginToCustomer(partnerAdmin, id);
        DelegatedSession session = w.delegation.validateSession(login.token().reveal()).orElseThrow();
        assertThat(session.subject().value()).isEqualTo(customer.administratorEmail().value());
        assertThat(session.customerTenant().value()).isEqualTo(customer.id().value());
        assertThat(session.actorTenant().value()).isEqualTo(partner.id().value());
        assertThat(session.actorUser().value()).isEqualTo(partnerAdmin.userId().value());

        // The audit trail: who did what to whom.
        List<AuditEvent> trail = AuditTrails.whole(w.delegation, partnerAdmin, id);
        assertThat(trail).extracting(AuditEvent::type).containsExactly(AuditEventType.CUSTOMER_ADDED,
                AuditEventType.INVITATION_ACCEPTED, AuditEventType.DELEGATED_LOGIN);
        assertThat(trail).allSatisfy(e -> assertThat(e.targetTenant().value()).isEqualTo(customer.id().value()));
        assertSameActor(trail.get(0), partnerAdmin);
        assertSameActor(trail.get(1), customerAdmin);
        assertSameActor(trail.get(2), partnerAdmin);
        assertThat(AuditTrails.whole(w.delegation, customerAdmin, id)).isEqualTo(trail);
        assertThat(Tables.violations(fixture.storage().jdbi())).isEmpty();
    }

    private static String pick(boolean hostile, String text, String plain) {
        return hostile ? text : plain;
    }

    private static Optional<EmailAddress> sameAddressSpelledInUpperCase(EmailAddress email) {
        EmailAddress upper = EmailAddress.of(email.value().toUpperCase(Locale.ROOT));
        return upper.equals(email) && !upper.value().equals(email.value()) ? Optional.of(upper) : Optional.empty();
    }

    private static void assertSameTenant(Tenant actual, Tenant expected) {
        assertThat(actual.id().value()).isEqualTo(expected.id().value());
        assertThat(actual.accountNumber().value()).isEqualTo(expected.accountNumber().value());
        assertThat(actual.administratorEmail().value()).isEqualTo(expected.administratorEmail().value());
        assertThat(actual.partnerPermission()).isEqualTo(expected.partnerPermission());
    }

    private static void assertSameLink(PartnerLink link, Tenant partner) {
        assertThat(link.partnerTenant().value()).isEqualTo(partner.id().value());
        assertThat(link.partnerAccountNumber().orElseThrow().value()).isEqualTo(partner.accountNumber().value());
        assertThat(link.partnerEmail().orElseThrow().value()).isEqualTo(partner.administratorEmail().value());
    }

    private static void assertSameActor(AuditEvent event, Principal actor) {
        assertThat(event.actorTenant().value()).as(event.type() + " actor tenant").isEqualTo(actor.tenantId().value());
        assertThat(event.actorUser().value()).as(event.type() + " actor user").isEqualTo(actor.userId().value());
    }

    /**
     * The store tells the two uniqueness violations apart by the constraint's name, not by
     * searching the whole error text: the text also carries the duplicate key's values, which
     * are tenant ids a host chose.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aTenantIdSpellingAConstraintNameDoesNotChangeHowAViolationIsReported(String db) {
        JdbiAdapterFixture fixture = databases.get(db);
        Tables.wipe(fixture.storage().jdbi());
        TenantId partner = TenantId.of("pd_delegation_one_connected_per_customer");
        Tenant customer = customer(1);
        Instant now = Instant.parse("2026-01-05T09:00:00Z");
        fixture.delegationStore().inTransaction(tx -> {
            tx.insert(Delegation.pending(DelegationId.of(UUID.randomUUID()), partner, customer, now));
            return null;
        });
        DelegationException second = catchThrowableOfType(DelegationException.class, () -> fixture.delegationStore().inTransaction(tx -> {
            tx.insert(Delegation.pending(DelegationId.of(UUID.randomUUID()), partner, customer, now));
            return null;
        }));
        assertThat(second).as("a second open delegation of the same pair").isNotNull();
        assertThat(second.code()).isEqualTo(ErrorCode.CONCURRENT_UPDATE);

        // And the other way round: a second CONNECTED delegation of a customer whose partners' ids spell the pair's index.
        Tenant connectedCustomer = customer(2);
        fixture.delegationStore().inTransaction(tx -> {
            tx.insert(Delegation.pending(DelegationId.of(UUID.randomUUID()), TenantId.of("pd_delegation_one_open_per_pair"),
                    connectedCustomer, now).accept(now));
            return null;
        });
        DelegationException linked = catchThrowableOfType(DelegationException.class, () -> fixture.delegationStore().inTransaction(tx -> {
            tx.insert(Delegation.pending(DelegationId.of(UUID.randomUUID()), TenantId.of("pd_delegation_one_open_per_pair-2"),
                    connectedCustomer, now).accept(now));
            return null;
        }));
        assertThat(linked).as("a second CONNECTED delegation of the same customer").isNotNull();
        assertThat(linked.code()).isEqualTo(ErrorCode.ALREADY_LINKED_TO_ANOTHER_TENANT);
        assertThat(linked).hasMessage(DelegationException.ALREADY_LINKED_MESSAGE);
    }

    /**
     * Failure texts come from the notifier (a mail server's reply, an exception message) and may
     * carry anything, NUL bytes included, which PostgreSQL refuses to store in a text column: the
     * store keeps a readable version instead of failing to record the failure.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aFailureTextWithNulBytesAndBrokenCharactersIsRecorded(String db) {
        JdbiAdapterFixture fixture = databases.get(db);
        Tables.wipe(fixture.storage().jdbi());
        DelegationHarness w = new DelegationHarness(fixture);
        w.register(org.partnerdelegation.core.contract.TenantFixtures.partner(1));
        w.register(customer(1));
        w.delegation.addCustomerAccount(org.partnerdelegation.core.contract.TenantFixtures.adminOf(
                org.partnerdelegation.core.contract.TenantFixtures.partner(1)), customer(1).administratorEmail());
        OutboxEntry claimed = fixture.delegationStore().claimDueNotifications(w.clock.instant(), Duration.ofMinutes(5), 10).get(0);
        NotificationId id = claimed.id();
        String error = "550 mailbox \u0000unavailable \uD800 '; DROP TABLE pd_outbox; -- " + "é".repeat(2_000);

        assertThat(fixture.delegationStore().recordFailure(id, claimed.attempts(), error,
                Optional.of(w.clock.instant().plusSeconds(60)))).isTrue();
        OutboxEntry retried = fixture.delegationStore().outboxEntries(OutboxStatus.PENDING, 10).get(0);
        assertThat(retried.lastError()).hasValueSatisfying(text -> assertThat(text)
                .startsWith("550 mailbox ").contains("unavailable").contains("'; DROP TABLE pd_outbox; -- ")
                .doesNotContain("\u0000").hasSizeLessThanOrEqualTo(OutboxEntry.MAX_ERROR_LENGTH));

        assertThat(fixture.delegationStore().recordFailure(id, claimed.attempts(), error, Optional.empty())).isTrue();
        assertThat(fixture.delegationStore().outboxEntries(OutboxStatus.FAILED, 10)).singleElement()
                .satisfies(e -> assertThat(e.lastError()).isPresent());
    }

    /**
     * Paging goes on past rows whose customer email is long in bytes (CJK) or whose canonical
     * form is longer than the address (U+0130 lower-cases to two characters): the cursor issued
     * after such a row is accepted back.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void theAccountListPagesPastLongNonLatinEmails(String db) {
        JdbiAdapterFixture fixture = databases.get(db);
        Tables.wipe(fixture.storage().jdbi());
        DelegationHarness w = new DelegationHarness(fixture);
        Tenant partner = org.partnerdelegation.core.contract.TenantFixtures.partner(1);
        w.register(partner);
        Principal admin = org.partnerdelegation.core.contract.TenantFixtures.adminOf(partner);
        // In list order (by code point on both databases): a cursor is issued after each of the first three.
        List<String> emails = List.of("admin@customer.example", longestEmail("İ", "İ"), longestEmail("用", "中"), "龥@example.com");
        for (int i = 0; i < emails.size(); i++) {
            Tenant c = new Tenant(TenantId.of("c-" + i), AccountNumber.of("C-" + i), EmailAddress.of(emails.get(i)), false);
            w.register(c);
            w.delegation.addCustomerAccount(admin, c.administratorEmail());
        }
        List<String> seen = new java.util.ArrayList<>();
        AccountQuery query = AccountQuery.firstPage().withLimit(1);
        while (true) {
            Page<AccountListEntry> page = w.delegation.listAccounts(admin, query);
            page.items().forEach(e -> seen.add(e.email().value()));
            if (page.nextCursor().isEmpty()) {
                break;
            }
            query = query.after(page.nextCursor().get());
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(emails);
    }
}
