package org.partnerdelegation.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The names statements are observed by: operations and our tables only, whatever the statement. */
class StatementNamesTest {

    @Test
    void everyLibraryStatementIsNamedByItsOperationsAndTablesOnly() {
        Set<String> names = new TreeSet<>();
        for (Map.Entry<String, String> statement : LibraryStatements.all().entrySet()) {
            String name = StatementNames.of(statement.getValue());
            assertThat(name).as(statement.getKey()).matches("(SELECT|INSERT|UPDATE|DELETE) pd_[a-z_]+( (SELECT|INSERT|UPDATE|DELETE) pd_[a-z_]+)*");
            names.add(name);
        }
        // Few values: far fewer names than statements, fit for a tag or a span name.
        assertThat(names.size()).isLessThan(LibraryStatements.all().size());
    }

    @Test
    void aReadIsNamedByTheTableItReadsAndAWriteByTheTableItWrites() {
        assertThat(StatementNames.summarize("SELECT d.status FROM pd_delegation d JOIN pd_tenant t ON t.tenant_id = d.partner_tenant"
                + " WHERE d.delegation_id = ? FOR UPDATE")).isEqualTo("SELECT pd_delegation");
        assertThat(StatementNames.summarize("UPDATE pd_outbox SET status = 'DELIVERED' WHERE notification_id = ?"))
                .isEqualTo("UPDATE pd_outbox");
        assertThat(StatementNames.summarize("INSERT INTO pd_audit_event (a, b) VALUES (?, ?)")).isEqualTo("INSERT pd_audit_event");
        assertThat(StatementNames.summarize("DELETE FROM pd_session WHERE session_id = ?")).isEqualTo("DELETE pd_session");
    }

    @Test
    void heldWritesCarriedByAnotherAreNamedInTheirOrder() {
        assertThat(StatementNames.summarize("WITH held_0 AS (INSERT INTO pd_audit_event (a) VALUES (?)), held_1 AS (INSERT INTO"
                + " pd_outbox (a) VALUES (?)) UPDATE pd_delegation SET status = ? WHERE delegation_id = ?"))
                .isEqualTo("INSERT pd_audit_event INSERT pd_outbox UPDATE pd_delegation");
        assertThat(StatementNames.summarize("WITH held_0 AS (UPDATE pd_invitation SET x = ? RETURNING 1) SELECT (SELECT COUNT(*) FROM held_0)"))
                .isEqualTo("UPDATE pd_invitation");
    }

    @Test
    void aLiteralInTheTextNeverReachesTheName() {
        assertThat(StatementNames.summarize("SELECT 1 FROM pd_tenant WHERE email = 'admin@customer.example' AND name = 'pd_secret'"))
                .isEqualTo("SELECT pd_tenant");
        assertThat(StatementNames.summarize("SET DB_CLOSE_DELAY 0")).isEqualTo("OTHER");
    }
}
