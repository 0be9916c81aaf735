package org.partnerdelegation.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import java.time.Instant;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.Authentication;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.memory.InMemoryNotifier;
import org.partnerdelegation.core.outbox.OutboxDispatcher;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.jdbi.DatabaseConfig;
import org.partnerdelegation.jdbi.Databases;
// tag::postgres[]
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.jdbi.JdbiStorage;
import org.partnerdelegation.sessioncache.CaffeineSessionCache;
// end::postgres[]

/** The guide's "Session cache" (docs/guide/session-cache.md): the wiring on PostgreSQL, and on H2 in one process. */
class SessionCacheSnippetTest {

    // tag::postgres[]
    /** The facade of one node, its session checks served from memory; close the cache at shutdown. */
    static PartnerDelegation cachedDelegation(JdbiStorage storage, CaffeineSessionCache cache) {
        return PartnerDelegation.builder()
                .tenantDirectory(storage.tenantDirectory())
                .delegationStore(storage.delegationStore())
                .sessionIssuer(storage.sessionIssuer())
                .sessionCache(cache)
                .build();
    }

    static CaffeineSessionCache listeningCache(String jdbcUrl, String user, String password) {
        return CaffeineSessionCache.builder()
                .timeToLive(Duration.ofSeconds(5))               // the default
                .maximumSize(10_000)                             // the default
                .listenerConnection(jdbcUrl, user, password)     // the pool's URL, multi-host included
                .build();
    }
    // end::postgres[]

    @Test
    void onPostgresqlASecondCheckIsServedFromMemoryAndALogoutIsRefusedAtOnce() throws InterruptedException {
        String url = Databases.newPostgresDatabase();
        try (JdbiStorage storage = JdbiStorage.connect(DatabaseConfig.of(url, "postgres", "postgres"));
             CaffeineSessionCache cache = listeningCache(url, "postgres", "postgres")) {
            assertThat(cache.await(f -> f.serving(), Duration.ofSeconds(30))).isTrue();
            PartnerDelegation delegation = cachedDelegation(storage, cache);
            String token = loggedIn(storage, delegation);

            assertThat(delegation.validateSession(token)).isPresent();
            assertThat(delegation.validateSession(token)).isPresent();
            assertThat(cache.figures().hits()).isEqualTo(1);
            delegation.endSession(token);
            assertThat(delegation.validateSession(token)).isEmpty();
        } finally {
            Databases.dropQuietly(url);
        }
    }

    @Test
    void onH2TheCacheHearsTheRevocationsOfItsOwnProcess() {
        // tag::in-process[]
        CaffeineSessionCache cache = CaffeineSessionCache.builder().build();   // no listener: this process's revocations only
        // end::in-process[]
        try (JdbiStorage storage = JdbiStorage.inMemory("readme-session-cache")) {
            PartnerDelegation delegation = cachedDelegation(storage, cache);
            String token = loggedIn(storage, delegation);
            delegation.validateSession(token);
            assertThat(delegation.validateSession(token)).isPresent();
            assertThat(cache.figures().hits()).isEqualTo(1);

            delegation.endSession(token);

            assertThat(delegation.validateSession(token)).isEmpty();
        }
    }

    /** A partner connected to a customer, logged in: the session's token. */
    private static String loggedIn(JdbiStorage storage, PartnerDelegation delegation) {
        Tenant partner = storage.tenantDirectory().register(new Tenant(TenantId.of("acme"), AccountNumber.of("P-1"),
                EmailAddress.of("jane@acme.example"), true));
        Tenant customer = storage.tenantDirectory().register(new Tenant(TenantId.of("initech"), AccountNumber.of("C-1"),
                EmailAddress.of("admin@initech.example"), false));
        InMemoryNotifier mailbox = new InMemoryNotifier();
        DelegationId id = delegation.addCustomerAccount(Principal.administrator(partner.id(), UserId.of("jane")),
                customer.administratorEmail()).delegationId();
        OutboxDispatcher.builder(delegation).notifier(mailbox).build().drain();
        String link = mailbox.latestInvitationTokenFor(customer.administratorEmail()).orElseThrow().reveal();
        delegation.acceptInvitation(Principal.administrator(customer.id(), UserId.of("bill"))
                .withVerifiedEmail(customer.administratorEmail()), link);
        return delegation.loginToCustomer(Principal.administrator(partner.id(), UserId.of("jane"))
                .withAuthentication(Authentication.of(Instant.now(), "pwd", "otp")), id).token().reveal();
    }
}
