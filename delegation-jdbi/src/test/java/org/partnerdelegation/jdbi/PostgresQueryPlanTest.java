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
 */
class PostgresQueryPlanTest {

    private static final List<Class<?>> DAOS = List.of(TenantDao.class, DelegationDao.class, InvitationDao.class,
            AuditDao.class, OutboxDao.class, SessionDao.class);
    private static final Pattern PARAMETER = Pattern.compile("(?<![:\\w]):([A-Za-z]\\w*)");

    private static JdbiAdapterFixture fixture;

    @BeforeAll
    static void startDatabase() {
        fixture = Databases.postgres();
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
                if (sql != null && !sql.startsWith("INSERT")) {
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
