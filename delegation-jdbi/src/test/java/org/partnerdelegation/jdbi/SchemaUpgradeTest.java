package org.partnerdelegation.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.operator;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.partnerdelegation.core.contract.MutableClock;
import org.partnerdelegation.core.domain.AccessGrant;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.CustomerSettings;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.DelegableRole;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.InvitationStatus;
import org.partnerdelegation.core.domain.NotificationId;
import org.partnerdelegation.core.domain.OutboxEntry;
import org.partnerdelegation.core.domain.OutboxStatus;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.TenantProfile;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.DelegationSettings;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.core.usecase.PartnerLink;
import org.partnerdelegation.core.usecase.SessionQuery;
import org.partnerdelegation.core.contract.AuditTrails;
import org.partnerdelegation.core.usecase.StepUpPolicy;

/**
 * A database that holds data written by version 1 (its schema, the former runner's history
 * {@code pd_schema_history}, its rows, each written as V1's code wrote them) is opened by the
 * current storage: the installer takes it over (Flyway's baseline at V1 in {@code pd_flyway_history},
 * the former history left as it was) and applies V2 and V3, and everything V1 left keeps working - the live session validates, the pending invitation is
 * accepted by the invited account, the pending notification is claimed, a partner logs in - while
 * the canonical emails V1 computed by lower-casing are recomputed for the addresses where that
 * differs. The same from a database of version 2 (V3 and V4 applied) and of version 3 (V4 alone,
 * with look-alike addresses). After V3 every delegation that was there grants
 * {@code tenant:administrator} without an end date, and every session holds that role; after V4
 * the canonical emails are the form {@link EmailAddress#canonical()} gives now.
 */
class SchemaUpgradeTest {

    private static final Instant NOW = MutableClock.START;
    private static final Instant EARLIER = NOW.minus(Duration.ofDays(2));
    /**
     * A customer whose administrator address is not ASCII: a decomposed {@code é} ({@code e} and
     * U+0301) and a full-width {@code Ｃ}. V1 lower-cased it and kept both; V2 composes them (NFKC);
     * V4 composes the {@code é} and keeps the full-width letter (NFC), lower case.
     */
    private static final Tenant ACCENTED = new Tenant(TenantId.of("customer-accented"), AccountNumber.of("C-3000"),
            EmailAddress.of("Rene\u0301.\uFF23hef@Example.com"), false);
    private static final String ACCENTED_V1_CANONICAL = "rene\u0301.\uFF43hef@example.com";
    private static final String ACCENTED_V2_CANONICAL = "ren\u00E9.chef@example.com";
    private static final String ACCENTED_CANONICAL = "ren\u00E9.\uFF43hef@example.com";
    /** The administrator of a customer that a partner of a V3 database invited by a look-alike, the Kelvin sign for the K. */
    private static final Tenant KATE = new Tenant(TenantId.of("customer-kate"), AccountNumber.of("C-4000"),
            EmailAddress.of("kate@initech.example"), false);
    private static final String KELVIN_KATE = "\u212Aate@initech.example";
    /** A customer whose administrator address has an {@code xn--} label: V4 compares it as the Unicode domain it encodes. */
    private static final Tenant BUCHER = new Tenant(TenantId.of("customer-bucher"), AccountNumber.of("C-5000"),
            EmailAddress.of("Admin@XN--BCHER-KVA.example"), false);

    private final Random random = new Random(11);
    private final SecretToken sessionToken = SecretToken.generate(random);
    private final SecretToken invitationToken = SecretToken.generate(random);
    private final SecretToken usedInvitationToken = SecretToken.generate(random);
    private final DelegationId connected = DelegationId.of(UUID.randomUUID());
    private final DelegationId pending = DelegationId.of(UUID.randomUUID());
    private final DelegationId pendingAccented = DelegationId.of(UUID.randomUUID());
    private final NotificationId pendingNotification = new NotificationId(UUID.randomUUID());

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aVersion1DatabaseWithDataIsUpgradedAndKeepsWorking(String database) throws SQLException {
        boolean h2 = database.equals("h2");
        String url = h2 ? "jdbc:h2:mem:upgrade-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1" : Databases.newPostgresDatabase();
        DatabaseConfig config = h2 ? DatabaseConfig.of(url, "sa", "") : Databases.postgresConfig(url);
        Dialect dialect = h2 ? Dialect.H2 : Dialect.POSTGRESQL;
        try {
            installVersions(config, dialect, 1);
            try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password())) {
                writeAsVersion1(c);
            }
            Map<String, Long> sizesBefore = sizes(config);

            try (JdbiStorage storage = JdbiStorage.connect(config.withInstallSchema(false))) {
                assertThat(storage.installSchema()).as("versions applied by the upgrade").containsExactly(2, 3, 4, 5, 6, 7, 8, 9, 10);
                assertThat(storage.installSchema()).as("and nothing the second time").isEmpty();
                assertThat(Tables.formerHistory(storage.jdbi())).as("the former runner's history, untouched")
                        .containsExactly(1);
                assertThat(Tables.flywayHistory(storage.jdbi())).as("taken over at V1")
                        .containsExactly("1:BASELINE", "2:SQL", "3:SQL", "4:SQL", "5:SQL", "6:SQL", "7:SQL", "8:SQL", "9:SQL", "10:SQL");

                assertDataIntact(storage, sizesBefore, 1);
                assertEmailsRecomputed(storage);
                assertTheOldRowsKeepWorking(storage, 0);
            }
        } finally {
            if (!h2) {
                Databases.dropQuietly(url);
            }
        }
    }

    /**
     * A database of version 2, filled as V2's code filled it (canonical emails in NFKC, a partner
     * whose permission epoch moved on and a live session issued under the new epoch), gets V3 alone
     * and keeps working.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aVersion2DatabaseWithDataIsUpgradedAndKeepsWorking(String database) throws SQLException {
        boolean h2 = database.equals("h2");
        String url = h2 ? "jdbc:h2:mem:upgrade-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1" : Databases.newPostgresDatabase();
        DatabaseConfig config = h2 ? DatabaseConfig.of(url, "sa", "") : Databases.postgresConfig(url);
        Dialect dialect = h2 ? Dialect.H2 : Dialect.POSTGRESQL;
        try {
            installVersions(config, dialect, 2);
            try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password())) {
                writeAsVersion2(c);
            }
            Map<String, Long> sizesBefore = sizes(config);

            try (JdbiStorage storage = JdbiStorage.connect(config.withInstallSchema(false))) {
                assertThat(storage.installSchema()).as("versions applied by the upgrade").containsExactly(3, 4, 5, 6, 7, 8, 9, 10);
                assertThat(storage.installSchema()).as("and nothing the second time").isEmpty();
                assertThat(Tables.formerHistory(storage.jdbi())).as("the former runner's history, untouched")
                        .containsExactly(1, 2);
                assertThat(Tables.flywayHistory(storage.jdbi())).as("taken over at V2")
                        .containsExactly("2:BASELINE", "3:SQL", "4:SQL", "5:SQL", "6:SQL", "7:SQL", "8:SQL", "9:SQL", "10:SQL");

                assertDataIntact(storage, sizesBefore, 2);
                assertEmailsRecomputed(storage);
                assertTheOldRowsKeepWorking(storage, 1);
            }
        } finally {
            if (!h2) {
                Databases.dropQuietly(url);
            }
        }
    }

    /**
     * Two tenants whose administrator addresses V1 told apart (a decomposed and a composed
     * {@code é}) are one address once normalized: the upgrade stops, naming both, records nothing,
     * and goes through once one of them has another address.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void anUpgradeThatWouldMakeTwoTenantsShareAnAddressStopsAndCanBeRunAgain(String database) throws SQLException {
        boolean h2 = database.equals("h2");
        String url = h2 ? "jdbc:h2:mem:upgrade-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1" : Databases.newPostgresDatabase();
        DatabaseConfig config = h2 ? DatabaseConfig.of(url, "sa", "") : Databases.postgresConfig(url);
        Tenant decomposed = new Tenant(TenantId.of("decomposed"), AccountNumber.of("C-1"), EmailAddress.of("rene\u0301@example.com"), false);
        Tenant composed = new Tenant(TenantId.of("composed"), AccountNumber.of("C-2"), EmailAddress.of("ren\u00E9@example.com"), false);
        try {
            installVersions(config, h2 ? Dialect.H2 : Dialect.POSTGRESQL, 1);
            try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password())) {
                tenant(c, decomposed, "rene\u0301@example.com");
                tenant(c, composed, "ren\u00E9@example.com");
            }

            try (JdbiStorage storage = JdbiStorage.connect(config.withInstallSchema(false))) {
                DelegationException stopped = catchThrowableOfType(DelegationException.class, storage::installSchema);
                assertThat(stopped).isNotNull();
                assertThat(stopped.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
                assertThat(stopped).hasMessageContaining("decomposed").hasMessageContaining("composed");
                assertThat(Tables.count(storage.jdbi(), "SELECT MAX(version) FROM pd_schema_history")).isEqualTo(1);
                assertThat(Tables.flywayHistory(storage.jdbi())).as("V2 not recorded").containsExactly("1:BASELINE");

                storage.jdbi().useHandle(h -> h.execute("UPDATE pd_tenant SET admin_email = 'other@example.com',"
                        + " admin_email_canonical = 'other@example.com' WHERE tenant_id = 'composed'"));
                assertThat(storage.installSchema()).containsExactly(2, 3, 4, 5, 6, 7, 8, 9, 10);
                assertThat(storage.tenantDirectory().findByAdministratorEmail(composed.administratorEmail()))
                        .map(Tenant::id).contains(decomposed.id());
            }
        } finally {
            if (!h2) {
                Databases.dropQuietly(url);
            }
        }
    }

    /**
     * A database of version 3 holding answered invitations, all USED as V3 recorded every answer:
     * V6 marks the declines (a declined delegation's link, a change request's link whose decline is
     * in the audit trail at the instant it was used) DECLINED, and leaves the acceptances USED. The
     * declined change request's link is then refused as answered; the accepted link still answers
     * as it did.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aVersion3DatabaseKeepsItsAcceptancesAndLearnsWhichAnswersWereDeclines(String database) throws SQLException {
        boolean h2 = database.equals("h2");
        String url = h2 ? "jdbc:h2:mem:upgrade-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1" : Databases.newPostgresDatabase();
        DatabaseConfig config = h2 ? DatabaseConfig.of(url, "sa", "") : Databases.postgresConfig(url);
        SecretToken declinedChange = SecretToken.generate(random);
        SecretToken declinedInvitation = SecretToken.generate(random);
        DelegationId declined = DelegationId.of(UUID.randomUUID());
        Instant acceptedAt = EARLIER.plusSeconds(60);
        Instant changeDeclinedAt = EARLIER.plusSeconds(120);
        try {
            installVersions(config, h2 ? Dialect.H2 : Dialect.POSTGRESQL, 3);
            try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password())) {
                for (Tenant t : List.of(partner(1), partner(2), customer(1))) {
                    tenant(c, t, t.administratorEmail().canonical());
                }
                String canonical = customer(1).administratorEmail().canonical();
                delegation(c, connected, partner(1), customer(1), canonical, "CONNECTED", acceptedAt, 3);
                delegation(c, declined, partner(2), customer(1), canonical, "DECLINED", null, 1);
                invitation(c, usedInvitationToken, connected, "USED", acceptedAt);
                invitation(c, declinedChange, connected, "USED", changeDeclinedAt);
                invitation(c, declinedInvitation, declined, "USED", EARLIER.plusSeconds(30));
                audit(c, connected, customer(1), "INVITATION_ACCEPTED", customer(1).id().value(), "PENDING", "CONNECTED", acceptedAt);
                audit(c, connected, customer(1), "GRANT_CHANGE_DECLINED", customer(1).id().value(), "CONNECTED", "CONNECTED",
                        changeDeclinedAt);
                audit(c, declined, customer(1), "INVITATION_DECLINED", customer(1).id().value(), "PENDING", "DECLINED",
                        EARLIER.plusSeconds(30));
            }

            try (JdbiStorage storage = JdbiStorage.connect(config.withInstallSchema(false))) {
                assertThat(storage.installSchema()).containsExactly(4, 5, 6, 7, 8, 9, 10);
                assertThat(statusOf(storage, usedInvitationToken)).isEqualTo(InvitationStatus.USED);
                assertThat(statusOf(storage, declinedChange)).isEqualTo(InvitationStatus.DECLINED);
                assertThat(statusOf(storage, declinedInvitation)).isEqualTo(InvitationStatus.DECLINED);

                PartnerDelegation facade = PartnerDelegation.builder().tenantDirectory(storage.tenantDirectory())
                        .delegationStore(storage.delegationStore()).sessionIssuer(storage.sessionIssuer())
                        .clock(new MutableClock(NOW)).random(random).build();
                assertThat(facade.acceptInvitation(adminOf(customer(1)), usedInvitationToken.reveal()).delegationId())
                        .isEqualTo(connected);
                DelegationException refused = catchThrowableOfType(DelegationException.class,
                        () -> facade.acceptInvitation(adminOf(customer(1)), declinedChange.reveal()));
                assertThat(refused).isNotNull();
                assertThat(refused.code()).isEqualTo(ErrorCode.INVITATION_INVALID);
            }
        } finally {
            if (!h2) {
                Databases.dropQuietly(url);
            }
        }
    }

    /**
     * A database of version 3, filled as V3's code filled it (canonical emails in NFKC, lower case),
     * with look-alikes in it: a pending invitation a partner mailed to the Kelvin-sign spelling of a
     * customer's administrator (V3 took it for the administrator), and an administrator address
     * with an {@code xn--} label. V4 alone recomputes the canonical emails; the invitation is then
     * the look-alike's, not the administrator's; everything else keeps working.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aVersion3DatabaseWithLookAlikesGetsTheMailSystemsCanonicalForm(String database) throws SQLException {
        boolean h2 = database.equals("h2");
        String url = h2 ? "jdbc:h2:mem:upgrade-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1" : Databases.newPostgresDatabase();
        DatabaseConfig config = h2 ? DatabaseConfig.of(url, "sa", "") : Databases.postgresConfig(url);
        Dialect dialect = h2 ? Dialect.H2 : Dialect.POSTGRESQL;
        DelegationId pendingKelvin = DelegationId.of(UUID.randomUUID());
        SecretToken kelvinToken = SecretToken.generate(random);
        try {
            installVersions(config, dialect, 3);
            try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password())) {
                writeAsVersion2(c);
                tenant(c, partner(2), partner(2).administratorEmail().canonical());
                tenant(c, KATE, "kate@initech.example");
                tenant(c, BUCHER, "admin@xn--bcher-kva.example");
                exec(c, "INSERT INTO pd_delegation (delegation_id, partner_tenant, customer_tenant, customer_email,"
                                + " customer_email_canonical, customer_account_number, status, created_at, updated_at, accepted_at, version)"
                                + " VALUES (?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, NULL, 0)",
                        pendingKelvin.value(), partner(2).id().value(), KATE.id().value(), KELVIN_KATE, "kate@initech.example",
                        KATE.accountNumber().value(), EARLIER, EARLIER);
                invitation(c, kelvinToken, pendingKelvin, "OPEN", null);
                audit(c, pendingKelvin, KATE, "CUSTOMER_ADDED", partner(2).id().value(), null, "PENDING", EARLIER);
                outbox(c, new NotificationId(UUID.randomUUID()), "INVITATION", pendingKelvin, EmailAddress.of(KELVIN_KATE),
                        "DELIVERED", 1, EARLIER);
            }
            Map<String, Long> sizesBefore = sizes(config);

            try (JdbiStorage storage = JdbiStorage.connect(config.withInstallSchema(false))) {
                assertThat(storage.installSchema()).as("versions applied by the upgrade").containsExactly(4, 5, 6, 7, 8, 9, 10);
                assertThat(storage.installSchema()).as("and nothing the second time").isEmpty();
                assertThat(new SchemaInstaller(storage.jdbi(), dialect).recomputeCanonicalEmails()).as("idempotent").isZero();
                assertDataIntact(storage, sizesBefore, 2);
                assertEmailsRecomputed(storage);
                Jdbi jdbi = storage.jdbi();
                String kate = jdbi.withHandle(h -> canonical(h, "SELECT admin_email_canonical FROM pd_tenant WHERE tenant_id = :id",
                        KATE.id().value()));
                assertThat(kate).isEqualTo("kate@initech.example");
                String invitedKelvin = jdbi.withHandle(h -> h.createQuery("SELECT customer_email_canonical FROM pd_delegation"
                        + " WHERE delegation_id = :id").bind("id", pendingKelvin.value()).mapTo(String.class).one());
                assertThat(invitedKelvin).isEqualTo(KELVIN_KATE);
                String bucher = jdbi.withHandle(h -> canonical(h, "SELECT admin_email_canonical FROM pd_tenant WHERE tenant_id = :id",
                        BUCHER.id().value()));
                assertThat(bucher).isEqualTo("admin@b\u00FCcher.example");
                assertThat(storage.tenantDirectory().findByAdministratorEmail(EmailAddress.of("admin@B\u00DCCHER.example")))
                        .map(Tenant::id).contains(BUCHER.id());
                assertThat(storage.tenantDirectory().findByAdministratorEmail(EmailAddress.of(KELVIN_KATE))).isEmpty();

                assertTheOldRowsKeepWorking(storage, 1);
                PartnerDelegation facade = PartnerDelegation.builder().tenantDirectory(storage.tenantDirectory())
                        .delegationStore(storage.delegationStore()).sessionIssuer(storage.sessionIssuer())
                        .clock(new MutableClock(NOW)).random(random).settings(DelegationSettings.defaults()).build();
                DelegationException refused = catchThrowableOfType(DelegationException.class,
                        () -> facade.acceptInvitation(adminOf(KATE), kelvinToken.reveal()));
                assertThat(refused).as("the administrator is not the look-alike the invitation was mailed to").isNotNull();
                assertThat(refused.code()).isEqualTo(ErrorCode.INVITATION_FOR_ANOTHER_ACCOUNT);
                assertThat(storage.delegationStore().inTransaction(tx -> tx.findDelegation(pendingKelvin)).orElseThrow().status())
                        .isEqualTo(DelegationStatus.PENDING);
                Principal kelvinMailbox = Principal
                        .administrator(KATE.id(), UserId.of("kelvin"))
                        .withVerifiedEmail(EmailAddress.of(KELVIN_KATE));
                assertThat(facade.reviewInvitation(kelvinMailbox, kelvinToken.reveal())).as("the look-alike's own mailbox").isNotNull();
            }
        } finally {
            if (!h2) {
                Databases.dropQuietly(url);
            }
        }
    }

    /**
     * Two tenants of a V3 database whose administrator addresses V3 told apart (an {@code xn--}
     * label and the Unicode domain it encodes) are one address under V4: the upgrade stops, naming
     * both, changes no canonical email, records nothing, and goes through once one of them has
     * another address.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aVersion4UpgradeThatWouldMakeTwoTenantsShareAnAddressStopsAndCanBeRunAgain(String database) throws SQLException {
        boolean h2 = database.equals("h2");
        String url = h2 ? "jdbc:h2:mem:upgrade-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1" : Databases.newPostgresDatabase();
        DatabaseConfig config = h2 ? DatabaseConfig.of(url, "sa", "") : Databases.postgresConfig(url);
        Tenant unicode = new Tenant(TenantId.of("unicode"), AccountNumber.of("C-2"), EmailAddress.of("admin@b\u00FCcher.example"), false);
        try {
            installVersions(config, h2 ? Dialect.H2 : Dialect.POSTGRESQL, 3);
            try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password())) {
                tenant(c, BUCHER, "admin@xn--bcher-kva.example");
                tenant(c, unicode, "admin@b\u00FCcher.example");
            }

            try (JdbiStorage storage = JdbiStorage.connect(config.withInstallSchema(false))) {
                DelegationException stopped = catchThrowableOfType(DelegationException.class, storage::installSchema);
                assertThat(stopped).isNotNull();
                assertThat(stopped.code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE);
                assertThat(stopped).hasMessageContaining("V4").hasMessageContaining(BUCHER.id().value())
                        .hasMessageContaining("unicode").hasMessageContaining("Give one of them another address");
                assertThat(Tables.count(storage.jdbi(), "SELECT MAX(version) FROM pd_schema_history")).isEqualTo(3);
                assertThat(Tables.flywayHistory(storage.jdbi())).as("V4 not recorded").containsExactly("3:BASELINE");
                assertThat(Tables.count(storage.jdbi(), "SELECT COUNT(*) FROM pd_tenant WHERE admin_email_canonical"
                        + " = 'admin@xn--bcher-kva.example'")).as("nothing changed").isEqualTo(1);

                storage.jdbi().useHandle(h -> h.execute("UPDATE pd_tenant SET admin_email = 'other@example.com',"
                        + " admin_email_canonical = 'other@example.com' WHERE tenant_id = 'unicode'"));
                assertThat(storage.installSchema()).containsExactly(4, 5, 6, 7, 8, 9, 10);
                assertThat(storage.tenantDirectory().findByAdministratorEmail(unicode.administratorEmail()))
                        .map(Tenant::id).contains(BUCHER.id());
            }
        } finally {
            if (!h2) {
                Databases.dropQuietly(url);
            }
        }
    }

    private static InvitationStatus statusOf(JdbiStorage storage, SecretToken token) {
        return storage.delegationStore().inTransaction(tx -> tx.findInvitation(token.hash())).orElseThrow().status();
    }

    // ------------------------------------------------------------------ what V1 and V2 left

    /** The scripts up to that version and the history rows their installer wrote, nothing else. */
    private static void installVersions(DatabaseConfig config, Dialect dialect, int upTo) {
        Jdbi.create(config.jdbcUrl(), config.user(), config.password()).useTransaction(h -> {
            h.execute("CREATE TABLE pd_schema_history (version INTEGER PRIMARY KEY, script VARCHAR(200) NOT NULL,"
                    + " installed_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            for (String script : SchemaInstaller.MIGRATIONS.subList(0, upTo)) {
                h.createScript(resource(dialect.migrationLocation() + "/" + script)).execute();
                h.createUpdate("INSERT INTO pd_schema_history (version, script, installed_at) VALUES (:version, :script, :at)")
                        .bind("version", SchemaInstaller.versionOf(script)).bind("script", script)
                        .bind("at", EARLIER.atOffset(ZoneOffset.UTC)).execute();
            }
        });
    }

    /**
     * A partner, three customers (one with a non-ASCII address), a CONNECTED delegation with a
     * live session, two PENDING ones with OPEN invitations, one of them with a pending (resent)
     * invitation in the outbox, and their audit events: the columns V1 had, the canonical emails
     * as V1 computed them (lower-cased).
     */
    private void writeAsVersion1(Connection c) throws SQLException {
        writeRows(c, ACCENTED_V1_CANONICAL);
        exec(c, "INSERT INTO pd_session (token_hash, session_id, delegation_id, customer_tenant, subject_email, actor_tenant,"
                        + " actor_user, scope, issued_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
                sessionToken.hash().hex(), UUID.randomUUID(), connected.value(), customer(1).id().value(),
                customer(1).administratorEmail().value(), partner(1).id().value(), adminOf(partner(1)).userId().value(),
                DelegatedSession.TENANT_ADMINISTRATOR_SCOPE, NOW.minusSeconds(600), NOW.plusSeconds(3000));
    }

    /**
     * The rows of {@link #writeAsVersion1}, as V2's code wrote them: the canonical emails in NFKC;
     * the partner's permission epoch moved on once (its permission was revoked and granted back),
     * and the live session issued since, under epoch 1.
     */
    private void writeAsVersion2(Connection c) throws SQLException {
        writeRows(c, ACCENTED_V2_CANONICAL);
        exec(c, "INSERT INTO pd_partner_epoch (partner_tenant, epoch) VALUES (?, 1)", partner(1).id().value());
        exec(c, "INSERT INTO pd_session (token_hash, session_id, delegation_id, customer_tenant, subject_email, actor_tenant,"
                        + " actor_user, scope, permission_epoch, issued_at, expires_at, revoked_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, NULL)",
                sessionToken.hash().hex(), UUID.randomUUID(), connected.value(), customer(1).id().value(),
                customer(1).administratorEmail().value(), partner(1).id().value(), adminOf(partner(1)).userId().value(),
                DelegatedSession.TENANT_ADMINISTRATOR_SCOPE, NOW.minusSeconds(600), NOW.plusSeconds(3000));
    }

    /** Tenants, delegations, invitations, audit events and outbox entries: the columns V1 had, which V2 kept. */
    private void writeRows(Connection c, String accentedCanonical) throws SQLException {
        for (Tenant t : List.of(partner(1), customer(1), customer(2))) {
            tenant(c, t, t.administratorEmail().value().toLowerCase(java.util.Locale.ROOT));
        }
        tenant(c, ACCENTED, accentedCanonical);

        delegation(c, connected, partner(1), customer(1), customer(1).administratorEmail().value().toLowerCase(java.util.Locale.ROOT),
                "CONNECTED", EARLIER.plusSeconds(60), 1);
        delegation(c, pending, partner(1), customer(2), customer(2).administratorEmail().value().toLowerCase(java.util.Locale.ROOT),
                "PENDING", null, 0);
        delegation(c, pendingAccented, partner(1), ACCENTED, accentedCanonical, "PENDING", null, 0);

        invitation(c, usedInvitationToken, connected, "USED", EARLIER.plusSeconds(60));
        invitation(c, invitationToken, pending, "OPEN", null);
        invitation(c, SecretToken.generate(random), pendingAccented, "OPEN", null);

        audit(c, connected, customer(1), "CUSTOMER_ADDED", partner(1).id().value(), null, "PENDING", EARLIER);
        audit(c, connected, customer(1), "INVITATION_ACCEPTED", customer(1).id().value(), "PENDING", "CONNECTED", EARLIER.plusSeconds(60));
        audit(c, connected, customer(1), "DELEGATED_LOGIN", partner(1).id().value(), "CONNECTED", "CONNECTED", NOW.minusSeconds(600));
        audit(c, pending, customer(2), "CUSTOMER_ADDED", partner(1).id().value(), null, "PENDING", EARLIER);
        audit(c, pending, customer(2), "INVITATION_RESENT", partner(1).id().value(), "PENDING", "PENDING", NOW.minusSeconds(120));
        audit(c, pendingAccented, ACCENTED, "CUSTOMER_ADDED", partner(1).id().value(), null, "PENDING", EARLIER);

        outbox(c, new NotificationId(UUID.randomUUID()), "INVITATION", connected, customer(1).administratorEmail(), "DELIVERED", 1, EARLIER);
        outbox(c, new NotificationId(UUID.randomUUID()), "ACCEPTANCE_CONFIRMATION", connected, customer(1).administratorEmail(),
                "DELIVERED", 1, EARLIER.plusSeconds(60));
        outbox(c, new NotificationId(UUID.randomUUID()), "ACCEPTANCE_NOTICE", connected, partner(1).administratorEmail(),
                "DELIVERED", 1, EARLIER.plusSeconds(60));
        outbox(c, new NotificationId(UUID.randomUUID()), "INVITATION", pending, customer(2).administratorEmail(), "DELIVERED", 1, EARLIER);
        outbox(c, pendingNotification, "INVITATION", pending, customer(2).administratorEmail(), "PENDING", 0, NOW.minusSeconds(120));
        outbox(c, new NotificationId(UUID.randomUUID()), "INVITATION", pendingAccented, ACCENTED.administratorEmail(), "DELIVERED", 1, EARLIER);
    }

    private static void tenant(Connection c, Tenant t, String v1Canonical) throws SQLException {
        exec(c, "INSERT INTO pd_tenant (tenant_id, account_number, admin_email, admin_email_canonical, partner_permission)"
                        + " VALUES (?, ?, ?, ?, ?)",
                t.id().value(), t.accountNumber().value(), t.administratorEmail().value(), v1Canonical, t.partnerPermission());
    }

    private static void delegation(Connection c, DelegationId id, Tenant partner, Tenant customer, String v1Canonical, String status,
                                   Instant acceptedAt, long version) throws SQLException {
        exec(c, "INSERT INTO pd_delegation (delegation_id, partner_tenant, customer_tenant, customer_email, customer_email_canonical,"
                        + " customer_account_number, status, created_at, updated_at, accepted_at, version)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id.value(), partner.id().value(), customer.id().value(), customer.administratorEmail().value(), v1Canonical,
                customer.accountNumber().value(), status, EARLIER, acceptedAt == null ? EARLIER : acceptedAt, acceptedAt, version);
    }

    private static void invitation(Connection c, SecretToken token, DelegationId d, String status, Instant usedAt) throws SQLException {
        exec(c, "INSERT INTO pd_invitation (token_hash, delegation_id, created_at, expires_at, status, used_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)",
                token.hash().hex(), d.value(), EARLIER, NOW.plus(Duration.ofDays(5)), status, usedAt);
    }

    private static void audit(Connection c, DelegationId d, Tenant customer, String type, String actorTenant, String from,
                              String to, Instant at) throws SQLException {
        exec(c, "INSERT INTO pd_audit_event (event_id, event_type, delegation_id, target_tenant, actor_tenant, actor_user,"
                        + " from_status, to_status, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                UUID.randomUUID(), type, d.value(), customer.id().value(), actorTenant, "admin-of-" + actorTenant, from, to, at);
    }

    private static void outbox(Connection c, NotificationId id, String type, DelegationId d, EmailAddress recipient, String status,
                               int attempts, Instant createdAt) throws SQLException {
        boolean delivered = status.equals("DELIVERED");
        exec(c, "INSERT INTO pd_outbox (notification_id, notification_type, delegation_id, recipient, status, attempts, created_at,"
                        + " next_attempt_at, delivered_at, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
                id.value(), type, d.value(), recipient.value(), status, attempts, createdAt, createdAt,
                delivered ? createdAt.plusSeconds(1) : null);
    }

    /** One statement with plain JDBC: instants as UTC {@code OffsetDateTime}, as the storage binds them. */
    private static void exec(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                Object p = parameters[i];
                s.setObject(i + 1, p instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : p);
            }
            s.executeUpdate();
        }
    }

    // ------------------------------------------------------------------ what must hold after the upgrade

    private static void assertDataIntact(JdbiStorage storage, Map<String, Long> before, int fromVersion) {
        Jdbi jdbi = storage.jdbi();
        Map<String, Long> after = Tables.sizes(jdbi);
        before.forEach((table, rows) -> assertThat(after.get(table)).as("rows of " + table).isEqualTo(rows));
        long epoch = fromVersion == 1 ? 0 : 1;
        assertThat(after.get("pd_partner_epoch")).as("partners that moved their epoch").isEqualTo(epoch);
        assertThat(Tables.count(jdbi, "SELECT COUNT(*) FROM pd_session WHERE permission_epoch <> " + epoch)).isZero();
        assertThat(Tables.count(jdbi, "SELECT COUNT(*) FROM pd_outbox WHERE leased_until IS NOT NULL")).isZero();
        // V3: whatever was there grants the whole tenant, without an end date, rules or change request.
        assertThat(Tables.count(jdbi, "SELECT COUNT(*) FROM pd_delegation WHERE roles <> 'tenant:administrator'"
                + " OR term_seconds IS NOT NULL OR ends_at IS NOT NULL OR access_until IS NOT NULL OR auto_renew"
                + " OR reason_required OR ending_notice_sent OR requested_roles IS NOT NULL OR requested_term_seconds IS NOT NULL"
                + " OR change_requested_at IS NOT NULL")).isZero();
        assertThat(Tables.count(jdbi, "SELECT COUNT(*) FROM pd_session WHERE scope <> 'tenant:administrator' OR reason IS NOT NULL"))
                .isZero();
        assertThat(Tables.count(jdbi, "SELECT COUNT(*) FROM pd_audit_event WHERE roles IS NOT NULL OR ends_at IS NOT NULL"
                + " OR reason IS NOT NULL")).isZero();
        assertThat(Tables.violations(jdbi)).isEmpty();
    }

    private void assertEmailsRecomputed(JdbiStorage storage) {
        Jdbi jdbi = storage.jdbi();
        String tenantCanonical = jdbi.withHandle(h -> canonical(h, "SELECT admin_email_canonical FROM pd_tenant WHERE tenant_id = :id",
                ACCENTED.id().value()));
        assertThat(tenantCanonical).isEqualTo(ACCENTED_CANONICAL).isEqualTo(ACCENTED.administratorEmail().canonical());
        String delegationCanonical = jdbi.withHandle(h -> h.createQuery("SELECT customer_email_canonical FROM pd_delegation"
                + " WHERE delegation_id = :id").bind("id", pendingAccented.value()).mapTo(String.class).one());
        assertThat(delegationCanonical).isEqualTo(ACCENTED_CANONICAL);
        // ASCII addresses had the same canonical form in V1.
        String asciiCanonical = jdbi.withHandle(h -> canonical(h, "SELECT admin_email_canonical FROM pd_tenant WHERE tenant_id = :id",
                customer(1).id().value()));
        assertThat(asciiCanonical).isEqualTo(customer(1).administratorEmail().canonical());
        // So the directory finds the tenant by any spelling of the mailbox: composed, upper case, as stored;
        // but not by the ASCII look-alike of its full-width letter.
        assertThat(storage.tenantDirectory().findByAdministratorEmail(EmailAddress.of("REN\u00C9.\uFF23HEF@example.com")))
                .map(Tenant::id).contains(ACCENTED.id());
        assertThat(storage.tenantDirectory().findByAdministratorEmail(EmailAddress.of("ren\u00E9.chef@example.com"))).isEmpty();
        assertThat(storage.tenantDirectory().findByAdministratorEmail(ACCENTED.administratorEmail()))
                .map(Tenant::id).contains(ACCENTED.id());
    }

    private static String canonical(Handle h, String sql, String id) {
        return h.createQuery(sql).bind("id", id).mapTo(String.class).one();
    }

    private void assertTheOldRowsKeepWorking(JdbiStorage storage, long epoch) {
        MutableClock clock = new MutableClock(NOW);
        PartnerDelegation facade = PartnerDelegation.builder()
                .tenantDirectory(storage.tenantDirectory())
                .delegationStore(storage.delegationStore())
                .sessionIssuer(storage.sessionIssuer())
                .clock(clock)
                .random(random)
                .settings(DelegationSettings.defaults())
                .stepUpPolicy(StepUpPolicy.notRequired()).build();

        // The delegations read back as they were written, granting the whole tenant without an end date.
        Delegation c = storage.delegationStore().inTransaction(tx -> tx.findDelegation(connected)).orElseThrow();
        assertThat(c.status()).isEqualTo(DelegationStatus.CONNECTED);
        assertThat(c.acceptedAt()).contains(EARLIER.plusSeconds(60));
        assertThat(c.version()).isEqualTo(1);
        assertThat(c.grant()).isEqualTo(AccessGrant.administrator());
        assertThat(c.roles()).containsExactly(RoleKey.TENANT_ADMINISTRATOR);
        assertThat(c.grant().endsAt()).isEmpty();
        assertThat(c.grant().accessUntil()).isEmpty();
        assertThat(c.requestedChange()).isEmpty();
        assertThat(storage.delegationStore().inTransaction(tx -> tx.findDelegation(pending)).orElseThrow().grant())
                .isEqualTo(AccessGrant.administrator());
        assertThat(AuditTrails.whole(facade, adminOf(partner(1)), connected)).extracting(AuditEvent::type)
                .containsExactly(AuditEventType.CUSTOMER_ADDED, AuditEventType.INVITATION_ACCEPTED, AuditEventType.DELEGATED_LOGIN);
        assertThat(AuditTrails.whole(facade, adminOf(partner(1)), connected)).allSatisfy(e -> {
            assertThat(e.roles()).isEmpty();
            assertThat(e.endsAt()).isEmpty();
            assertThat(e.reason()).isEmpty();
        });
        // Nothing ends: the list of what ends within two years is empty, the whole list is not.
        assertThat(facade.listAccounts(adminOf(partner(1)), AccountQuery.firstPage().endingWithin(Duration.ofDays(730))).items())
                .isEmpty();
        assertThat(facade.listAccounts(adminOf(partner(1)), AccountQuery.firstPage()).items()).hasSize(3)
                .allSatisfy(entry -> {
                    assertThat(entry.roles()).containsExactly(RoleKey.TENANT_ADMINISTRATOR);
                    assertThat(entry.endsAt()).isEmpty();
                    assertThat(entry.changeRequested()).isFalse();
                });

        // The live session still validates, at the partner's epoch, holding the whole tenant.
        DelegatedSession session = facade.validateSession(sessionToken.reveal()).orElseThrow();
        assertThat(session.delegationId()).isEqualTo(connected);
        assertThat(session.permissionEpoch()).isEqualTo(epoch);
        assertThat(session.actorTenant()).isEqualTo(partner(1).id());
        assertThat(session.roles()).containsExactly(RoleKey.TENANT_ADMINISTRATOR);
        assertThat(session.hasRole(RoleKey.TENANT_ADMINISTRATOR)).isTrue();
        assertThat(session.reason()).isEmpty();
        assertThat(facade.delegatedSessions(adminOf(customer(1)), SessionQuery.firstPage()).items())
                .as("the customer sees the session into its tenant").singleElement()
                .satisfies(view -> assertThat(view.sessionId()).isEqualTo(session.id()));

        // The pending notification is claimable, with its first attempt counted and a lease on the database's clock.
        List<OutboxEntry> claimed = storage.delegationStore().claimDueNotifications(NOW, Duration.ofMinutes(1), 10);
        assertThat(claimed).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(pendingNotification);
            assertThat(e.status()).isEqualTo(OutboxStatus.PENDING);
            assertThat(e.attempts()).isEqualTo(1);
            assertThat(e.logins()).as("V5: an older entry reports no login").isEmpty();
        });
        // V5: every customer is on the daily digest, with nothing reported yet: the old login is in its first digest.
        assertThat(facade.customerSettings(adminOf(customer(1)))).isEqualTo(CustomerSettings.DEFAULTS);
        // V9: the tenants written before have no display name, English and UTC.
        assertThat(storage.tenantDirectory().findById(partner(1).id())).contains(partner(1));
        assertThat(storage.tenantDirectory().findByAdministratorEmail(customer(1).administratorEmail()).orElseThrow().profile())
                .isEqualTo(TenantProfile.DEFAULTS);
        assertThat(facade.enforceTimeLimits(operator()).loginDigests()).isEqualTo(1);
        assertThat(Tables.count(storage.jdbi(), "SELECT COUNT(*) FROM pd_outbox WHERE leased_until IS NOT NULL")).isEqualTo(1);

        // The pending invitation is accepted by the invited account: the whole tenant, no end date.
        PartnerLink link = facade.acceptInvitation(adminOf(customer(2)), invitationToken.reveal());
        assertThat(link.delegationId()).isEqualTo(pending);
        assertThat(link.status()).isEqualTo(DelegationStatus.CONNECTED);
        assertThat(link.roles()).extracting(DelegableRole::key).containsExactly(RoleKey.TENANT_ADMINISTRATOR);
        assertThat(link.endsAt()).isEmpty();
        assertThat(link.accessUntil()).isEmpty();
        assertThat(facade.currentPartner(adminOf(customer(2)))).map(PartnerLink::partnerTenant).contains(partner(1).id());

        // The partner logs in to either customer, and the new sessions validate holding the whole tenant.
        for (DelegationId id : List.of(connected, pending)) {
            IssuedSession login = facade.loginToCustomer(adminOf(partner(1)), id);
            DelegatedSession validated = facade.validateSession(login.token().reveal()).orElseThrow();
            assertThat(validated.delegationId()).isEqualTo(id);
            assertThat(validated.roles()).containsExactly(RoleKey.TENANT_ADMINISTRATOR);
            assertThat(validated.permissionEpoch()).isEqualTo(epoch);
        }
        // V10: the sessions written before have no idempotency key; a login with one is found again by it.
        assertThat(Tables.count(storage.jdbi(), "SELECT COUNT(*) FROM pd_session WHERE login_key_hash IS NOT NULL")).isZero();
        org.partnerdelegation.core.usecase.LoginRequest keyed = org.partnerdelegation.core.usecase.LoginRequest.allGranted()
                .withIdempotencyKey("after-the-upgrade");
        assertThat(facade.loginToCustomer(adminOf(partner(1)), connected, keyed).session().id())
                .isEqualTo(facade.loginToCustomer(adminOf(partner(1)), connected, keyed).session().id());
        assertThat(Tables.violations(storage.jdbi())).isEmpty();
    }

    private static Map<String, Long> sizes(DatabaseConfig config) {
        Map<String, Long> sizes = new java.util.LinkedHashMap<>();
        Jdbi.create(config.jdbcUrl(), config.user(), config.password()).useHandle(h -> Tables.ALL.stream()
                .filter(t -> !t.equals("pd_partner_epoch"))
                .forEach(t -> sizes.put(t, h.createQuery("SELECT COUNT(*) FROM " + t).mapTo(Long.class).one())));
        return sizes;
    }

    private static String resource(String name) {
        try (InputStream in = SchemaUpgradeTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
