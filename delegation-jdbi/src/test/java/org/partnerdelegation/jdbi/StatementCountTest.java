package org.partnerdelegation.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.operator;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.partnerdelegation.core.contract.DelegationHarness;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.AuditQuery;
import org.partnerdelegation.core.usecase.AuditRange;
import org.partnerdelegation.core.usecase.GrantRequest;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.Page;
import org.partnerdelegation.core.usecase.RetentionPolicy;
import org.partnerdelegation.core.usecase.SessionQuery;
import org.partnerdelegation.core.usecase.TimeLimitResult;

/**
 * How many SQL statements and transactions each use case runs, counted beneath the pool on the
 * driver's connections ({@link JdbcCounter}): every statement the storage sends, however it sends
 * it; transaction control (begin, commit) is counted apart. The counts are asserted exactly, so that a change shows up as a
 * failing test and is either fixed or accepted knowingly by updating the table. They differ where
 * PostgreSQL sends a unit of work's writes as one statement and takes a lock in the statement that
 * reads, both of which H2 does one statement at a time (in process, none is a round trip). The test prints the table, {@code use case | statements |
 * transactions | round trips}, for the team.
 */
class StatementCountTest {

    /** The expected costs, in the order the scenario runs them, as "statements, transactions". */
    static Map<String, String> expected(String database) {
        Map<String, String> expected = new LinkedHashMap<>();
        boolean h2 = database.equals("h2");
        // Was 7 and 3: one statement reads both tenants, the pair's open delegation, whether the customer is connected
        // and the pair's last invitation; then the delegation, its audit event and its invitation mail.
        // Was 3 on PostgreSQL (issue 22): the delegation's insert is held back too, so it, the audit event and the
        // outbox entry go as one statement at the commit.
        expected.put("addCustomerAccount (new customer)", h2 ? cost(4, 1) : cost(2, 1));
        expected.put("addCustomerAccount (already added)", cost(1, 1));
        // Was 2 in a transaction: the page carries the partner permission check, and a read needs no transaction.
        expected.put("listAccounts (first page)", cost(1, 0));
        expected.put("listAccounts (next page)", cost(1, 0));
        // Its own delegation locked with the partner tenant (one statement on PostgreSQL, two on H2, which has no
        // FOR UPDATE OF), the cool-down's last invitation, audit, outbox.
        expected.put("resendInvitation", h2 ? cost(4, 1) : cost(2, 1));
        // Per entry: the delegation, the partner, the customer (its display name, since issue 18), the invitation;
        // then, fenced by the claim's attempt, marked delivered and the older links superseded in one unit of work.
        // Plus the claim (2) and the empty claim (1).
        expected.put("OutboxDispatcher.drain (one invitation)", cost(9, 4));
        expected.put("OutboxDispatcher.drain (ten invitations)", cost(63, 22));
        // Was 8 and 9 (issue 22): one statement locks the delegation and the invitation, and reads the partner and the
        // customer's other connection along (H2, without FOR UPDATE OF, locks each by a statement of its own first).
        // Then the writes: the delegation and the invitation updated, the audit event, both notices in one insert; on
        // PostgreSQL all of them in one statement at the commit, each update's count checked through RETURNING.
        expected.put("acceptInvitation", h2 ? cost(7, 1) : cost(2, 1));
        // The same read, the partner tenant (for its address), then the writes.
        expected.put("declineInvitation", h2 ? cost(8, 1) : cost(4, 1));
        // The delegation, the partner and the customer (its display name), then marked delivered; the claims.
        expected.put("OutboxDispatcher.drain (one notice)", cost(7, 4));
        // Was 6: one statement reads the delegation (locked), both tenants and the epoch; PostgreSQL writes the
        // audit event and the session in one more. H2 has no FOR UPDATE OF: the lock is a statement of its own,
        // and so is each insert (in process, none is a round trip). Was 4 and 2 (issue 17): the login limits read the
        // user's recent sessions into the delegation once it is locked - a statement of its own, since a subquery of the
        // locking statement would read the snapshot taken before it waited for the lock, missing a concurrent login.
        // A login at the cap adds the displaced session's revocation and its audit event (not in this scenario).
        expected.put("loginToCustomer", h2 ? cost(5, 1) : cost(3, 1));
        // Was 4 in a transaction: one join of the session, its delegation, the partner's permission and epoch.
        expected.put("validateSession", cost(1, 0));
        // Reads: no transaction (each was one before).
        expected.put("currentPartner", cost(2, 0));
        expected.put("auditTrail", cost(2, 0)); // the delegation, then the first page (AuditQuery.firstPage()) of its events
        expected.put("auditTrail (a page after a cursor)", cost(2, 0)); // the delegation, then the page keyed by the cursor's seq
        expected.put("endSession", cost(1, 1));
        expected.put("endSessionsOfUser", cost(1, 1));
        // The customer's CONNECTED delegation, held (FOR UPDATE) so that no login slips in, the revocation, the audit event.
        expected.put("endSessionsIntoTenant", cost(4, 1));
        expected.put("grantPartnerPermission", cost(4, 1));
        // The tenant, the update, the tenant as it is now, audit, the epoch moved on (one upsert) and every session of
        // the partner revoked (one update, however many there are).
        expected.put("revokePartnerPermission (no connected customer)", cost(6, 1));
        expected.put("permissionAuditTrail", cost(1, 0));
        // The finder, the partner tenant, then the expiry's writes (on PostgreSQL one statement; was 6).
        expected.put("expireInvitations (one expired)", h2 ? cost(6, 1) : cost(3, 1));
        // The same locking read (which also tells whether an invitation was ever sent), then the removal: update,
        // invitations superseded, audit, two notices, sessions revoked. Both notices are one insert of two rows; on
        // PostgreSQL every write goes in one statement at the commit (was 4, issue 22).
        expected.put("deleteAccount (connected)", h2 ? cost(7, 1) : cost(2, 1));
        // The connected delegation is held (FOR UPDATE) once found, so a login racing the removal waits for it; the
        // partner tenant for its address; then the removal's writes (was 6 on PostgreSQL).
        expected.put("disassociatePartner", h2 ? cost(8, 1) : cost(4, 1));
        // One batch of each kind, each its own unit of work, each one statement: notifications, sessions, audit events.
        expected.put("applyRetention (with audit events)", cost(3, 3));
        // The customer's sessions into its tenant: one page (and the delegation of each session still live: none here).
        expected.put("delegatedSessions", cost(1, 0));
        // One page of the tenant's trail: one statement of three index-served parts.
        expected.put("auditTrailOfTenant", cost(1, 0));
        // Each sweep one statement in its own unit of work: expired invitations, expired change requests, ending notices,
        // ended periods (locked, skipping rows held elsewhere); then the login digests' finder, a read (was 4, 4 before it).
        expected.put("enforceTimeLimits (nothing due)", cost(5, 4));
        // One delegation whose period ended unnoticed: the four finders; its notice (the partner tenant, the flag, both notices
        // in one insert); its end (update, change links superseded, audit, the partner tenant, both notices, sessions
        // revoked). On PostgreSQL the notices ride with the revocation; the audit event is sent before the tenant is read.
        // Then the day's login digest of its customer: the finder, and in a unit of work of its own the settings row made
        // if missing, locked, the logins after its watermark, the watermark moved, the customer tenant, the digest.
        // On PostgreSQL each unit of work's writes go as one statement (was 15, issue 22).
        expected.put("enforceTimeLimits (one ends, one login digest)", h2 ? cost(17, 5) : cost(13, 5));
        return expected;
    }

    private static String cost(int statements, int transactions) {
        return new JdbcCounter.Cost(statements, transactions, 0, 0, java.util.List.of()).toString();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void eachUseCaseRunsTheExpectedNumberOfStatements(String database) {
        JdbcCounter counter = new JdbcCounter();
        boolean postgres = database.equals("postgresql");
        String url = postgres ? Databases.newPostgresDatabase() : null;
        try (HikariDataSource pool = counter.pool(postgres ? postgresDriver(url) : h2Driver());
             JdbiStorage storage = JdbiStorage.using(pool)) {
            storage.installSchema();
            Map<String, JdbcCounter.Cost> costs = scenario(new DelegationHarness(new JdbiAdapterFixture(storage, () -> { })), counter);

            print(database, costs);
            Map<String, String> counted = new LinkedHashMap<>();
            costs.forEach((useCase, cost) -> counted.put(useCase, cost.toString()));
            assertThat(counted).as("the statements of each use case: %s", costs).containsExactlyEntriesOf(expected(database));
            assertThat(costs.values()).as("no use case rolls back").allSatisfy(cost -> assertThat(cost.rollbacks()).isZero());
        } finally {
            if (url != null) {
                Databases.dropQuietly(url);
            }
        }
    }

    @Test
    void aLoginTakesFourRoundTripsToPostgresqlCommitIncluded() {
        JdbcCounter counter = new JdbcCounter();
        String url = Databases.newPostgresDatabase();
        try (HikariDataSource pool = counter.pool(postgresDriver(url)); JdbiStorage storage = JdbiStorage.using(pool)) {
            storage.installSchema();
            DelegationHarness w = new DelegationHarness(new JdbiAdapterFixture(storage, () -> { }));
            w.register(partner(1));
            w.register(customer(1));
            DelegationId id = w.connect(partner(1), customer(1));

            JdbcCounter.Cost login = counter.count(() -> w.delegation.loginToCustomer(adminOf(partner(1)), id));

            // The locked read, the login limits' read of recent sessions, the audit event with the session, the commit.
            assertThat(login.roundTrips()).as("%s", login.sql()).isEqualTo(4);
            assertThat(login.transactions()).isEqualTo(1);
        } finally {
            Databases.dropQuietly(url);
        }
    }

    private static DataSource h2Driver() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:statement-count-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return h2;
    }

    private static DataSource postgresDriver(String url) {
        PGSimpleDataSource driver = new PGSimpleDataSource();
        driver.setURL(url);
        return driver;
    }

    private static Map<String, JdbcCounter.Cost> scenario(DelegationHarness w, JdbcCounter jdbc) {
        Map<String, JdbcCounter.Cost> counts = new LinkedHashMap<>();
        Counting counter = new Counting(jdbc);
        for (int n = 1; n <= 2; n++) {
            w.register(partner(n));
        }
        for (int n = 1; n <= 3; n++) {
            w.register(customer(n));
        }

        DelegationId first = counter.count(counts, "addCustomerAccount (new customer)",
                () -> w.delegation.addCustomerAccount(adminOf(partner(1)), customer(1).administratorEmail())).delegationId();
        counter.count(counts, "addCustomerAccount (already added)",
                () -> w.delegation.addCustomerAccount(adminOf(partner(1)), customer(1).administratorEmail()));
        w.delegation.addCustomerAccount(adminOf(partner(1)), customer(2).administratorEmail());
        DelegationId third = w.delegation.addCustomerAccount(adminOf(partner(1)), customer(3).administratorEmail()).delegationId();
        AccountQuery twoRows = AccountQuery.firstPage().withLimit(2);
        Page<?> page = counter.count(counts, "listAccounts (first page)", () -> w.delegation.listAccounts(adminOf(partner(1)), twoRows));
        counter.count(counts, "listAccounts (next page)",
                () -> w.delegation.listAccounts(adminOf(partner(1)), twoRows.after(page.nextCursor().orElseThrow())));
        w.dispatcher.drain();

        counter.count(counts, "resendInvitation", () -> w.delegation.resendInvitation(adminOf(partner(1)), first));
        counter.count(counts, "OutboxDispatcher.drain (one invitation)", w.dispatcher::drain);
        for (int i = 0; i < 10; i++) {
            w.delegation.resendInvitation(adminOf(partner(1)), third);
        }
        counter.count(counts, "OutboxDispatcher.drain (ten invitations)", w.dispatcher::drain);

        String token = w.invitationTokenFor(customer(1));
        counter.count(counts, "acceptInvitation", () -> w.delegation.acceptInvitation(adminOf(customer(1)), token));
        w.dispatcher.drain();
        String declined = w.invitationTokenFor(customer(2));
        counter.count(counts, "declineInvitation", () -> {
            w.delegation.declineInvitation(adminOf(customer(2)), declined);
            return null;
        });
        counter.count(counts, "OutboxDispatcher.drain (one notice)", w.dispatcher::drain);

        IssuedSession login = counter.count(counts, "loginToCustomer", () -> w.delegation.loginToCustomer(adminOf(partner(1)), first));
        counter.count(counts, "validateSession", () -> w.delegation.validateSession(login.token().reveal()).orElseThrow());
        counter.count(counts, "currentPartner", () -> w.delegation.currentPartner(adminOf(customer(1))).orElseThrow());
        counter.count(counts, "auditTrail", () -> w.delegation.auditTrail(adminOf(partner(1)), first, AuditQuery.firstPage()));
        Page<?> firstEvent = w.delegation.auditTrail(adminOf(partner(1)), first, AuditQuery.firstPage().withLimit(1));
        counter.count(counts, "auditTrail (a page after a cursor)", () -> w.delegation.auditTrail(adminOf(partner(1)), first,
                AuditQuery.firstPage().withLimit(1).after(firstEvent.nextCursor().orElseThrow())));
        IssuedSession second = w.delegation.loginToCustomer(adminOf(partner(1)), first);
        counter.count(counts, "endSession", () -> w.delegation.endSession(second.token().reveal()));
        counter.count(counts, "endSessionsOfUser",
                () -> w.delegation.endSessionsOfUser(adminOf(partner(1)), partner(1).id(), adminOf(partner(1)).userId()));
        // A live session to end: ending none records no audit event.
        w.delegation.loginToCustomer(adminOf(partner(1)), first);
        counter.count(counts, "endSessionsIntoTenant", () -> w.delegation.endSessionsIntoTenant(adminOf(customer(1))));
        counter.count(counts, "grantPartnerPermission", () -> w.delegation.grantPartnerPermission(operator(), customer(3).id()));
        counter.count(counts, "revokePartnerPermission (no connected customer)",
                () -> w.delegation.revokePartnerPermission(operator(), customer(3).id()));
        counter.count(counts, "permissionAuditTrail", () -> w.delegation.permissionAuditTrail(operator(), customer(3).id()));

        w.clock.advance(w.delegation.settings().invitationTtl().plus(Duration.ofDays(1)));
        counter.count(counts, "expireInvitations (one expired)", () -> {
            assertThat(w.delegation.expireInvitations(operator())).isEqualTo(1);
            return null;
        });
        counter.count(counts, "deleteAccount (connected)", () -> {
            w.delegation.deleteAccount(adminOf(partner(1)), first);
            return null;
        });
        w.connect(partner(2), customer(2));
        counter.count(counts, "disassociatePartner", () -> {
            w.delegation.disassociatePartner(adminOf(customer(2)));
            return null;
        });
        // Nothing is that old yet: each kind's first batch comes back short, and is the last.
        counter.count(counts, "applyRetention (with audit events)",
                () -> w.delegation.applyRetention(operator(), RetentionPolicy.keepingAudit(Duration.ofDays(30)).includingAuditEvents()));
        counter.count(counts, "delegatedSessions", () -> w.delegation.delegatedSessions(adminOf(customer(1)), SessionQuery.firstPage()));
        counter.count(counts, "auditTrailOfTenant", () -> w.delegation.auditTrailOfTenant(operator(), customer(1).id(),
                AuditRange.between(w.clock.instant().minus(Duration.ofDays(30)), w.clock.instant().plusSeconds(1))));
        // The logins above are due their first digest: written here, so that the next run has nothing due.
        assertThat(w.delegation.enforceTimeLimits(operator()).loginDigests()).isEqualTo(1);
        counter.count(counts, "enforceTimeLimits (nothing due)", () -> w.delegation.enforceTimeLimits(operator()));
        DelegationId timed = w.delegation.addCustomerAccount(adminOf(partner(2)), customer(1).administratorEmail(),
                GrantRequest.defaults().forTerm(Duration.ofDays(1))).delegationId();
        w.delegation.acceptInvitation(adminOf(customer(1)), w.invitationTokenFor(customer(1)));
        w.delegation.loginToCustomer(adminOf(partner(2)), timed);
        w.dispatcher.drain();
        w.clock.advance(Duration.ofDays(1));
        counter.count(counts, "enforceTimeLimits (one ends, one login digest)", () -> {
            TimeLimitResult done = w.delegation.enforceTimeLimits(operator());
            assertThat(done.ended()).isEqualTo(1);
            assertThat(done.loginDigests()).isEqualTo(1);
            return null;
        });
        return counts;
    }

    private static void print(String database, Map<String, JdbcCounter.Cost> costs) {
        StringBuilder table = new StringBuilder("SQL statements per use case (").append(database).append(")\n");
        table.append("use case | statements | transactions | round trips\n");
        costs.forEach((useCase, cost) -> table.append(useCase).append(" | ").append(cost.statements()).append(" | ")
                .append(cost.transactions()).append(" | ").append(cost.roundTrips()).append('\n'));
        System.out.print(table);
    }

    /** Records each use case's cost under its name, and hands its result on. */
    private static final class Counting {
        private final JdbcCounter jdbc;

        Counting(JdbcCounter jdbc) {
            this.jdbc = jdbc;
        }

        <T> T count(Map<String, JdbcCounter.Cost> counts, String useCase, java.util.function.Supplier<T> call) {
            java.util.concurrent.atomic.AtomicReference<T> result = new java.util.concurrent.atomic.AtomicReference<>();
            counts.put(useCase, jdbc.count(() -> {
                result.set(call.get());
                return null;
            }));
            return result.get();
        }
    }
}
