package org.partnerdelegation.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.List;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every statement the adapters run is served by an index on a populated, analyzed database, with
 * the planner's settings as the server has them: PostgreSQL's generic plan of each statement (read
 * from the adapter's classes themselves by {@link LibraryStatements}, so a new query is checked as
 * soon as it is written) scans no table of ours sequentially. Statements written for H2 only
 * (their name ends in {@code _ON_H2}) are left out. {@link PostgresYoungDatabasePlanTest} checks
 * the same on a young database.
 * The account list's keyset page is also run for real, deep in a partner's 20,000 customers,
 * and must read only its own rows.
 */
class PostgresQueryPlanTest {

    /**
     * Statements that run on hot paths or over whole tables, so must be index-served: named here
     * so that dropping one (or renaming it) is noticed.
     */
    private static final List<String> MUST_BE_CHECKED = List.of(
            "DelegationDao.LOCK_OWN",                // every partner use case on a delegation
            "OutboxDao.LOCK_DUE",                    // the claim, with its lease on the database's clock
            "OutboxDao.lease",
            "OutboxDao.MARK_DELIVERED",              // fenced by the claim's attempt
            "OutboxDao.LAST_INVITATION",             // the invitation cool-down
            "OutboxDao.DELETE_CLOSED_BEFORE",
            "SessionDao.REVOKE",
            "SessionDao.REVOKE_ALL_OF_USER",
            "SessionDao.REVOKE_ALL_OF_PARTNER",
            "SessionDao.REVOKE_ALL_INTO",
            "SessionDao.DELETE_ENDED_BEFORE",
            "InvitationDao.SUPERSEDE_OPEN_OLDER",
            "InvitationDao.ANY_OF",
            "AuditDao.OF_DELEGATION_AFTER",
            "AuditDao.DELETE_BEFORE",
            "EpochDao.FIND",
            "JdbiJoinedQueries.LIVE_SESSION",        // every request of a delegated session
            "JdbiJoinedQueries.LOCK_OWN_DELEGATION_ON_POSTGRES",
            "AccountPages.first page",
            "AccountPages.after a cursor",
            "AccountPages.after a cursor, permitted partner only",
            "AccountPages.ending by a date, after a cursor, permitted partner only",
            "AccountPages.shown columns, after a cursor",          // every page of the account list
            "JdbiJoinedQueries.LOCK_INVITATION_TARGET_ON_POSTGRES", // every answer to an invitation
            // Least privilege and time limits: the end-date sweep, the ending notices, expired change
            // requests, the tenant audit export, the customer's sessions.
            "DelegationDao.LOCK_ENDED_CONNECTED",
            "DelegationDao.FIND_ENDING_UNNOTICED",
            "DelegationDao.FIND_EXPIRED_CHANGE_REQUESTS",
            "AuditDao.OF_TENANT",
            "AuditDao.OF_TENANT_AFTER",
            "SessionDao.FIND_BY_ID",
            "SessionDao.INTO",
            "SessionDao.INTO_AFTER",
            // Limits on logins: every login reads its user's recent sessions into the delegation.
            "SessionDao.OF_USER");

    private static JdbiAdapterFixture fixture;

    /**
     * Representative volumes: many tenants, partners and users; most sessions revoked, most notifications delivered;
     * permission epochs and customer settings of thousands of tenants (a table of one page is read whole, rightly).
     */
    private static final String POPULATION = """
            INSERT INTO pd_tenant SELECT 't' || i, 'A-' || i, 'admin@t' || i || '.example', 'admin@t' || i || '.example', i % 10 = 0
              FROM generate_series(1, 2000) i;
            INSERT INTO pd_delegation (delegation_id, partner_tenant, customer_tenant, customer_email, customer_email_canonical,
                customer_account_number, status, created_at, updated_at, accepted_at, version)
              SELECT CAST(md5('d' || i) AS UUID), 'p' || (i % 50), 'c' || i, 'admin@c' || i || '.example', 'admin@c' || i || '.example',
                'C-' || i, (ARRAY['PENDING', 'CONNECTED', 'DECLINED', 'EXPIRED', 'REMOVED'])[1 + i % 5],
                now() - i * INTERVAL '1 minute', now(), NULL, 0
              FROM generate_series(1, 5000) i;
            INSERT INTO pd_invitation SELECT md5('i' || i) || md5('j' || i), CAST(md5('d' || (1 + i % 5000)) AS UUID),
                now() - i * INTERVAL '1 minute', now() + INTERVAL '7 days', (ARRAY['OPEN', 'USED', 'SUPERSEDED'])[1 + i % 3], NULL
              FROM generate_series(1, 10000) i;
            INSERT INTO pd_audit_event (event_id, event_type, delegation_id, target_tenant, actor_tenant, actor_user, from_status,
                to_status, occurred_at)
              SELECT CAST(md5('a' || i) AS UUID), 'CUSTOMER_ADDED',
                CASE WHEN i % 20 = 0 THEN NULL ELSE CAST(md5('d' || (1 + i % 5000)) AS UUID) END,
                'c' || (1 + i % 5000), 'p' || (i % 50), 'u' || (i % 1000), NULL, 'PENDING', now() - i * INTERVAL '1 minute'
              FROM generate_series(1, 20000) i;
            INSERT INTO pd_outbox (notification_id, notification_type, delegation_id, recipient, status, attempts, created_at,
                next_attempt_at, delivered_at, last_error, leased_until)
              SELECT CAST(md5('o' || i) AS UUID), (ARRAY['INVITATION', 'ACCEPTANCE_NOTICE', 'REMOVAL_NOTICE_TO_PARTNER'])[1 + i % 3],
                CAST(md5('d' || (1 + i % 5000)) AS UUID), 'x@y.example',
                CASE WHEN i % 50 = 0 THEN 'PENDING' WHEN i % 51 = 0 THEN 'FAILED' ELSE 'DELIVERED' END, 1,
                now() - i * INTERVAL '1 minute', now() - i * INTERVAL '1 minute', NULL, NULL, NULL
              FROM generate_series(1, 20000) i;
            INSERT INTO pd_session (token_hash, session_id, delegation_id, customer_tenant, subject_email, actor_tenant, actor_user,
                scope, permission_epoch, issued_at, expires_at, revoked_at)
              SELECT md5('s' || i) || md5('t' || i), CAST(md5('sid' || i) AS UUID), CAST(md5('d' || (1 + i % 5000)) AS UUID),
                'c' || (1 + i % 5000), 'x@y.example', 'p' || (i % 50), 'u' || (i % 1000), 'tenant:administrator', 0,
                now() - i * INTERVAL '1 minute', now() - i * INTERVAL '1 minute' + INTERVAL '1 hour',
                CASE WHEN i % 10 = 0 THEN NULL ELSE now() - i * INTERVAL '30 seconds' END
              FROM generate_series(1, 20000) i;
            UPDATE pd_delegation SET roles = 'billing:read support:tickets', term_seconds = 2592000,
                ends_at = created_at + INTERVAL '30 days', access_until = created_at + INTERVAL '30 days',
                ending_notice_sent = CAST(substr(customer_tenant, 2) AS INT) % 2 = 0
              WHERE status = 'CONNECTED' AND CAST(substr(customer_tenant, 2) AS INT) % 3 = 0;
            UPDATE pd_delegation SET requested_roles = 'billing:write', requested_term_seconds = 86400, change_requested_at = now()
              WHERE status = 'CONNECTED' AND CAST(substr(customer_tenant, 2) AS INT) % 7 = 0;
            INSERT INTO pd_partner_epoch SELECT 't' || i, 1 FROM generate_series(1, 2000) i;
            INSERT INTO pd_partner_epoch SELECT 'p' || i, 1 FROM generate_series(1, 50) i;
            INSERT INTO pd_customer_settings (tenant_id, login_notice, reported_through)
              SELECT 'c' || i, (ARRAY['EACH_LOGIN', 'DAILY_DIGEST', 'NONE'])[1 + i % 3], 0 FROM generate_series(1, 5000) i;
            INSERT INTO pd_tenant VALUES ('pbig', 'P-BIG', 'admin@pbig.example', 'admin@pbig.example', TRUE);
            INSERT INTO pd_delegation (delegation_id, partner_tenant, customer_tenant, customer_email, customer_email_canonical,
                customer_account_number, status, created_at, updated_at, accepted_at, version)
              SELECT CAST(md5('big' || i) AS UUID), 'pbig', 'cbig' || i, 'admin@cbig' || i || '.example',
                'admin@cbig' || i || '.example', 'B-' || i, CASE WHEN i % 2 = 0 THEN 'PENDING' ELSE 'CONNECTED' END,
                now(), now(), NULL, 0
              FROM generate_series(1, 20000) i;
            ANALYZE
            """;

    @BeforeAll
    static void startDatabase() {
        fixture = Databases.postgres();
        fixture.storage().jdbi().useHandle(h -> h.createScript(POPULATION).execute());
    }

    @AfterAll
    static void dropDatabase() {
        fixture.close();
    }

    public static Stream<Arguments> statements() {
        return LibraryStatements.all().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    /**
     * A page deep in a long list reads its own rows, not the ones before it: the cursor is a bound
     * of the list index. Run for real (EXPLAIN ANALYZE) at the middle of 20,000 customers; a
     * predicate the index cannot bound (the spelled-out OR) removes some 10,000 rows by filter here.
     */
    @org.junit.jupiter.api.Test
    void aMiddlePageOfTheAccountListReadsOnlyItsOwnRows() {
        List<String> plan = fixture.storage().jdbi().withHandle(h -> {
            String middle = h.createQuery("SELECT customer_email_canonical || ' ' || delegation_id FROM pd_delegation"
                    + " WHERE partner_tenant = 'pbig' ORDER BY customer_email_canonical, delegation_id OFFSET 10000 LIMIT 1")
                    .mapTo(String.class).one();
            String[] cursor = middle.split(" ");
            String sql = AccountPages.shownSql(2, false, true);
            Object[] args = AccountPages.arguments("pbig", List.of("CONNECTED", "PENDING"), java.util.Optional.empty(),
                    java.util.Optional.of(new AccountPages.AccountPosition(cursor[0], java.util.UUID.fromString(cursor[1]))), 51, true);
            var query = h.createQuery("EXPLAIN (ANALYZE, BUFFERS) " + sql);
            for (int i = 0; i < args.length; i++) {
                query.bind(i, args[i]);
            }
            return query.mapTo(String.class).list();
        });
        String text = String.join("\n", plan);

        assertThat(text).as(text).contains("Index Cond").doesNotContain("Seq Scan").doesNotContain("Sort");
        assertThat(text).as(text).containsPattern("Index Scan using pd_delegation_partner_list on pd_delegation.*\\(actual [^)]*rows=51 ");
        int removed = plan.stream().filter(line -> line.contains("Rows Removed by Filter"))
                .mapToInt(line -> Integer.parseInt(line.replaceAll(".*Rows Removed by Filter: (\\d+).*", "$1"))).sum();
        assertThat(removed).as(text).isLessThan(100);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statements")
    void isServedByAnIndex(String name, String jdbiSql) {
        String plan = fixture.storage().jdbi().withHandle(h -> genericPlan(h, jdbiSql));

        assertThat(plan).as("plan of %s:%n%s", name, plan).doesNotContainPattern("Seq Scan on pd_");
        if (MUST_BE_CHECKED.contains(name)) {
            // Searched, not read whole: an index scan without a condition reads the table in another order.
            assertThat(plan).as("plan of %s:%n%s", name, plan).contains("Index Cond");
        }
    }

    /**
     * The statements of the time limits, the customer's sessions and the tenant's audit trail read
     * their own indexes: the sweep and the notices the partial indexes of CONNECTED delegations by
     * end date; the sessions into a customer theirs, backwards; each part of the tenant's trail its
     * tenant's events (or its partner's delegations' events), never the whole time range
     * ({@code pd_audit_event_by_time}) nor every event after the cursor (the primary key); a
     * login's read of its user's recent sessions the range of {@code pd_session_of_user}, in order.
     */
    @org.junit.jupiter.api.Test
    void theTimeLimitSessionAndTenantTrailStatementsReadTheirOwnIndexes() throws ReflectiveOperationException {
        java.util.function.Function<String, String> plan = sql -> fixture.storage().jdbi().withHandle(h -> genericPlan(h, sql));

        assertThat(plan.apply(constant(DelegationDao.class, "LOCK_ENDED_CONNECTED")))
                .contains("Index Scan using pd_delegation_connected_by_end").doesNotContain("Sort");
        assertThat(plan.apply(constant(DelegationDao.class, "FIND_ENDING_UNNOTICED")))
                .contains("Index Scan using pd_delegation_ending_unnoticed").doesNotContain("Sort");
        assertThat(plan.apply(constant(SessionDao.class, "INTO"))).contains("Index Scan Backward using pd_session_into_customer")
                .doesNotContain("Sort");
        assertThat(plan.apply(constant(SessionDao.class, "INTO_AFTER"))).contains("Index Scan Backward using pd_session_into_customer")
                .doesNotContain("Sort");
        assertThat(plan.apply(constant(SessionDao.class, "OF_USER"))).contains("Index Scan using pd_session_of_user")
                .doesNotContain("Sort");
        for (String name : List.of("OF_TENANT", "OF_TENANT_AFTER")) {
            String trail = plan.apply(constant(AuditDao.class, name));
            assertThat(trail).as("plan of %s:%n%s", name, trail)
                    .contains("pd_audit_event_by_target_time", "pd_audit_event_by_delegation")
                    .doesNotContain("pd_audit_event_by_time", "pd_audit_event_pkey");
        }
    }

    private static String constant(Class<?> type, String name) throws ReflectiveOperationException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return (String) field.get(null);
    }

    @org.junit.jupiter.api.Test
    void theTrustModelsStatementsAreAmongThoseChecked() {
        List<String> checked = statements().map(a -> (String) a.get()[0]).toList();

        assertThat(checked).containsAll(MUST_BE_CHECKED);
    }

    @org.junit.jupiter.api.Test
    void aStatementNoIndexServesIsCaught() {
        String plan = fixture.storage().jdbi().withHandle(h -> genericPlan(h,
                "SELECT delegation_id FROM pd_delegation WHERE customer_account_number = ?"));

        assertThat(plan).contains("Seq Scan on pd_delegation");
    }

    private static String genericPlan(Handle h, String jdbcSql) {
        return LibraryStatements.genericPlan(h, jdbcSql);
    }
}
