package org.partnerdelegation.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.operator;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.partnerdelegation.core.contract.DelegationHarness;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.AuditQuery;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.Page;
import org.partnerdelegation.core.usecase.RetentionPolicy;

/**
 * How many SQL statements each use case runs, counted by a Jdbi {@link SqlLogger} (every
 * statement Jdbi executes; transaction control - begin, commit, the isolation level - is not a
 * statement and is not counted). The counts are asserted exactly, so that a change shows up as a
 * failing test and is either fixed or accepted knowingly by updating the table; they are the same
 * on H2 and PostgreSQL. The test prints the table, {@code use case | statements}, for the team.
 */
class StatementCountTest {

    /** The expected counts, in the order the scenario runs them. */
    static final Map<String, Integer> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("addCustomerAccount (new customer)", 7);
        EXPECTED.put("addCustomerAccount (already added)", 3);
        EXPECTED.put("listAccounts (first page)", 2);
        EXPECTED.put("listAccounts (next page)", 2);
        EXPECTED.put("resendInvitation", 4); // the partner, its own delegation locked, audit, outbox
        // Per entry: the delegation, the partner, the invitation; then, fenced by the claim's attempt, marked
        // delivered and the older links superseded in one unit of work. Plus the claim (2) and the empty claim (1).
        EXPECTED.put("OutboxDispatcher.drain (one invitation)", 8);
        EXPECTED.put("OutboxDispatcher.drain (ten invitations)", 53);
        // Was 9: the invitation is read again once its delegation is held, so that two clicks see each other's answer.
        EXPECTED.put("acceptInvitation", 10);
        EXPECTED.put("declineInvitation", 8); // was 7: the same second read of the invitation
        EXPECTED.put("OutboxDispatcher.drain (one notice)", 6);
        // Was 4: + the partner's permission epoch (recorded in the session), + the customer tenant (the session's subject).
        EXPECTED.put("loginToCustomer", 6);
        // Was 3: the session, its delegation, its partner's permission, + the partner's epoch; one transaction.
        EXPECTED.put("validateSession", 4);
        EXPECTED.put("currentPartner", 2);
        EXPECTED.put("auditTrail", 2); // the delegation, then one page (of 500) of its events
        EXPECTED.put("auditTrail (a page after a cursor)", 2); // the delegation, then the page keyed by the cursor's seq
        EXPECTED.put("endSession", 1);
        EXPECTED.put("endSessionsOfUser", 1);
        // The customer's CONNECTED delegation, held (FOR UPDATE) so that no login slips in, the revocation, the audit event.
        EXPECTED.put("endSessionsIntoTenant", 4);
        EXPECTED.put("grantPartnerPermission", 4);
        // Was 5: the tenant, the update, the tenant as it is now, audit, + the epoch moved on (one upsert) and every
        // session of the partner revoked (one update, however many there are).
        EXPECTED.put("revokePartnerPermission (no connected customer)", 6);
        EXPECTED.put("permissionAuditTrail", 1);
        EXPECTED.put("expireInvitations (one expired)", 6);
        EXPECTED.put("deleteAccount (connected)", 8);
        // Was 8: the connected delegation is now held (FOR UPDATE) once found, so a login racing the removal waits for it.
        EXPECTED.put("disassociatePartner", 9);
        // One batch of each kind, each its own unit of work, each one statement: notifications, sessions, audit events.
        EXPECTED.put("applyRetention (with audit events)", 3);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void eachUseCaseRunsTheExpectedNumberOfStatements(String database) {
        try (JdbiAdapterFixture fixture = database.equals("h2") ? Databases.h2() : Databases.postgres()) {
            StatementCounter counter = new StatementCounter();
            fixture.storage().jdbi().setSqlLogger(counter);
            Map<String, Integer> counts = scenario(new DelegationHarness(fixture), counter);

            print(database, counts);
            assertThat(counter.failed.get()).as("statements that failed").isZero();
            assertThat(counts).as("the statements of each use case: %s", counter.statementsByUseCase).containsExactlyEntriesOf(EXPECTED);
        }
    }

    private static Map<String, Integer> scenario(DelegationHarness w, StatementCounter counter) {
        Map<String, Integer> counts = new LinkedHashMap<>();
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
        counter.count(counts, "auditTrail", () -> w.delegation.auditTrail(adminOf(partner(1)), first));
        Page<?> firstEvent = w.delegation.auditTrail(adminOf(partner(1)), first, AuditQuery.firstPage().withLimit(1));
        counter.count(counts, "auditTrail (a page after a cursor)", () -> w.delegation.auditTrail(adminOf(partner(1)), first,
                AuditQuery.firstPage().withLimit(1).after(firstEvent.nextCursor().orElseThrow())));
        IssuedSession second = w.delegation.loginToCustomer(adminOf(partner(1)), first);
        counter.count(counts, "endSession", () -> w.delegation.endSession(second.token().reveal()));
        counter.count(counts, "endSessionsOfUser",
                () -> w.delegation.endSessionsOfUser(adminOf(partner(1)), partner(1).id(), adminOf(partner(1)).userId()));
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
        return counts;
    }

    private static void print(String database, Map<String, Integer> counts) {
        StringBuilder table = new StringBuilder("SQL statements per use case (").append(database).append(")\n");
        table.append("use case | statements\n");
        counts.forEach((useCase, n) -> table.append(useCase).append(" | ").append(n).append('\n'));
        System.out.print(table);
    }

    /** Counts every statement Jdbi executed on the storage, and the ones that failed; keeps the last use case's SQL. */
    private static final class StatementCounter implements SqlLogger {
        private final AtomicInteger executed = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();
        private final java.util.Queue<String> statements = new java.util.concurrent.ConcurrentLinkedQueue<>();
        private final Map<String, java.util.List<String>> statementsByUseCase = new LinkedHashMap<>();

        @Override
        public void logAfterExecution(StatementContext context) {
            executed.incrementAndGet();
            statements.add(context.getRenderedSql());
        }

        @Override
        public void logException(StatementContext context, java.sql.SQLException ex) {
            failed.incrementAndGet();
        }

        <T> T count(Map<String, Integer> counts, String useCase, java.util.function.Supplier<T> call) {
            executed.set(0);
            statements.clear();
            T result = call.get();
            counts.put(useCase, executed.get());
            statementsByUseCase.put(useCase, java.util.List.copyOf(statements));
            return result;
        }
    }
}
