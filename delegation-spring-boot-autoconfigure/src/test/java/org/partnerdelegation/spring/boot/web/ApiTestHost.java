package org.partnerdelegation.spring.boot.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.partnerdelegation.core.contract.MutableClock;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.Authentication;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.core.memory.InMemoryNotifier;
import org.partnerdelegation.core.outbox.OutboxDispatcher;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.jdbi.Databases;
import org.partnerdelegation.jdbi.JdbiStorage;
import org.partnerdelegation.servlet.DelegatedSessionFilter;
import org.partnerdelegation.spring.boot.HostPrincipalResolver;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * A small host for the API's tests, wired by hand as delegation-examples' Guice modules do: the
 * facade over JdbiStorage on H2 or on the embedded PostgreSQL ({@code pd.test.database}), an
 * in-memory notifier behind the outbox, delegation-servlet's filter, and a host login that takes the
 * user from the {@code X-Test-User} header ({@code admin:<tenant>}, {@code member:<tenant>},
 * {@code operator}) - a stand-in for the host's real sign-in, never something to copy.
 */
@SpringBootConfiguration
// The host's Spring Security is another part's concern: these tests reach the API without it.
@EnableAutoConfiguration(excludeName = {
        "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"})
class ApiTestHost {

    static final String USER_HEADER = "X-Test-User";
    static final TenantId HOST = TenantId.of("host");

    private static final AtomicInteger COUNTER = new AtomicInteger();

    @Bean
    MutableClock clock() {
        return new MutableClock(Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    @Bean(destroyMethod = "close")
    JdbiStorage storage(@Value("${pd.test.database:h2}") String database) {
        if (database.equals("postgres")) {
            return JdbiStorage.connect(Databases.postgresConfig(Databases.newPostgresDatabase()));
        }
        return JdbiStorage.inMemory("rest-api-" + COUNTER.incrementAndGet());
    }

    @Bean
    PartnerDelegation partnerDelegation(JdbiStorage storage, MutableClock clock) {
        return PartnerDelegation.builder()
                .tenantDirectory(storage.tenantDirectory())
                .delegationStore(storage.delegationStore())
                .sessionIssuer(storage.sessionIssuer())
                .clock(clock)
                .random(new SecureRandom())
                .build();
    }

    @Bean
    InMemoryNotifier notifier() {
        return new InMemoryNotifier();
    }

    @Bean
    OutboxDispatcher outboxDispatcher(PartnerDelegation delegation, InMemoryNotifier notifier) {
        return OutboxDispatcher.builder(delegation).notifier(notifier).build();
    }

    @Bean
    FilterRegistrationBean<DelegatedSessionFilter> delegatedSessionFilter(PartnerDelegation delegation) {
        FilterRegistrationBean<DelegatedSessionFilter> registration =
                new FilterRegistrationBean<>(DelegatedSessionFilter.builder(delegation).build());
        registration.addUrlPatterns("/partner-delegation/api/*");
        return registration;
    }

    @Bean
    HostPrincipalResolver hostPrincipals(JdbiStorage storage, MutableClock clock) {
        return request -> {
            String user = request.getHeader(USER_HEADER);
            if (user == null) {
                return Optional.empty();
            }
            if (user.equals("operator")) {
                return Optional.of(Principal.operator(HOST, UserId.of("ops")));
            }
            String[] parts = user.split(":", 2);
            Tenant tenant = storage.tenantDirectory().findById(TenantId.of(parts[1])).orElseThrow();
            Principal principal = parts[0].equals("member")
                    ? Principal.member(tenant.id(), UserId.of("member-of-" + tenant.id()))
                    : Principal.administrator(tenant.id(), UserId.of("admin-of-" + tenant.id()))
                            .withVerifiedEmail(tenant.administratorEmail());
            return Optional.of(principal.withAuthentication(Authentication.multiFactor(clock.instant())));
        };
    }

    /** The document's head: fixed, so the committed document does not depend on the port or the build. */
    @Bean
    OpenAPI partnerDelegationOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Partner delegation REST API").version("1")
                        .description("The partner, customer and operator use cases of partner delegation. Errors are RFC 9457"
                                + " problems (application/problem+json) with a stable code; see docs/guide/rest-api.md.")
                        .license(new License().name("See the repository's LICENSE")))
                .servers(List.of(new io.swagger.v3.oas.models.servers.Server().url("/").description("The host application")));
    }

    /** A new tenant with a unique id; a partner when {@code partner}. */
    static Tenant register(JdbiStorage storage, String kind, boolean partner) {
        int n = COUNTER.incrementAndGet();
        return storage.tenantDirectory().register(new Tenant(TenantId.of(kind + "-" + n), AccountNumber.of("A-" + n),
                EmailAddress.of("admin@" + kind + n + ".example"), partner));
    }
}
