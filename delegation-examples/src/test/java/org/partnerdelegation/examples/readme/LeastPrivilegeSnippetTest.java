package org.partnerdelegation.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
// tag::catalogue[]
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.partnerdelegation.core.domain.*;
import org.partnerdelegation.core.memory.*;
import org.partnerdelegation.core.outbox.OutboxDispatcher;
import org.partnerdelegation.core.usecase.*;
// end::catalogue[]

/**
 * The guide's "Roles, end dates and renewal" (docs/guide/least-privilege.md): the catalogue, a scoped and time-bound request,
 * the customer's approval and controls, a host checking roles per request, and the scheduled job,
 * on the in-memory adapters, as printed there.
 */
class LeastPrivilegeSnippetTest {

    /** A clock the test moves, as the host's own clock moves by itself. */
    private static final class MovingClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-05T09:00:00Z"));

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(Duration by) {
            now.updateAndGet(i -> i.plus(by));
        }
    }

    /** What a host's request filter does with a validated session: each request names the role it needs. */
    private static int status(PartnerDelegation delegation, String bearer, String neededRole) {
        // tag::per-request[]
        Optional<DelegatedSession> session = delegation.validateSession(bearer);
        if (session.isEmpty()) {
            return 401;                                      // ended, expired, past its end date, or never valid
        }
        if (!session.get().hasRole(neededRole)) {            // e.g. "billing:read" for GET /billing/invoices
            return 403;                                      // the customer did not grant it, or reduced it since
        }
        Principal principal = session.get().principal();     // the request acts as this, and as nothing else
        // end::per-request[]
        assertThat(principal.isDelegated()).isTrue();
        return 200;
    }

    @Test
    void aScopedTimeBoundDelegationRunsAsTheGuideShowsIt() {
        MovingClock clock = new MovingClock();
        InMemoryTenantDirectory tenants = new InMemoryTenantDirectory();
        Tenant partner = tenants.register(new Tenant(TenantId.of("acme"), AccountNumber.of("P-1001"),
                EmailAddress.of("admin@acme.example"), true));
        Tenant customer = tenants.register(new Tenant(TenantId.of("hooli"), AccountNumber.of("C-2003"),
                EmailAddress.of("admin@hooli.example"), false));
        InMemoryNotifier notifier = new InMemoryNotifier();
        Principal partnerAdmin = Principal.administrator(partner.id(), UserId.of("jane@acme.example"))
                .withAuthentication(Authentication.multiFactor(clock.instant()));
        Principal customerAdmin = Principal.administrator(customer.id(), UserId.of("admin@hooli.example"))
                .withVerifiedEmail(customer.administratorEmail());
        Principal operator = Principal.operator(TenantId.of("host"), UserId.of("ops@app.example"));

        // tag::catalogue[]
        RoleCatalogue roles = RoleCatalogue.builder()
                .role(DelegableRole.TENANT_ADMINISTRATOR)                  // the whole tenant: sensitive, never auto-renewed
                .role(DelegableRole.of("billing:read", "Billing (read only)", "Reads invoices and payment methods."))
                .role(DelegableRole.of("support:tickets", "Support tickets", "Opens and answers support tickets.")
                        .asSensitive())                                    // the customer may require a reason for it
                .defaultRoles(RoleKey.TENANT_ADMINISTRATOR)                // what a request naming no role asks for
                .build();
        PartnerDelegation delegation = PartnerDelegation.builder()
                .tenantDirectory(tenants)
                .delegationStore(new InMemoryDelegationStore())
                .sessionIssuer(new InMemorySessionIssuer())
                .roleCatalogue(roles)
                .settings(DelegationSettings.defaults()                    // periods of 1 to 730 days unless set:
                        .withTermBounds(Duration.ofDays(1), Duration.ofDays(365))
                        .withEndingNotice(Duration.ofDays(14)))            // both sides told 14 days before the end
                .clock(clock)
                .build();
        // end::catalogue[]
        OutboxDispatcher dispatcher = OutboxDispatcher.builder(delegation).notifier(notifier).build();

        // tag::scoped[]
        // The partner asks for one role, for 30 days from the customer's approval.
        AccountListEntry row = delegation.addCustomerAccount(partnerAdmin, customer.administratorEmail(),
                GrantRequest.roles("billing:read").forTerm(Duration.ofDays(30)));
        dispatcher.drain();                                   // the invitation lists the roles and the period
        String token = notifier.latestInvitationTokenFor(customer.administratorEmail()).orElseThrow().reveal();

        // The accept page shows what is asked; the customer approves it as a whole (or declines).
        InvitationReview asked = delegation.reviewInvitation(customerAdmin, token);
        PartnerLink link = delegation.acceptInvitation(customerAdmin, token,
                GrantRules.asRequested().withReasonRequired(true));   // a reason for sessions holding sensitive roles
        // link.endsAt(): 30 days from now; link.roles(): Billing (read only)

        // Per-session elevation: the session holds the roles asked for, within what is granted.
        IssuedSession login = delegation.loginToCustomer(partnerAdmin, row.delegationId(),
                LoginRequest.roles("billing:read").withReason("TICKET-4711"));
        String bearer = login.token().reveal();
        // end::scoped[]

        assertThat(asked.requestedRoles()).extracting(DelegableRole::name).containsExactly("Billing (read only)");
        assertThat(asked.requestedTerm()).contains(Duration.ofDays(30));
        assertThat(link.endsAt()).contains(clock.instant().plus(Duration.ofDays(30)));
        assertThat(status(delegation, bearer, "billing:read")).isEqualTo(200);
        assertThat(status(delegation, bearer, "tenant:administrator")).isEqualTo(403);
        DelegationException notGranted = catchThrowableOfType(DelegationException.class,
                () -> delegation.loginToCustomer(partnerAdmin, row.delegationId(), LoginRequest.roles("tenant:administrator")));
        assertThat(notGranted.code()).isEqualTo(ErrorCode.ROLE_NOT_GRANTED);

        // tag::customer-controls[]
        // The customer sees who acted in its tenant, with which roles and why, and ends what it wants.
        Page<DelegatedSessionView> sessions = delegation.delegatedSessions(customerAdmin, SessionQuery.firstPage());
        DelegatedSessionView latest = sessions.items().get(0);    // actorUser, roles, reason, issuedAt, live
        delegation.endDelegatedSession(customerAdmin, latest.sessionId());
        // It may cut the grant at once: fewer roles, an earlier end; live sessions lose what was cut.
        delegation.restrictPartnerAccess(customerAdmin, Set.of(RoleKey.of("billing:read")),
                Optional.of(clock.instant().plus(Duration.ofDays(20))));
        // The partner asks for more: a change request the customer approves like an invitation.
        delegation.requestGrantChange(partnerAdmin, row.delegationId(),
                GrantRequest.roles("billing:read", "support:tickets").forTerm(Duration.ofDays(90)));
        // end::customer-controls[]

        assertThat(latest.reason()).contains("TICKET-4711");
        assertThat(latest.roles()).containsExactly(RoleKey.of("billing:read"));
        assertThat(delegation.validateSession(bearer)).isEmpty();
        assertThat(delegation.currentPartner(customerAdmin).orElseThrow().requestedChange()).isPresent();

        clock.advance(Duration.ofDays(21));
        StringWriter out = new StringWriter();
        // tag::time-limits[]
        // One job on a schedule (every few minutes, on any number of nodes): expired invitations and
        // change requests, ending notices, renewals, and delegations whose end date passed.
        TimeLimitResult done = delegation.enforceTimeLimits(operator);
        // Sessions stop validating at the end date whether or not the job has run; it records the end.

        // The host exports a tenant's audit trail, as customer or partner, as JSON Lines.
        delegation.exportAuditTrail(operator, customer.id(),
                AuditRange.between(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z")), out);
        // end::time-limits[]

        assertThat(done.ended()).isEqualTo(1);
        assertThat(delegation.currentPartner(customerAdmin)).isEmpty();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("\"type\":\"DELEGATED_LOGIN\"")
                .contains("\"reason\":\"TICKET-4711\"").contains("\"roles\":[\"billing:read\"]"));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("\"type\":\"DELEGATION_ENDED\""));
        dispatcher.close();
    }
}
