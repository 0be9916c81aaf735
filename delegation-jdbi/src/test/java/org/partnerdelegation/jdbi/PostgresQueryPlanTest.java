package org.partnerdelegation.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every statement the adapters run can be served by an index: with sequential scans priced out,
 * PostgreSQL's generic plan of each statement (read from the SqlObject annotations themselves,
 * so a new query is checked as soon as it is written) scans no table of ours sequentially.
 * Statements written for H2 only (their method's name ends in {@code OnH2}) are left out.
 */
class PostgresQueryPlanTest {

    private static final List<Class<?>> DAOS = List.of(TenantDao.class, DelegationDao.class, InvitationDao.class,
            AuditDao.class, OutboxDao.class, SessionDao.class, EpochDao.class);
    /**
     * Statements of the trust model that run on hot paths or over whole tables, so must be
     * index-served: named here so that dropping one from the DAOs (or renaming it) is noticed.
     */
    private static final List<String> MUST_BE_CHECKED = List.of(
            "DelegationDao.lockOwn",                 // every partner use case on a delegation
            "OutboxDao.lockDue",                     // the claim, with its lease on the database's clock
            "OutboxDao.lease",
            "OutboxDao.markDelivered",               // fenced by the claim's attempt
            "OutboxDao.lastInvitationCreatedAt",     // the invitation cool-down
            "OutboxDao.deleteClosedBefore",
            "SessionDao.revoke",
            "SessionDao.revokeAllOfUser",
            "SessionDao.revokeAllOfPartner",
            "SessionDao.revokeAllInto",
            "SessionDao.deleteEndedBefore",
            "InvitationDao.supersedeOpenOlderThan",
            "InvitationDao.anyOf",
            "AuditDao.ofDelegationAfter",
            "AuditDao.deleteBefore",
            "EpochDao.find");
    private static final Pattern PARAMETER = Pattern.compile("(?<![:\\w]):([A-Za-z]\\w*)");

    private static JdbiAdapterFixture fixture;

    /** Representative volumes: many tenants, partners and users; most sessions revoked, most notifications delivered. */
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
            INSERT INTO pd_partner_epoch SELECT 'p' || i, 1 FROM generate_series(1, 50) i;
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

    static Stream<Arguments> statements() {
        List<Arguments> all = new ArrayList<>();
        for (Class<?> dao : DAOS) {
            for (Method m : dao.getDeclaredMethods()) {
                SqlQuery query = m.getAnnotation(SqlQuery.class);
                SqlUpdate update = m.getAnnotation(SqlUpdate.class);
                String sql = query != null ? query.value() : update != null ? update.value() : null;
                if (sql != null && !sql.startsWith("INSERT") && !m.getName().endsWith("OnH2")) {
                    all.add(Arguments.of(dao.getSimpleName() + "." + m.getName(), sql));
                }
            }
        }
        return all.stream().sorted((a, b) -> ((String) a.get()[0]).compareTo((String) b.get()[0]));
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

    @org.junit.jupiter.api.Test
    void theTrustModelsStatementsAreAmongThoseChecked() {
        List<String> checked = statements().map(a -> (String) a.get()[0]).toList();

        assertThat(checked).containsAll(MUST_BE_CHECKED);
    }

    @org.junit.jupiter.api.Test
    void aStatementNoIndexServesIsCaught() {
        String plan = fixture.storage().jdbi().withHandle(h -> genericPlan(h,
                "SELECT delegation_id FROM pd_delegation WHERE customer_account_number = :number"));

        assertThat(plan).contains("Seq Scan on pd_delegation");
    }

    private static String genericPlan(Handle h, String jdbiSql) {
        Map<String, Integer> positions = new LinkedHashMap<>();
        // A bound list stands for one parameter; the statuses are constants the planner may use.
        String withLists = jdbiSql.replace("<statuses>", "'PENDING', 'CONNECTED'").replaceAll("<(\\w+)>", ":$1");
        Matcher m = PARAMETER.matcher(withLists);
        StringBuilder sql = new StringBuilder();
        while (m.find()) {
            int position = positions.computeIfAbsent(m.group(1), k -> positions.size() + 1);
            m.appendReplacement(sql, "\\$" + position);
        }
        m.appendTail(sql);
        h.execute("SET enable_seqscan = off");
        h.execute("SET plan_cache_mode = force_generic_plan");
        h.execute("DEALLOCATE ALL");
        h.execute("PREPARE statement_under_test AS " + sql);
        String nulls = String.join(", ", java.util.Collections.nCopies(positions.size(), "NULL"));
        String explain = "EXPLAIN EXECUTE statement_under_test" + (positions.isEmpty() ? "" : "(" + nulls + ")");
        return String.join("\n", h.createQuery(explain).mapTo(String.class).list());
    }
}
