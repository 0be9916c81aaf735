package org.partnerdelegation.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.memory.*;
import org.partnerdelegation.core.outbox.OutboxDispatcher;
// tag::login-notices[]
import org.partnerdelegation.core.domain.*;
import org.partnerdelegation.core.usecase.*;
// end::login-notices[]

/**
 * The guide's "The customer sees every access" (docs/guide/login-notices.md): the customer tenant's settings, a login notice
 * on each login, and the daily digest of the scheduled job, on the in-memory adapters, as printed there.
 */
class LoginNoticeSnippetTest {

    @Test
    void theCustomerIsToldOfEveryDelegatedLoginAsTheGuideShowsIt() {
        Clock clock = Clock.fixed(Instant.parse("2026-01-05T09:00:00Z"), ZoneOffset.UTC);
        InMemoryTenantDirectory tenants = new InMemoryTenantDirectory();
        Tenant partner = tenants.register(new Tenant(TenantId.of("acme"), AccountNumber.of("P-1001"),
                EmailAddress.of("admin@acme.example"), true));
        Tenant customer = tenants.register(new Tenant(TenantId.of("hooli"), AccountNumber.of("C-2003"),
                EmailAddress.of("admin@hooli.example"), false));
        InMemoryNotifier notifier = new InMemoryNotifier();
        // A fresh multi-factor sign-in: loginToCustomer asks for a step-up by default.
        Principal partnerAdmin = Principal.administrator(partner.id(), UserId.of("jane@acme.example"))
                .withAuthentication(Authentication.multiFactor(clock.instant()));
        Principal customerAdmin = Principal.administrator(customer.id(), UserId.of("admin@hooli.example"))
                .withVerifiedEmail(customer.administratorEmail());
        Principal operator = Principal.operator(TenantId.of("host"), UserId.of("ops@app.example"));
        PartnerDelegation delegation = PartnerDelegation.builder().tenantDirectory(tenants)
                .delegationStore(new InMemoryDelegationStore()).sessionIssuer(new InMemorySessionIssuer()).clock(clock).build();
        OutboxDispatcher dispatcher = OutboxDispatcher.builder(delegation).notifier(notifier).build();
        DelegationId id = delegation.addCustomerAccount(partnerAdmin, customer.administratorEmail()).delegationId();
        dispatcher.drain();
        delegation.acceptInvitation(customerAdmin,
                notifier.latestInvitationTokenFor(customer.administratorEmail()).orElseThrow().reveal());

        // tag::login-notices[]
        // Every customer tenant starts on the daily digest (CustomerSettings.DEFAULTS).
        CustomerSettings settings = delegation.customerSettings(customerAdmin);
        // Its administrator may choose a mail for each login, or none (a delegated session may not).
        delegation.changeCustomerSettings(customerAdmin, settings.withLoginNotice(LoginNotice.EACH_LOGIN));
        delegation.loginToCustomer(partnerAdmin, id);   // DELEGATED_LOGIN_NOTICE written with the login

        delegation.changeCustomerSettings(customerAdmin, settings);   // back to DAILY_DIGEST, from now on
        delegation.loginToCustomer(partnerAdmin, id);   // only the audit event, until the job runs
        // The scheduled job writes one DELEGATED_LOGIN_DIGEST per tenant a day at most, never a login twice.
        TimeLimitResult done = delegation.enforceTimeLimits(operator);   // done.loginDigests() == 1
        // end::login-notices[]
        dispatcher.drain();

        assertThat(settings).isEqualTo(CustomerSettings.DEFAULTS);
        assertThat(done.loginDigests()).isEqualTo(1);
        List<Notification> mails = notifier.deliveredTo(customer.administratorEmail());
        assertThat(mails).extracting(Notification::type).contains(NotificationType.DELEGATED_LOGIN_NOTICE,
                NotificationType.DELEGATED_LOGIN_DIGEST);
        assertThat(mails).filteredOn(n -> n.type().reportsLogins()).allSatisfy(n -> assertThat(n.logins()).hasSize(1));
    }
}
