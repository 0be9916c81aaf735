package org.partnerdelegation.benchmarks.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.benchmarks.BenchmarkDatabase;
import org.partnerdelegation.benchmarks.SessionData;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.usecase.AccountListEntry;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.AuditQuery;
import org.partnerdelegation.core.usecase.AuditRange;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.Page;

/**
 * The scale loader writes, with COPY, rows the library reads: a small scale database (1,000
 * delegations, 10,000 audit events) is loaded, and the library pages through the large partner's
 * whole account list and audit trail, validates every live session and logs in. So a change of the
 * schema the loader does not follow fails here, in the build, not in an hour-long report.
 */
class ScaleLoaderTest {

    private static final ScaleShape SHAPE = ScaleShape.of(1_000);

    private static BenchmarkDatabase db;
    private static ScalePlan plan;
    private static List<String> installedSchema;
    private static ScaleLoader.Result result;
    private static ScaleData.Library library;

    @BeforeAll
    static void load() throws SQLException {
        db = BenchmarkDatabase.fresh(BenchmarkDatabase.POSTGRESQL, "scale_test");
        try (Connection c = db.connect()) {
            installedSchema = ScaleLoader.Schema.read(c).definitions();
        }
        plan = ScalePlan.draw(SHAPE, Instant.now());
        result = ScaleLoader.load(db, plan);
        library = ScaleData.library(db);
    }

    @AfterAll
    static void drop() {
        if (library != null) {
            library.close();
        }
        if (db != null) {
            db.drop();
        }
    }

    @Test
    void loadLeavesTheInstalledKeysIndexesAndForeignKeys() throws SQLException {
        try (Connection c = db.connect()) {
            assertThat(ScaleLoader.Schema.read(c).definitions()).isEqualTo(installedSchema).isNotEmpty();
        }
    }

    @Test
    void loadWritesTheShapesDelegationsAndAuditEvents() throws SQLException {
        assertThat(count("SELECT count(*) FROM pd_delegation")).isEqualTo(1_000);
        assertThat(count("SELECT count(*) FROM pd_audit_event")).isEqualTo(10_000);
        assertThat(count("SELECT count(*) FROM pd_tenant")).isEqualTo(1_000 + plan.partners());
        assertThat(count("SELECT count(*) FROM pd_invitation")).isEqualTo(1_000);
        assertThat(result.rows()).containsEntry("pd_delegation", 1_000L).containsEntry("pd_audit_event", 10_000L);
        // Every status, and the trail's order is its time order, as the library appends it.
        assertThat(count("SELECT count(DISTINCT status) FROM pd_delegation")).isEqualTo(6);
        assertThat(count("SELECT count(*) FROM (SELECT occurred_at < lag(occurred_at) OVER (ORDER BY seq) AS back"
                + " FROM pd_audit_event) t WHERE back")).isZero();
        // Invariant 1 and 2 hold in the loaded data: the rebuilt unique indexes would have refused it otherwise.
        assertThat(count("SELECT count(*) FROM pg_indexes WHERE indexname = 'pd_delegation_one_connected_per_customer'")).isOne();
    }

    @Test
    void libraryPagesThroughTheLargePartnersWholeAccountList() {
        List<AccountListEntry> all = new ArrayList<>();
        AccountQuery query = AccountQuery.firstPage();
        Page<AccountListEntry> page;
        do {
            page = library.facade().listAccounts(admin(), query);
            all.addAll(page.items());
            query = page.nextCursor().map(AccountQuery.firstPage()::after).orElse(query);
        } while (page.hasNext());
        assertThat(all).hasSize(plan.largePartnerOpen());
        assertThat(all).extracting(AccountListEntry::status).containsOnly(DelegationStatus.PENDING, DelegationStatus.CONNECTED);
        assertThat(all.stream().map(e -> e.email().canonical()).toList()).isSorted();
    }

    @Test
    void libraryPagesInTheMiddleAndAtTheEndWithTheBenchmarksCursors() {
        ScaleData data = ScaleData.of(db, SHAPE);
        assertThat(library.facade().listAccounts(data.partnerAdmin(), data.middle()).items()).hasSize(AccountQuery.DEFAULT_LIMIT);
        Page<AccountListEntry> last = library.facade().listAccounts(data.partnerAdmin(), data.last());
        assertThat(last.items()).hasSize(AccountQuery.DEFAULT_LIMIT);
        assertThat(last.hasNext()).isFalse();
    }

    @Test
    void libraryValidatesEveryLoadedLiveSessionAndNoExpiredOne() throws SQLException {
        int[] live = plan.liveSessionDelegations();
        assertThat(live).isNotEmpty();
        for (int k = 0; k < live.length; k++) {
            Optional<DelegatedSession> session = library.facade().validateSession(ScalePlan.liveToken(k));
            assertThat(session).as("live session %d", k).isPresent();
            assertThat(session.get().delegationId()).isEqualTo(ScalePlan.delegationId(live[k]));
            assertThat(session.get().subject()).isEqualTo(ScalePlan.customerOf(live[k]).administratorEmail());
        }
        assertThat(count("SELECT count(*) FROM pd_session WHERE expires_at > now() AND revoked_at IS NULL")).isEqualTo(live.length);
    }

    @Test
    void largePartnerLogsInToALoadedConnectedCustomerAndTheLoginIsInItsTrail() {
        int[] connected = plan.largePartnerConnected();
        assertThat(connected).isNotEmpty();
        var delegation = ScalePlan.delegationId(connected[0]);
        IssuedSession issued = library.facade().loginToCustomer(SessionData.loginUser(1), delegation);
        assertThat(library.facade().validateSession(issued.token().reveal())).isPresent();
        List<AuditEvent> trail = new ArrayList<>();
        AuditQuery query = AuditQuery.firstPage();
        Page<AuditEvent> page;
        do {
            page = library.facade().auditTrail(admin(), delegation, query);
            trail.addAll(page.items());
            query = page.nextCursor().map(AuditQuery.firstPage()::after).orElse(query);
        } while (page.hasNext());
        assertThat(trail.get(0).type()).isEqualTo(AuditEventType.CUSTOMER_ADDED);
        assertThat(trail.get(1).type()).isEqualTo(AuditEventType.INVITATION_ACCEPTED);
        assertThat(trail.get(trail.size() - 1).type()).isEqualTo(AuditEventType.DELEGATED_LOGIN);
        assertThat(trail.get(trail.size() - 1).actorUser()).isEqualTo(SessionData.loginUser(1).userId());
    }

    @Test
    void libraryReadsTheLargePartnersWholeAuditTrailInAppendOrder() throws SQLException {
        Instant now = Instant.now();
        AuditRange range = AuditRange.between(now.minus(Duration.ofDays(400)), now.plus(Duration.ofDays(1))).withLimit(100);
        List<AuditEvent> all = new ArrayList<>();
        Page<AuditEvent> page;
        do {
            page = library.facade().auditTrailOfTenant(admin(), admin().tenantId(), range);
            all.addAll(page.items());
            range = page.nextCursor().map(range::after).orElse(range);
        } while (page.hasNext());
        // The partner's permission grant, and every event of its delegations (the login of another test may add one).
        long expected = count("SELECT count(*) FROM pd_audit_event e WHERE e.target_tenant = 'partner-1' OR e.delegation_id IN"
                + " (SELECT d.delegation_id FROM pd_delegation d WHERE d.partner_tenant = 'partner-1')");
        assertThat(all).hasSize((int) expected);
        assertThat(all.get(0).type()).isEqualTo(AuditEventType.PARTNER_PERMISSION_GRANTED);
        Set<Object> ids = new HashSet<>();
        all.forEach(e -> ids.add(e.id()));
        assertThat(ids).hasSize(all.size());
        assertThat(all.stream().map(AuditEvent::occurredAt).toList()).isSorted();
    }

    @Test
    void shapeRefusesSizesOutsideItsBounds() {
        assertThatThrownBy(() -> new ScaleShape(999, 10_000, 400, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("delegations must be at least 1,000, got 999");
        assertThat(new ScaleShape(1_000, 3_000, 400, 1).delegations()).isEqualTo(1_000);
        assertThatThrownBy(() -> new ScaleShape(1_000, 2_999, 400, 1)).hasMessageContaining("auditEvents");
        assertThatThrownBy(() -> new ScaleShape(1_000, 10_000, 399, 1)).hasMessageContaining("largePartner");
        assertThat(new ScaleShape(1_000, 10_000, 500, 1).largePartner()).isEqualTo(500);
        assertThatThrownBy(() -> new ScaleShape(1_000, 10_000, 501, 1)).hasMessageContaining("largePartner");
    }

    private static org.partnerdelegation.core.domain.Principal admin() {
        return org.partnerdelegation.benchmarks.Fixtures.adminOf(org.partnerdelegation.benchmarks.Fixtures.partner(1));
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
