package org.partnerdelegation.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.Authentication;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.core.usecase.AccountListEntry;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.Page;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.core.usecase.PartnerLink;
import org.partnerdelegation.jdbi.DatabaseConfig;
import org.partnerdelegation.jdbi.JdbiStorage;

/**
 * The floors are honest: on the same H2 data, each gives the library's answer, refuses with the
 * library's codes, and writes the same rows (every column but ids and instants: {@link WrittenRows}).
 */
class FloorEquivalenceTest {

    private static BenchmarkDatabase db;
    private static BenchmarkDatabase listDb;
    private static BenchmarkStorage library;
    private static BenchmarkStorage floor;

    @BeforeAll
    static void open() {
        db = SessionData.fresh(BenchmarkDatabase.H2, "equivalence");
        try (DataLoader loader = DataLoader.open(db)) {
            loader.tenants(List.of(Fixtures.partner(2)));
        }
        listDb = ListData.database(BenchmarkDatabase.H2, 1_000);
        library = BenchmarkStorage.open(db, BenchmarkStorage.LIBRARY);
        floor = BenchmarkStorage.open(db, BenchmarkStorage.FLOOR);
    }

    @AfterAll
    static void close() {
        floor.close();
        library.close();
        db.drop();
        listDb.drop();
    }

    @Test
    void validateSessionAnswersAlike() {
        for (String token : new String[] {SessionData.validToken(), SessionData.unknownToken(), "not a token", null}) {
            assertThat(floor.calls().validateSession(token)).isEqualTo(library.calls().validateSession(token));
        }
        assertThat(floor.calls().validateSession(SessionData.validToken())).isPresent();
    }

    @Test
    void listAccountsGivesTheSamePages() {
        try (BenchmarkStorage lib = BenchmarkStorage.open(listDb, BenchmarkStorage.LIBRARY);
             BenchmarkStorage flo = BenchmarkStorage.open(listDb, BenchmarkStorage.FLOOR)) {
            ListData pages = ListData.pages(listDb, 1_000);
            for (AccountQuery query : List.of(pages.first(), pages.middle(), pages.last(), pages.first().withLimit(7))) {
                Page<AccountListEntry> expected = lib.calls().listAccounts(pages.partnerAdmin(), query);
                assertThat(flo.calls().listAccounts(pages.partnerAdmin(), query)).isEqualTo(expected);
                assertThat(expected.items()).isNotEmpty();
            }
            Page<AccountListEntry> second = lib.calls().listAccounts(pages.partnerAdmin(),
                    pages.first().after(lib.calls().listAccounts(pages.partnerAdmin(), pages.first()).nextCursor().orElseThrow()));
            assertThat(flo.calls().listAccounts(pages.partnerAdmin(),
                    pages.first().after(flo.calls().listAccounts(pages.partnerAdmin(), pages.first()).nextCursor().orElseThrow())))
                    .isEqualTo(second);
            Principal stranger = Fixtures.adminOf(Fixtures.partner(9));
            sameRefusal(() -> lib.calls().listAccounts(stranger, pages.first()), () -> flo.calls().listAccounts(stranger, pages.first()));
        }
    }

    @Test
    void loginIssuesTheSameSessionAndAuditEvent() {
        Principal admin = SessionData.partnerAdmin();
        DelegationId lib = SessionData.delegationId(11);
        DelegationId flo = SessionData.delegationId(12);
        IssuedSession bySession = library.calls().loginToCustomer(admin, lib);
        IssuedSession byFloor = floor.calls().loginToCustomer(admin, flo);
        assertThat(withoutIds(byFloor.session())).isEqualTo(withoutIds(bySession.session()).replace("customer-11", "customer-12")
                .replace("customer11", "customer12").replace(lib.toString(), flo.toString()));
        assertThat(library.calls().validateSession(byFloor.token().reveal())).contains(byFloor.session());
        assertThat(floor.calls().validateSession(bySession.token().reveal())).contains(bySession.session());
        assertThat(rows(flo, 12)).isEqualTo(rows(lib, 11));

        Principal notSteppedUp = Principal.administrator(admin.tenantId(), admin.userId());
        sameRefusal(() -> library.calls().loginToCustomer(notSteppedUp, lib), () -> floor.calls().loginToCustomer(notSteppedUp, lib));
        Principal passwordOnly = notSteppedUp.withAuthentication(Authentication.of(java.time.Instant.now(), "pwd"));
        sameRefusal(() -> library.calls().loginToCustomer(passwordOnly, lib), () -> floor.calls().loginToCustomer(passwordOnly, lib));
        Principal member = Principal.member(admin.tenantId(), UserId.of("member"));
        sameRefusal(() -> library.calls().loginToCustomer(member, lib), () -> floor.calls().loginToCustomer(member, lib));
        DelegationId unknown = DelegationId.of(UUID.randomUUID());
        sameRefusal(() -> library.calls().loginToCustomer(admin, unknown), () -> floor.calls().loginToCustomer(admin, unknown));
        Principal otherPartner = Fixtures.adminOf(Fixtures.partner(9));
        sameRefusal(() -> library.calls().loginToCustomer(otherPartner, lib), () -> floor.calls().loginToCustomer(otherPartner, lib));
    }

    @Test
    void theLoginLimitsDisplaceAndRefuseAlike() {
        Principal user = SessionData.loginUser(7);
        DelegationId lib = SessionData.delegationId(13);
        DelegationId flo = SessionData.delegationId(14);
        // 30 logins within a minute: from the sixth on, each ends the oldest live session; the 31st is refused.
        for (int i = 0; i < 30; i++) {
            library.calls().loginToCustomer(user, lib);
            floor.calls().loginToCustomer(user, flo);
        }
        assertThat(rows(flo, 14)).isEqualTo(rows(lib, 13));
        assertThat(rows(lib, 13).stream().filter(row -> row.contains("|event_type=SESSION_DISPLACED|")).count()).isEqualTo(25);
        sameRefusal(() -> library.calls().loginToCustomer(user, lib), () -> floor.calls().loginToCustomer(user, flo));
    }

    @Test
    void addThenDeleteWriteTheSameRows() {
        List<Tenant> customers = new FreshCustomers(db, 2_000_001).make(2);
        Principal admin = SessionData.partnerAdmin();
        AccountListEntry lib = library.calls().addCustomerAccount(admin, customers.get(0).administratorEmail());
        AccountListEntry flo = floor.calls().addCustomerAccount(admin, customers.get(1).administratorEmail());
        assertThat(flo.actions()).isEqualTo(lib.actions());
        assertThat(flo.status()).isEqualTo(lib.status());
        assertThat(rows(flo.delegationId(), 2_000_002)).isEqualTo(rows(lib.delegationId(), 2_000_001));

        // Again: the open row comes back; with the other's customer too.
        assertThat(floor.calls().addCustomerAccount(admin, customers.get(0).administratorEmail())).isEqualTo(lib);
        assertThat(library.calls().addCustomerAccount(admin, customers.get(1).administratorEmail())).isEqualTo(flo);
        EmailAddress connected = Fixtures.customer(5).administratorEmail();
        assertThat(floor.calls().addCustomerAccount(admin, connected)).isEqualTo(library.calls().addCustomerAccount(admin, connected));
        for (EmailAddress email : new EmailAddress[] {EmailAddress.of("nobody@nowhere.example"), Fixtures.partner(1).administratorEmail()}) {
            sameRefusal(() -> library.calls().addCustomerAccount(admin, email), () -> floor.calls().addCustomerAccount(admin, email));
        }
        Principal otherPartner = Fixtures.adminOf(Fixtures.partner(2));
        sameRefusal(() -> library.calls().addCustomerAccount(otherPartner, connected),
                () -> floor.calls().addCustomerAccount(otherPartner, connected));
        Principal unknownPartner = Fixtures.adminOf(Fixtures.partner(9));
        sameRefusal(() -> library.calls().addCustomerAccount(unknownPartner, connected),
                () -> floor.calls().addCustomerAccount(unknownPartner, connected));

        library.calls().deleteAccount(admin, lib.delegationId());
        floor.calls().deleteAccount(admin, flo.delegationId());
        assertThat(rows(flo.delegationId(), 2_000_002)).isEqualTo(rows(lib.delegationId(), 2_000_001));
        // Deleting again (a retry after OUTCOME_UNKNOWN) answers as done on both, and writes nothing more.
        library.calls().deleteAccount(admin, lib.delegationId());
        floor.calls().deleteAccount(admin, flo.delegationId());
        assertThat(rows(flo.delegationId(), 2_000_002)).isEqualTo(rows(lib.delegationId(), 2_000_001));
        // Within the cool-down, adding either customer again is refused alike.
        sameRefusal(() -> library.calls().addCustomerAccount(admin, customers.get(1).administratorEmail()),
                () -> floor.calls().addCustomerAccount(admin, customers.get(0).administratorEmail()));

        // A CONNECTED delegation: sessions revoked, the customer told.
        library.calls().deleteAccount(admin, SessionData.delegationId(21));
        floor.calls().deleteAccount(admin, SessionData.delegationId(22));
        assertThat(rows(SessionData.delegationId(22), 22)).isEqualTo(rows(SessionData.delegationId(21), 21));
        assertThat(library.calls().validateSession(Fixtures.token("session-22").reveal())).isEmpty();
    }

    @Test
    void acceptInvitationConnectsAlike() {
        List<OpenInvitations.Invite> invites = new OpenInvitations(db, 3_000_001).make(2);
        PartnerLink lib = library.calls().acceptInvitation(invites.get(0).invited(), invites.get(0).token());
        PartnerLink flo = floor.calls().acceptInvitation(invites.get(1).invited(), invites.get(1).token());
        assertThat(new PartnerLink(lib.delegationId(), flo.partnerTenant(), flo.partnerAccountNumber(), flo.partnerEmail(),
                flo.status(), lib.since(), flo.roles(), flo.endsAt(), flo.accessUntil(), flo.rules(), flo.requestedChange()))
                .isEqualTo(lib);
        DelegationId libId = lib.delegationId();
        DelegationId floId = flo.delegationId();
        assertThat(rows(floId, 3_000_002)).isEqualTo(rows(libId, 3_000_001));
        // A second click on the same link answers the same link.
        assertThat(floor.calls().acceptInvitation(invites.get(0).invited(), invites.get(0).token())).isEqualTo(lib);
        assertThat(library.calls().acceptInvitation(invites.get(1).invited(), invites.get(1).token())).isEqualTo(flo);

        List<OpenInvitations.Invite> more = new OpenInvitations(db, 3_000_011).make(1);
        Principal wrong = Fixtures.adminOf(Fixtures.customer(3_000_001));
        sameRefusal(() -> library.calls().acceptInvitation(wrong, more.get(0).token()),
                () -> floor.calls().acceptInvitation(wrong, more.get(0).token()));
        sameRefusal(() -> library.calls().acceptInvitation(wrong, "malformed"), () -> floor.calls().acceptInvitation(wrong, "malformed"));
        sameRefusal(() -> library.calls().acceptInvitation(wrong, SessionData.unknownToken()),
                () -> floor.calls().acceptInvitation(wrong, SessionData.unknownToken()));
    }

    @Test
    void anotherPartnerAddsACustomerWhoseLinkEndedAlike() throws SQLException {
        // Customers 41 and 42 of partner 1: their access ended an hour ago, and no job has recorded it.
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("UPDATE pd_delegation SET term_seconds = 86400,"
                + " ends_at = ?, access_until = ? WHERE delegation_id IN (?, ?)")) {
            java.time.OffsetDateTime ended = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusHours(1);
            ps.setObject(1, ended);
            ps.setObject(2, ended);
            ps.setObject(3, SessionData.delegationId(41).value());
            ps.setObject(4, SessionData.delegationId(42).value());
            assertThat(ps.executeUpdate()).isEqualTo(2);
        }
        Principal otherPartner = Fixtures.adminOf(Fixtures.partner(2));

        AccountListEntry lib = library.calls().addCustomerAccount(otherPartner, Fixtures.customer(41).administratorEmail());
        AccountListEntry flo = floor.calls().addCustomerAccount(otherPartner, Fixtures.customer(42).administratorEmail());

        assertThat(flo.status()).isEqualTo(lib.status()).isEqualTo(org.partnerdelegation.core.domain.DelegationStatus.PENDING);
        assertThat(flo.actions()).isEqualTo(lib.actions());
        assertThat(rows(flo.delegationId(), 42)).isEqualTo(rows(lib.delegationId(), 41));
        assertThat(rows(SessionData.delegationId(42), 42)).as("the ended link left as it was")
                .isEqualTo(rows(SessionData.delegationId(41), 41));
    }

    @Test
    void aDeclinedLinkIsRefusedAlikeAsAnswered() {
        OpenInvitations.Invite invite = new OpenInvitations(db, 3_000_021).make(1).get(0);
        try (JdbiStorage storage = JdbiStorage.connect(DatabaseConfig.of(db.url(), db.user(), db.password())
                .withInstallSchema(false))) {
            PartnerDelegation.builder().tenantDirectory(storage.tenantDirectory()).delegationStore(storage.delegationStore())
                    .sessionIssuer(storage.sessionIssuer()).build().declineInvitation(invite.invited(), invite.token());
        }

        DelegationException byLibrary = refusal(() -> library.calls().acceptInvitation(invite.invited(), invite.token()));
        DelegationException byFloor = refusal(() -> floor.calls().acceptInvitation(invite.invited(), invite.token()));

        assertThat(byFloor.code()).isEqualTo(byLibrary.code()).isEqualTo(ErrorCode.INVITATION_INVALID);
        assertThat(byFloor.getMessage()).as("the floor reads DECLINED as answered").isEqualTo(byLibrary.getMessage())
                .isEqualTo("This invitation has already been answered.");
    }

    private static DelegationException refusal(Runnable call) {
        try {
            call.run();
        } catch (DelegationException e) {
            return e;
        }
        throw new AssertionError("expected a refusal");
    }

    private static void sameRefusal(Runnable byLibrary, Runnable byFloor) {
        ErrorCode expected = codeOf(byLibrary);
        assertThat(codeOf(byFloor)).as("the floor's refusal").isEqualTo(expected);
    }

    private static ErrorCode codeOf(Runnable call) {
        try {
            call.run();
        } catch (DelegationException e) {
            return e.code();
        }
        throw new AssertionError("expected a refusal");
    }

    private static String withoutIds(DelegatedSession s) {
        return String.join("|", s.delegationId().toString(), s.customerTenant().value(), s.subject().value(), s.actorTenant().value(),
                s.actorUser().value(), s.scope(), Long.toString(s.permissionEpoch()),
                Boolean.toString(s.revokedAt().isPresent()), Duration.between(s.issuedAt(), s.expiresAt()).toString());
    }

    /** What the tables say about the delegation: every column but ids and instants, its customer's names as placeholders. */
    private static List<String> rows(DelegationId id, long customer) {
        return WrittenRows.of(db, id, Fixtures.customer(customer));
    }
}
