package org.partnerdelegation.spring.boot.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.Filter;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.jdbi.JdbiStorage;
import org.partnerdelegation.spring.boot.HostPrincipalResolver;
import org.partnerdelegation.spring.boot.autoconfigure.PartnerDelegationAutoConfiguration;
import org.partnerdelegation.spring.boot.autoconfigure.PartnerDelegationJobsAutoConfiguration;
import org.partnerdelegation.spring.boot.autoconfigure.PartnerDelegationSecurityAutoConfiguration;
import org.partnerdelegation.spring.boot.autoconfigure.Scenario;
import org.partnerdelegation.spring.boot.security.DelegatedSessionAuthentication;
import org.partnerdelegation.spring.boot.security.PartnerDelegationConfigurer;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.security.core.parameters.P;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/**
 * The snippets of docs/guide/spring-boot.md, as a host writes them, run: the one bean, the chain,
 * and a method guarded by the session's role. The documentation tests of delegation-examples check
 * that the page shows these regions verbatim.
 */
class SpringBootGuideTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PartnerDelegationAutoConfiguration.class,
                    PartnerDelegationJobsAutoConfiguration.class, PartnerDelegationSecurityAutoConfiguration.class))
            .withUserConfiguration(HostSecurity.class, Invoices.class, InvoiceController.class)
            .withPropertyValues(Scenario.ROLE_PROPERTIES)
            .withPropertyValues("spring.datasource.url=" + Scenario.newH2Url(), "partner-delegation.jobs.time-limits.enabled=false");

    @Test
    void theHostsOneBeanTurnsItsSignedInUserIntoAPrincipal() {
        runner.run(context -> {
            HostPrincipalResolver resolver = context.getBean(HostPrincipalResolver.class);
            SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated("ada", null, java.util.List.of()));
            try {
                assertThat(resolver.resolve(new MockHttpServletRequest()))
                        .contains(Principal.administrator(TenantId.of("tenant-of-ada"), UserId.of("ada")));
            } finally {
                SecurityContextHolder.clearContext();
            }
            assertThat(resolver.resolve(new MockHttpServletRequest())).isEmpty();
        });
    }

    @Test
    void aDelegatedSessionReachesTheMethodItsRoleGuards() {
        runner.run(context -> {
            PartnerDelegation delegation = context.getBean(PartnerDelegation.class);
            Scenario scenario = Scenario.in(context.getBean(JdbiStorage.class), delegation);
            var delegationId = scenario.connect();
            MockMvc mvc = MockMvcBuilders.webAppContextSetup(context)
                    .addFilters(context.getBean("springSecurityFilterChain", Filter.class)).build();
            String billing = "Bearer " + scenario.login(delegationId, "billing:read").token().reveal();
            mvc.perform(get("/customer/initech/invoices").header("Authorization", billing)).andExpect(status().isOk())
                    .andExpect(result -> assertThat(result.getResponse().getContentAsString())
                            .isEqualTo("invoices of initech, read by jane@acme.example of acme"));
            // Another customer's invoices, and a session without the role, are refused.
            mvc.perform(get("/customer/globex/invoices").header("Authorization", billing)).andExpect(status().isForbidden());
            mvc.perform(get("/customer/initech/invoices").header("Authorization", "Bearer " + scenario.login(delegationId, "support:tickets")
                    .token().reveal())).andExpect(status().isForbidden());
        });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebMvc
    @EnableWebSecurity
    @EnableMethodSecurity
    static class HostSecurity {

        // tag::host-principal-resolver[]
        @Bean
        HostPrincipalResolver hostPrincipals() {
            return request -> Optional.ofNullable(SecurityContextHolder.getContext().getAuthentication())
                    .filter(Authentication::isAuthenticated)
                    .filter(authentication -> !(authentication instanceof DelegatedSessionAuthentication))
                    .map(authentication -> Principal.administrator(TenantId.of("tenant-of-" + authentication.getName()),
                            UserId.of(authentication.getName())));
        }
        // end::host-principal-resolver[]

        // tag::security-chain[]
        @Bean
        SecurityFilterChain application(HttpSecurity http) throws Exception {
            return http
                    .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .with(PartnerDelegationConfigurer.delegatedSessions(), sessions -> sessions.delegatedOnly("/customer/**"))
                    .build();
        }
        // end::security-chain[]
    }

    // tag::pre-authorize[]
    @org.springframework.stereotype.Service
    public static class Invoices {

        @PreAuthorize("hasAuthority('billing:read') and @delegatedSession.actsIn(#tenant)")
        public String list(@P("tenant") String tenant, Authentication authentication) {
            String reader = authentication instanceof DelegatedSessionAuthentication delegated
                    ? delegated.getActor().user().value() + " of " + delegated.getActor().tenant().value()
                    : authentication.getName();
            return "invoices of " + tenant + ", read by " + reader;
        }
    }
    // end::pre-authorize[]

    @RestController
    static class InvoiceController {
        private final Invoices invoices;

        InvoiceController(Invoices invoices) {
            this.invoices = invoices;
        }

        @GetMapping("/customer/{tenant}/invoices")
        String invoices(@PathVariable("tenant") String tenant, Authentication authentication) {
            return invoices.list(tenant, authentication);
        }
    }
}
