package org.partnerdelegation.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.ContractAssertions.assertFailsWith;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.DelegableRole;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.RoleCatalogue;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.AuditRange;
import org.partnerdelegation.core.usecase.GrantRequest;
import org.partnerdelegation.core.usecase.GrantRules;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.core.usecase.SessionQuery;

/**
 * An attacker's review of least privilege and time limits (issue 10): hostile input, orderings
 * and boundaries that the feature contracts ({@link LeastPrivilegeContract}) do not try.
 */
public abstract class LeastPrivilegeAttackContract {

    private static final DelegableRole BILLING = DelegableRole.of("billing:read", "Billing (read)", "Reads invoices.");
    private static final RoleCatalogue CATALOGUE = RoleCatalogue.builder()
            .role(DelegableRole.TENANT_ADMINISTRATOR).role(BILLING)
            .defaultRoles(RoleKey.TENANT_ADMINISTRATOR).build();

    private static final Tenant PARTNER = partner(1);
    private static final Tenant CUSTOMER = customer(1);
    private static final Tenant OTHER_CUSTOMER = customer(2);
    private static final List<Tenant> TENANTS = List.of(PARTNER, CUSTOMER, OTHER_CUSTOMER);
    private static final Instant START = MutableClock.START;
    private static final Duration THIRTY_DAYS = Duration.ofDays(30);

    private AdapterFixture fixture;
    private DelegationHarness h;
    private PartnerDelegation facade;

    protected abstract AdapterFixture newFixture();

    @BeforeEach
    void registerTheTenants() {
        fixture = newFixture();
        h = DelegationHarness.withCatalogue(fixture, CATALOGUE);
        facade = h.delegation;
        TENANTS.forEach(h::register);
    }

    @AfterEach
    void closeTheAdapters() {
        fixture.close();
    }

    /**
     * Finding: a partner user's "ending within N days" filter with a huge N overflowed the clock
     * (an {@code ArithmeticException} escaped the library, an HTTP 500 at the host) on every adapter.
     * A period beyond what storage keeps means every row that has an end.
     */
    @Test
    void aHugeEndingWithinFilterListsEveryRowWithAnEndInsteadOfOverflowing() {
        DelegationId ending = h.connect(PARTNER, CUSTOMER, GrantRequest.roles("billing:read").forTerm(THIRTY_DAYS),
                GrantRules.asRequested());
        h.connect(PARTNER, OTHER_CUSTOMER, GrantRequest.roles("billing:read"), GrantRules.asRequested());

        for (Duration huge : List.of(Duration.ofSeconds(Long.MAX_VALUE), Duration.ofDays(200_000L * 366),
                Duration.ofDays(300_000_000L * 366))) {
            assertThat(facade.listAccounts(adminOf(PARTNER), AccountQuery.firstPage().endingWithin(huge)).items())
                    .as("ending within %s", huge).extracting(r -> r.delegationId()).containsExactly(ending);
        }
    }

    /**
     * Finding: the customer could set an end date beyond what the databases store. In memory it was
     * accepted, on H2 a raw {@code DateTimeException} escaped, on PostgreSQL it read
     * {@code STORAGE_UNAVAILABLE} (which tells the host to call again). Now every adapter refuses it
     * with {@code INVALID_INPUT} before anything is read, and an end in year 9999 still works.
     */
    @Test
    void anEndBeyondWhatStorageKeepsIsRefusedAlikeOnEveryAdapter() {
        DelegationId id = h.connect(PARTNER, CUSTOMER, GrantRequest.roles("billing:read", "tenant:administrator"),
                GrantRules.asRequested());

        for (Instant tooFar : List.of(Instant.MAX, Instant.parse("+300000-01-01T00:00:00Z"),
                Instant.parse("+10000-01-01T00:00:00Z"))) {
            assertFailsWith(ErrorCode.INVALID_INPUT, () -> facade.restrictPartnerAccess(adminOf(CUSTOMER),
                    RoleKey.setOf("billing:read", "tenant:administrator"), Optional.of(tooFar)));
        }
        assertThat(facade.currentPartner(adminOf(CUSTOMER)).orElseThrow().endsAt()).as("nothing was cut").isEmpty();

        Instant latest = Instant.parse("9999-12-31T00:00:00Z");
        assertThat(facade.restrictPartnerAccess(adminOf(CUSTOMER), RoleKey.setOf("billing:read"), Optional.of(latest)).endsAt())
                .contains(latest);
        assertThat(facade.validateSession(facade.loginToCustomer(adminOf(PARTNER), id).token().reveal())).isPresent();
    }

    /**
     * Finding: exporting a tenant's whole trail with an open range ({@code Instant.MIN} or
     * {@code Instant.MAX}, the natural "everything") worked in memory but threw a raw
     * {@code DateTimeException} on H2 and PostgreSQL. The range is now cut to what storage keeps.
     */
    @Test
    void anOpenEndedAuditRangeExportsTheWholeTrailOnEveryAdapter() {
        h.connect(PARTNER, CUSTOMER, GrantRequest.roles("billing:read"), GrantRules.asRequested());
        int expected = facade.auditTrailOfTenant(adminOf(CUSTOMER), CUSTOMER.id(),
                AuditRange.between(START.minusSeconds(1), START.plusSeconds(1))).items().size();
        assertThat(expected).isPositive();

        for (AuditRange everything : List.of(AuditRange.between(Instant.EPOCH, Instant.MAX),
                AuditRange.between(Instant.MIN, Instant.MAX), AuditRange.between(Instant.MIN, START.plusSeconds(1)))) {
            StringBuilder out = new StringBuilder();
            assertThat(facade.exportAuditTrail(adminOf(CUSTOMER), CUSTOMER.id(), everything, out))
                    .as("%s..%s", everything.from(), everything.to()).isEqualTo(expected);
        }
        assertThat(facade.auditTrailOfTenant(adminOf(CUSTOMER), CUSTOMER.id(),
                AuditRange.between(Instant.parse("+10000-01-01T00:00:00Z"), Instant.MAX)).items()).isEmpty();
    }

    /** Holds: a cursor naming another tenant's session shows nothing of it, and the listing ends. */
    @Test
    void aSessionCursorFromAnotherTenantShowsNothingOfIt() {
        DelegationId mine = h.connect(PARTNER, CUSTOMER, GrantRequest.roles("billing:read"), GrantRules.asRequested());
        IssuedSession theirs = facade.loginToCustomer(adminOf(PARTNER), mine);

        assertThat(facade.delegatedSessions(adminOf(OTHER_CUSTOMER),
                SessionQuery.firstPage().after(theirs.session().id().toString())).items()).isEmpty();
        assertFailsWith(ErrorCode.SESSION_NOT_FOUND, () -> facade.endDelegatedSession(adminOf(OTHER_CUSTOMER), theirs.session().id()));
        assertThat(facade.validateSession(theirs.token().reveal())).isPresent();
    }
}
