package org.partnerdelegation.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.Authentication;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.core.memory.InMemoryNotifier;
import org.partnerdelegation.core.outbox.OutboxDispatcher;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.core.usecase.StepUpPolicy;
import org.partnerdelegation.jdbi.JdbiStorage;
import org.partnerdelegation.jdbi.ReplicatedPostgres;

/**
 * The filter across a real failover: with the PostgreSQL primary killed and no standby promoted
 * yet, a request with a live delegated session gets 503 (the check cannot answer), never 401 (a
 * lost session) and never the page; once the standby is promoted, the same cookie passes again on
 * the same storage. Skipped where PostgreSQL 15's binaries are missing, unless
 * {@code -Dpd.replication.required=true}.
 */
class FailoverSessionCheckTest {

    private static final String COOKIE = DelegatedSessionFilter.DEFAULT_COOKIE_NAME;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aSessionCheckWithThePrimaryDeadGets503AndTheSameCookiePassesOnceTheStandbyIsPromoted() throws Exception {
        ReplicatedPostgres.assumeAvailable();
        try (ReplicatedPostgres pg = ReplicatedPostgres.start();
             JdbiStorage storage = JdbiStorage.connect(pg.config().withMaximumPoolSize(2).withConnectionTimeout(Duration.ofSeconds(1)))) {
            InMemoryNotifier mailbox = new InMemoryNotifier();
            PartnerDelegation delegation = PartnerDelegation.builder().tenantDirectory(storage.tenantDirectory())
                    .delegationStore(storage.delegationStore()).sessionIssuer(storage.sessionIssuer())
                    .stepUpPolicy(StepUpPolicy.notRequired()).build();
            Tenant partner = storage.tenantDirectory().register(new Tenant(TenantId.of("acme"), AccountNumber.of("P-1001"),
                    EmailAddress.of("admin@acme.example"), true));
            Tenant customer = storage.tenantDirectory().register(new Tenant(TenantId.of("initech"), AccountNumber.of("C-2001"),
                    EmailAddress.of("admin@initech.example"), false));
            Principal partnerAdmin = Principal.administrator(partner.id(), UserId.of("jane"))
                    .withAuthentication(Authentication.of(Instant.now(), "pwd", "otp"));
            DelegationId id = delegation.addCustomerAccount(partnerAdmin, customer.administratorEmail()).delegationId();
            try (OutboxDispatcher dispatcher = OutboxDispatcher.builder(delegation).notifier(mailbox).build()) {
                dispatcher.drain();
            }
            delegation.acceptInvitation(Principal.administrator(customer.id(), UserId.of("bob"))
                    .withVerifiedEmail(customer.administratorEmail()),
                    mailbox.latestInvitationTokenFor(customer.administratorEmail()).orElseThrow().reveal());
            IssuedSession login = delegation.loginToCustomer(partnerAdmin, id);
            String cookie = COOKIE + "=" + login.token().reveal();

            try (FilteredServer server = new FilteredServer(DelegatedSessionFilter.builder(delegation).build())) {
                assertThat(server.get("/", "Cookie", cookie).statusCode()).isEqualTo(200);

                pg.killPrimary();
                HttpResponse<String> duringTheOutage = server.get("/", "Cookie", cookie);

                assertThat(duringTheOutage.statusCode()).isEqualTo(503);
                assertThat(duringTheOutage.headers().allValues("Set-Cookie")).as("the cookie stays").isEmpty();
                assertThat(server.reached).as("requests that reached the page").hasValue(1);

                pg.promoteStandby();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                int status = 0;
                while (System.nanoTime() < deadline && status != 200) {
                    status = server.get("/", "Cookie", cookie).statusCode();
                    assertThat(status).as("until the pool reaches the promoted standby: 503, then 200").isIn(200, 503);
                    Thread.sleep(100);
                }
                assertThat(status).isEqualTo(200);
            }
        }
    }
}
