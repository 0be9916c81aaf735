package org.partnerdelegation.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The statements of the time limits, the customer's sessions and the tenant's audit trail on H2,
 * the embedded default, run for real ({@code EXPLAIN ANALYZE}) among thousands of rows they must
 * not read: each reads a range of its index about as long as its answer. The end-date sweep and
 * the ending notices in particular read past none of the CONNECTED delegations without an end date
 * (every delegation from before V3), which H2 would sort first in an index that did not keep
 * NULLs last.
 */
class H2QueryPlanTest {

    /** Now, for the statements: the population's end dates are around it. */
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    /**
     * 5,000 CONNECTED delegations without an end date and 2,000 REMOVED ones; 40 CONNECTED with end
     * dates a day apart around now, every other one told already; 5,000 sessions into 50 customers;
     * 20,000 audit events of 500 tenants.
     */
    private static final String POPULATION = """
            INSERT INTO pd_delegation (delegation_id, partner_tenant, customer_tenant, customer_email, customer_email_canonical,
                customer_account_number, status, created_at, updated_at, accepted_at, version)
              SELECT RANDOM_UUID(), 'p' || MOD(X, 50), 'c' || X, 'admin@c' || X || '.example', 'admin@c' || X || '.example',
                'C-' || X, CASE WHEN X <= 5000 THEN 'CONNECTED' ELSE 'REMOVED' END,
                TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00', NULL, 1
              FROM SYSTEM_RANGE(1, 7000);
            INSERT INTO pd_delegation (delegation_id, partner_tenant, customer_tenant, customer_email, customer_email_canonical,
                customer_account_number, status, created_at, updated_at, accepted_at, roles, term_seconds, ends_at, access_until,
                ending_notice_sent, version)
              SELECT RANDOM_UUID(), 'p1', 'e' || X, 'admin@e' || X || '.example', 'admin@e' || X || '.example', 'E-' || X,
                'CONNECTED', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00',
                NULL, 'billing:read', 2592000,
                TIMESTAMP WITH TIME ZONE '2026-06-01 00:00:00+00' + (X - 20) * INTERVAL '1' DAY - INTERVAL '1' SECOND,
                TIMESTAMP WITH TIME ZONE '2026-06-01 00:00:00+00' + (X - 20) * INTERVAL '1' DAY - INTERVAL '1' SECOND,
                MOD(X, 2) = 0, 1
              FROM SYSTEM_RANGE(1, 40);
            INSERT INTO pd_session (token_hash, session_id, delegation_id, customer_tenant, subject_email, actor_tenant, actor_user,
                scope, permission_epoch, issued_at, expires_at, revoked_at)
              SELECT LPAD(CAST(X AS VARCHAR), 64, '0'), RANDOM_UUID(), (SELECT MIN(delegation_id) FROM pd_delegation),
                'c' || MOD(X, 50), 'x@y.example', 'p1', 'u' || MOD(X, 10), 'tenant:administrator', 0,
                TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00' + X * INTERVAL '1' MINUTE,
                TIMESTAMP WITH TIME ZONE '2026-01-01 01:00:00+00' + X * INTERVAL '1' MINUTE, NULL
              FROM SYSTEM_RANGE(1, 5000);
            INSERT INTO pd_audit_event (event_id, event_type, delegation_id, target_tenant, actor_tenant, actor_user, from_status,
                to_status, occurred_at)
              SELECT RANDOM_UUID(), 'DELEGATED_LOGIN', NULL, 'c' || MOD(X, 500), 'p' || MOD(X, 50), 'u1', NULL, NULL,
                TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00' + X * INTERVAL '1' MINUTE
              FROM SYSTEM_RANGE(1, 20000);
            INSERT INTO pd_invitation (token_hash, delegation_id, created_at, expires_at, status, used_at)
              SELECT LPAD(CAST(ROWNUM() AS VARCHAR), 64, 'a'), delegation_id, created_at, created_at + INTERVAL '7' DAY, 'OPEN', NULL
              FROM pd_delegation;
            ANALYZE
            """;

    private static JdbiStorage storage;

    @BeforeAll
    static void populate() {
        storage = JdbiStorage.inMemory("h2-plans");
        storage.jdbi().useHandle(h -> h.createScript(POPULATION).execute());
    }

    @AfterAll
    static void close() {
        storage.close();
    }

    @Test
    void theSweepReadsOnlyTheDelegationsWhosePeriodEnded() throws ReflectiveOperationException {
        String plan = explain(constant(DelegationDao.class, "LOCK_ENDED_CONNECTED_ON_H2"), NOW, 100, NOW);

        assertThat(plan).contains("PD_DELEGATION_BY_END");
        // 20 due: read once by the batch's subquery, once more by the statement around it; nothing else.
        assertThat(scanCounts(plan)).as(plan).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(21));
    }

    @Test
    void theEndingNoticesReadOnlyTheDelegationsEndingByTheThreshold() throws ReflectiveOperationException {
        String plan = explain(constant(DelegationDao.class, "FIND_ENDING_UNNOTICED"), NOW.plusSeconds(14 * 86_400), 100);

        assertThat(plan).contains("PD_DELEGATION_BY_END");
        // 34 end by the threshold, 17 of them not told yet: the range is the 34, not the 5,000 without an end.
        assertThat(scanCounts(plan)).as(plan).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(35));
    }

    @Test
    void aPageOfTheSessionsIntoACustomerReadsItsOwnRows() throws ReflectiveOperationException {
        String first = explain(constant(SessionDao.class, "INTO"), "c7", 10);
        String after = storage.jdbi().withHandle(h -> h.createQuery("SELECT CAST(session_id AS VARCHAR) FROM pd_session"
                + " WHERE customer_tenant = 'c7' ORDER BY issued_at DESC OFFSET 50 ROWS FETCH FIRST 1 ROWS ONLY")
                .mapTo(String.class).one());
        java.util.UUID id = java.util.UUID.fromString(after);
        String next = explain(constant(SessionDao.class, "INTO_AFTER"), "c7", id, "c7", id, 10);

        assertThat(first).contains("PD_SESSION_INTO_CUSTOMER").contains("index sorted");
        assertThat(next).contains("PD_SESSION_INTO_CUSTOMER").contains("index sorted");
        assertThat(scanCounts(first)).as(first).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(11));
        assertThat(scanCounts(next)).as(next).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(12));
    }

    @Test
    void aLoginReadsOnlyItsUsersRecentSessionsIntoTheDelegation() throws ReflectiveOperationException {
        java.util.UUID delegation = storage.jdbi().withHandle(h -> h.createQuery("SELECT MIN(delegation_id) FROM pd_delegation")
                .mapTo(java.util.UUID.class).one());
        // The last hour of the 5,000 minutes of sessions: 60 sessions, 6 of them of user u3; 500 of u3 in all.
        Instant hourBefore = Instant.parse("2026-01-01T00:00:00Z").plus(java.time.Duration.ofMinutes(4940));
        String plan = explain(constant(SessionDao.class, "OF_USER"), delegation, "u3", hourBefore);

        assertThat(plan).contains("PD_SESSION_OF_USER").contains("index sorted");
        assertThat(scanCounts(plan)).as(plan).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(7));
    }

    @Test
    void theTrailOfATenantReadsThatTenantsEventsOfTheRange() throws ReflectiveOperationException {
        Instant from = Instant.parse("2026-01-05T00:00:00Z");
        Instant to = Instant.parse("2026-01-06T00:00:00Z");
        String plan = explain(constant(AuditDao.class, "OF_TENANT_ON_H2"), "c7", from, to, "c7", "c7", from, to, 100);

        assertThat(plan).contains("PD_AUDIT_EVENT_BY_TARGET_TIME");
        // A day of one customer's events: 1,440 minutes over 500 customers, three of them; nothing near the 20,000.
        assertThat(scanCounts(plan)).as(plan).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(50));
    }

    @Test
    void answeringAnInvitationReadsOnlyItsOwnRows() throws ReflectiveOperationException {
        String hash = storage.jdbi().withHandle(h -> h.createQuery("SELECT MIN(token_hash) FROM pd_invitation").mapTo(String.class).one());
        for (String name : List.of("LOCK_INVITATION_DELEGATION_ON_H2", "LOCK_INVITATION_ON_H2", "INVITATION_TARGET")) {
            String plan = explain(constant(JdbiJoinedQueries.class, name), hash);
            assertThat(scanCounts(plan)).as(name + ": " + plan).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(3));
        }
    }

    private static String explain(String sql, Object... args) {
        return storage.jdbi().withHandle(h -> {
            var query = h.createQuery("EXPLAIN ANALYZE " + sql);
            for (int i = 0; i < args.length; i++) {
                query.bind(i, args[i]);
            }
            return String.join("\n", query.mapTo(String.class).list());
        });
    }

    private static List<Integer> scanCounts(String plan) {
        Matcher m = Pattern.compile("scanCount: (\\d+)").matcher(plan);
        List<Integer> counts = new java.util.ArrayList<>();
        while (m.find()) {
            counts.add(Integer.parseInt(m.group(1)));
        }
        assertThat(counts).as(plan).isNotEmpty();
        return counts;
    }

    private static String constant(Class<?> type, String name) throws ReflectiveOperationException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return (String) field.get(null);
    }
}
