package org.partnerdelegation.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.ContractAssertions.assertFailsWith;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.operator;
import static org.partnerdelegation.core.contract.TenantFixtures.otherAdminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.io.IOException;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.partnerdelegation.core.contract.DelegationHarness;
import org.partnerdelegation.core.domain.CustomerSettings;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.LoginNotice;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.usecase.AccountListEntry;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.LoginRequest;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.core.usecase.PartnerLink;

/**
 * A connection lost between COMMIT and its reply, on a real PostgreSQL server: a
 * {@link CommitCuttingProxy} between the pool and the server lets the COMMIT through, drops its
 * reply and closes the connection. The server has committed; the call answers
 * {@code OUTCOME_UNKNOWN}, not "nothing was changed"; the retry of the same call answers as done
 * (or with the same row, link or session) and writes nothing twice. A connection cut before the
 * COMMIT still answers {@code STORAGE_UNAVAILABLE} and wrote nothing. The pool holds one
 * connection, so every call after a cut proves the broken connection was not handed out again.
 * What is stored is read on a connection of its own, around the proxy.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PostgresOutcomeUnknownTest {

    private static final Tenant PARTNER = partner(1);
    private static final Tenant OTHER_PARTNER = partner(2);
    private static final Tenant CUSTOMER = customer(1);
    private static final Tenant OTHER_CUSTOMER = customer(2);

    private String directUrl;
    private CommitCuttingProxy proxy;
    private JdbiAdapterFixture fixture;
    private DelegationHarness h;
    private PartnerDelegation facade;

    @BeforeEach
    void connectThroughTheProxy() throws IOException {
        directUrl = Databases.newPostgresDatabase();
        proxy = new CommitCuttingProxy("localhost", Databases.postgresServer().getPort());
        String path = directUrl.contains("?") ? directUrl.substring(0, directUrl.indexOf('?')) : directUrl;
        String name = path.substring(path.lastIndexOf('/') + 1);
        String proxied = "jdbc:postgresql://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + proxy.port() + "/" + name
                + "?sslmode=disable&gssEncMode=disable";
        fixture = new JdbiAdapterFixture(JdbiStorage.connect(Databases.postgresConfig(proxied).withMaximumPoolSize(1)
                .withConnectionTimeout(Duration.ofSeconds(5))), () -> { });
        h = new DelegationHarness(fixture);
        facade = h.delegation;
        h.register(PARTNER);
        h.register(OTHER_PARTNER);
        h.register(CUSTOMER);
        h.register(OTHER_CUSTOMER);
    }

    @AfterEach
    void closeEverything() {
        try {
            fixture.close();
        } finally {
            proxy.close();
            Databases.dropQuietly(directUrl);
        }
    }

    /** Runs the call with the proxy armed to drop its COMMIT's reply: it must answer OUTCOME_UNKNOWN, once the COMMIT went through. */
    private DelegationException lostCommitReply(ThrowingCallable call) throws InterruptedException {
        CountDownLatch cut = proxy.cutAfterCommit();
        DelegationException unknown = assertFailsWith(ErrorCode.OUTCOME_UNKNOWN, call);
        assertThat(cut.await(10, TimeUnit.SECONDS)).as("the proxy cut the connection after the COMMIT").isTrue();
        assertThat(unknown.getMessage()).contains("may or may not have been written").contains("Retry the same call");
        assertThat(unknown.getCause()).as("the driver's failure is kept").isInstanceOf(SQLException.class);
        return unknown;
    }

    private long count(String sql, Object... args) throws SQLException {
        try (Connection c = DriverManager.getConnection(directUrl); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long events(String type) throws SQLException {
        return count("SELECT COUNT(*) FROM pd_audit_event WHERE event_type = ?", type);
    }

    private long mails(String type) throws SQLException {
        return count("SELECT COUNT(*) FROM pd_outbox WHERE notification_type = ?", type);
    }

    private String status(DelegationId id) throws SQLException {
        try (Connection c = DriverManager.getConnection(directUrl);
             PreparedStatement s = c.prepareStatement("SELECT status FROM pd_delegation WHERE delegation_id = ?")) {
            s.setObject(1, id.value());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @Test
    void anAddWhoseCommitReplyIsLostIsWrittenAndItsRetryReturnsTheSameRow() throws Exception {
        lostCommitReply(() -> facade.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail()));
        assertThat(count("SELECT COUNT(*) FROM pd_delegation WHERE customer_tenant = ?", CUSTOMER.id().value())).isEqualTo(1);

        AccountListEntry retried = facade.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail());

        assertThat(retried.status()).isEqualTo(DelegationStatus.PENDING);
        assertThat(facade.listAccounts(adminOf(PARTNER), AccountQuery.firstPage()).items()).singleElement()
                .satisfies(row -> assertThat(row.delegationId()).isEqualTo(retried.delegationId()));
        assertThat(count("SELECT COUNT(*) FROM pd_delegation WHERE customer_tenant = ?", CUSTOMER.id().value())).isEqualTo(1);
        assertThat(events("CUSTOMER_ADDED")).isEqualTo(1);
        assertThat(mails("INVITATION")).isEqualTo(1);
    }

    @Test
    void anAcceptWhoseCommitReplyIsLostIsConnectedAndItsRetryAnswersConnected() throws Exception {
        DelegationId id = facade.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail()).delegationId();
        String token = h.invitationTokenFor(CUSTOMER);

        lostCommitReply(() -> facade.acceptInvitation(adminOf(CUSTOMER), token));
        assertThat(status(id)).isEqualTo("CONNECTED");
        PartnerLink retried = facade.acceptInvitation(adminOf(CUSTOMER), token);

        assertThat(retried.status()).isEqualTo(DelegationStatus.CONNECTED);
        assertThat(retried.delegationId()).isEqualTo(id);
        assertThat(events("INVITATION_ACCEPTED")).isEqualTo(1);
        assertThat(mails("ACCEPTANCE_NOTICE")).isEqualTo(1);
        assertFailsWith(ErrorCode.INVITATION_FOR_ANOTHER_ACCOUNT, () -> facade.acceptInvitation(adminOf(OTHER_CUSTOMER), token));
    }

    @Test
    void aDeleteWhoseCommitReplyIsLostHappenedAndItsRetryAnswersAsDone() throws Exception {
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        IssuedSession session = facade.loginToCustomer(adminOf(PARTNER), id);

        lostCommitReply(() -> facade.deleteAccount(adminOf(PARTNER), id));
        assertThat(status(id)).isEqualTo("REMOVED");
        facade.deleteAccount(adminOf(PARTNER), id);

        assertThat(events("ACCOUNT_DELETED")).isEqualTo(1);
        assertThat(mails("REMOVAL_NOTICE_TO_CUSTOMER")).isEqualTo(1);
        assertThat(facade.validateSession(session.token().reveal())).isEmpty();
        assertFailsWith(ErrorCode.DELEGATION_NOT_FOUND, () -> facade.deleteAccount(adminOf(OTHER_PARTNER), id));
    }

    @Test
    void aDisassociationWhoseCommitReplyIsLostHappenedAndItsRetryAnswersAsDone() throws Exception {
        DelegationId id = h.connect(PARTNER, CUSTOMER);

        lostCommitReply(() -> facade.disassociatePartner(adminOf(CUSTOMER)));
        assertThat(status(id)).isEqualTo("REMOVED");
        facade.disassociatePartner(adminOf(CUSTOMER));

        assertThat(events("PARTNER_DISASSOCIATED")).isEqualTo(1);
        assertThat(mails("REMOVAL_NOTICE_TO_PARTNER")).isEqualTo(1);
        assertFailsWith(ErrorCode.NOT_CONNECTED, () -> facade.disassociatePartner(adminOf(OTHER_CUSTOMER)));
    }

    @Test
    void aDeclineWhoseCommitReplyIsLostHappenedAndItsRetryAnswersAsDone() throws Exception {
        DelegationId id = facade.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail()).delegationId();
        String token = h.invitationTokenFor(CUSTOMER);

        lostCommitReply(() -> facade.declineInvitation(adminOf(CUSTOMER), token));
        assertThat(status(id)).isEqualTo("DECLINED");
        facade.declineInvitation(adminOf(CUSTOMER), token);

        assertThat(events("INVITATION_DECLINED")).isEqualTo(1);
        assertThat(mails("DECLINE_NOTICE")).isEqualTo(1);
    }

    @Test
    void aLoginWithAKeyWhoseCommitReplyIsLostReturnsTheSameSessionOnItsRetry() throws Exception {
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        facade.changeCustomerSettings(adminOf(CUSTOMER), CustomerSettings.DEFAULTS.withLoginNotice(LoginNotice.EACH_LOGIN));
        String key = UUID.randomUUID().toString();
        LoginRequest request = LoginRequest.roles("tenant:administrator").withIdempotencyKey(key);

        lostCommitReply(() -> facade.loginToCustomer(adminOf(PARTNER), id, request));
        assertThat(count("SELECT COUNT(*) FROM pd_session")).as("stored, and held by nobody yet").isEqualTo(1);
        IssuedSession retried = facade.loginToCustomer(adminOf(PARTNER), id, request);

        assertThat(count("SELECT COUNT(*) FROM pd_session WHERE session_id = ?", retried.session().id().value())).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM pd_session")).isEqualTo(1);
        assertThat(facade.validateSession(retried.token().reveal())).hasValueSatisfying(s ->
                assertThat(s.id()).isEqualTo(retried.session().id()));
        assertThat(events("DELEGATED_LOGIN")).isEqualTo(1);
        assertThat(mails("DELEGATED_LOGIN_NOTICE")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM pd_session WHERE login_key_hash = ?", request.idempotencyKey().orElseThrow().hash().hex()))
                .as("the key is stored as its hash").isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM pd_session WHERE login_key_hash LIKE ? OR login_request_hash LIKE ?", "%" + key + "%",
                "%" + key + "%")).as("and never as itself").isZero();
    }

    @Test
    void anotherUserWithTheSameKeyGetsNoOneElsesSessionAndOtherRolesAreRefused() throws Exception {
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        String key = "key-of-a-lost-login";
        lostCommitReply(() -> facade.loginToCustomer(adminOf(PARTNER), id, LoginRequest.roles("tenant:administrator")
                .withIdempotencyKey(key)));

        IssuedSession colleague = facade.loginToCustomer(otherAdminOf(PARTNER), id, LoginRequest.roles("tenant:administrator")
                .withIdempotencyKey(key));
        assertFailsWith(ErrorCode.INVALID_INPUT, () -> facade.loginToCustomer(adminOf(PARTNER), id,
                LoginRequest.roles("tenant:administrator").withReason("another reason").withIdempotencyKey(key)));

        assertThat(colleague.session().actorUser()).isEqualTo(otherAdminOf(PARTNER).userId());
        assertThat(count("SELECT COUNT(*) FROM pd_session WHERE actor_user = ?", adminOf(PARTNER).userId().value())).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM pd_session")).isEqualTo(2);
    }

    @Test
    void anEndOfSessionWhoseCommitReplyIsLostHappenedAndItsRetryAnswersFalse() throws Exception {
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        IssuedSession session = facade.loginToCustomer(adminOf(PARTNER), id);

        lostCommitReply(() -> facade.endSession(session.token().reveal()));
        assertThat(count("SELECT COUNT(*) FROM pd_session WHERE revoked_at IS NOT NULL")).isEqualTo(1);

        assertThat(facade.endSession(session.token().reveal())).isFalse();
        assertThat(facade.validateSession(session.token().reveal())).isEmpty();
    }

    @Test
    void endingEverySessionWhoseCommitReplyIsLostIsRecordedOnce() throws Exception {
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        facade.loginToCustomer(adminOf(PARTNER), id);

        lostCommitReply(() -> facade.endSessionsIntoTenant(adminOf(CUSTOMER)));

        assertThat(facade.endSessionsIntoTenant(adminOf(CUSTOMER))).isZero();
        assertThat(events("SESSIONS_ENDED")).isEqualTo(1);
    }

    @Test
    void aPermissionRevocationWhoseCommitReplyIsLostStaysRevoked() throws Exception {
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        IssuedSession session = facade.loginToCustomer(adminOf(PARTNER), id);

        lostCommitReply(() -> facade.revokePartnerPermission(operator(), PARTNER.id()));

        assertThat(count("SELECT COUNT(*) FROM pd_tenant WHERE tenant_id = ? AND partner_permission", PARTNER.id().value()))
                .as("not put back by the undo meant for a directory outside the database").isZero();
        assertThat(facade.revokePartnerPermission(operator(), PARTNER.id())
                .partnerPermission()).isFalse();
        assertThat(facade.validateSession(session.token().reveal())).isEmpty();
    }

    @Test
    void aConnectionCutBeforeTheCommitAnswersStorageUnavailableAndWroteNothing() throws Exception {
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        IssuedSession session = facade.loginToCustomer(adminOf(PARTNER), id);

        CountDownLatch cut = proxy.cutBefore("UPDATE pd_delegation");
        DelegationException refused = assertFailsWith(ErrorCode.STORAGE_UNAVAILABLE, () -> facade.deleteAccount(adminOf(PARTNER), id));
        assertThat(cut.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(refused.getMessage()).contains("nothing was changed");
        assertThat(status(id)).isEqualTo("CONNECTED");
        assertThat(events("ACCOUNT_DELETED")).isZero();
        assertThat(facade.validateSession(session.token().reveal())).isPresent();
        facade.deleteAccount(adminOf(PARTNER), id);
        assertThat(status(id)).isEqualTo("REMOVED");
    }

    @Test
    void aLoginCutBeforeTheCommitAnswersStorageUnavailableAndLeftNoSession() throws Exception {
        DelegationId id = h.connect(PARTNER, CUSTOMER);
        LoginRequest request = LoginRequest.allGranted().withIdempotencyKey("k");

        CountDownLatch cut = proxy.cutBefore("INSERT INTO pd_session");
        assertFailsWith(ErrorCode.STORAGE_UNAVAILABLE, () -> facade.loginToCustomer(adminOf(PARTNER), id, request));
        assertThat(cut.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(count("SELECT COUNT(*) FROM pd_session")).isZero();
        assertThat(events("DELEGATED_LOGIN")).isZero();
        IssuedSession retried = facade.loginToCustomer(adminOf(PARTNER), id, request);
        assertThat(facade.validateSession(retried.token().reveal())).isPresent();
        assertThat(count("SELECT COUNT(*) FROM pd_session")).isEqualTo(1);
    }
}
