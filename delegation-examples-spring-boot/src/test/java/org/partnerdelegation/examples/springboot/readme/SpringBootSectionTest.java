package org.partnerdelegation.examples.springboot.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.spring.boot.HostPrincipalResolver;
import org.partnerdelegation.core.memory.InMemoryDelegationStore;
import org.partnerdelegation.core.memory.InMemorySessionIssuer;
import org.partnerdelegation.core.memory.InMemoryTenantDirectory;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** The README's HostPrincipalResolver and security chain, in a Spring context: the resolver on a signed-in request and on others. */
class SpringBootSectionTest {

    private static final Instant SIGNED_IN = Instant.parse("2026-12-08T09:00:00Z");
    private static final HostUsers.HostUser JANE = new HostUsers.HostUser(TenantId.of("acme-reseller"),
            UserId.of("jane"), EmailAddress.of("jane@acme-reseller.example"), SIGNED_IN, Set.of("pwd", "otp"));

    private final WebApplicationContextRunner context = new WebApplicationContextRunner()
            .withUserConfiguration(SpringBootSection.class)
            .withBean(PartnerDelegation.class, () -> PartnerDelegation.builder().tenantDirectory(new InMemoryTenantDirectory())
                    .delegationStore(new InMemoryDelegationStore()).sessionIssuer(new InMemorySessionIssuer()).build())
            .withBean(HostUsers.class, () -> name -> name.equals("jane") ? Optional.of(JANE) : Optional.empty());

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void theHostsSignedInUserBecomesTheLibrarysPrincipalWithItsFactorsAndTime() {
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated("jane", null,
                List.of(new SimpleGrantedAuthority("ROLE_USER"))));

        context.run(beans -> {
            Principal jane = beans.getBean(HostPrincipalResolver.class).resolve(new MockHttpServletRequest()).orElseThrow();

            assertThat(jane.tenantId()).isEqualTo(TenantId.of("acme-reseller"));
            assertThat(jane.isAdministrator()).isTrue();
            assertThat(jane.verifiedEmail()).contains(EmailAddress.of("jane@acme-reseller.example"));
            assertThat(jane.authentication()).hasValueSatisfying(how -> {
                assertThat(how.authenticatedAt()).isEqualTo(SIGNED_IN);
                assertThat(how.isMultiFactor()).isTrue();
            });
        });
    }

    @Test
    void nobodyIsResolvedWithoutTheHostsOwnSignIn() {
        context.run(beans -> {
            HostPrincipalResolver resolver = beans.getBean(HostPrincipalResolver.class);
            assertThat(resolver.resolve(new MockHttpServletRequest())).as("anonymous").isEmpty();

            // Any other Authentication, a delegated session's for one, is not the host's user: never mapped to one.
            SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken("jane", null, "billing:read"));
            assertThat(resolver.resolve(new MockHttpServletRequest())).as("another kind of authentication").isEmpty();

            SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated("mallory", null,
                    List.of()));
            assertThat(resolver.resolve(new MockHttpServletRequest())).as("a name the host does not know").isEmpty();
        });
    }

    @Test
    void theOneLineOfSecurityConfigurationAddsTheDelegatedSessionsToTheChain() {
        context.run(beans -> assertThat(beans.getBean(SecurityFilterChain.class).getFilters())
                .extracting(filter -> filter.getClass().getSimpleName())
                .contains("DelegatedSessionAuthenticationFilter", "UsernamePasswordAuthenticationFilter"));
    }
}
