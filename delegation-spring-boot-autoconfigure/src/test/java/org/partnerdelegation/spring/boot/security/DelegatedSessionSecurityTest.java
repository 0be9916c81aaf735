package org.partnerdelegation.spring.boot.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.Filter;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.port.SessionIssuer;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.jdbi.JdbiStorage;
import org.partnerdelegation.servlet.DelegatedSessionCookie;
import org.partnerdelegation.servlet.DelegatedSessionFilter;
import org.partnerdelegation.spring.boot.autoconfigure.PartnerDelegationAutoConfiguration;
import org.partnerdelegation.spring.boot.autoconfigure.PartnerDelegationJobsAutoConfiguration;
import org.partnerdelegation.spring.boot.autoconfigure.PartnerDelegationSecurityAutoConfiguration;
import org.partnerdelegation.spring.boot.autoconfigure.Scenario;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.parameters.P;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/**
 * A whole Spring MVC application with Spring Security, its chain holding the delegated sessions
 * ({@link PartnerDelegationConfigurer}), methods guarded by {@code @PreAuthorize}, and the storage
 * on H2; requests through MockMvc.
 */
class DelegatedSessionSecurityTest {

    private static final String COOKIE = DelegatedSessionCookie.PLAIN_NAME;

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PartnerDelegationAutoConfiguration.class,
                    PartnerDelegationJobsAutoConfiguration.class, PartnerDelegationSecurityAutoConfiguration.class))
            .withUserConfiguration(HostApplication.class)
            .withPropertyValues(Scenario.ROLE_PROPERTIES)
            .withPropertyValues("partner-delegation.jobs.time-limits.enabled=false");

    private interface Check {
        void run(MockMvc mvc, World world) throws Exception;
    }

    /** What a test reaches: the facade, the scenario, its delegation, and the switch that takes the session store down. */
    record World(PartnerDelegation delegation, Scenario scenario, DelegationId delegationId, SwitchableSessionIssuer sessions) {
        String login(String... roles) {
            return scenario.login(delegationId, roles).token().reveal();
        }
    }

    private void withApplication(Check check) {
        runner.withPropertyValues("spring.datasource.url=" + Scenario.newH2Url()).run(context -> {
            assertThat(context).hasNotFailed();
            PartnerDelegation delegation = context.getBean(PartnerDelegation.class);
            Scenario scenario = Scenario.in(context.getBean(JdbiStorage.class), delegation);
            World world = new World(delegation, scenario, scenario.connect(), context.getBean(SwitchableSessionIssuer.class));
            MockMvc mvc = MockMvcBuilders.webAppContextSetup(context)
                    .addFilters(context.getBean("springSecurityFilterChain", Filter.class)).build();
            check.run(mvc, world);
        });
    }

    private static org.springframework.test.web.servlet.ResultMatcher body(String expected) {
        return result -> assertThat(result.getResponse().getContentAsString()).isEqualTo(expected);
    }

    private static org.springframework.test.web.servlet.ResultMatcher wwwAuthenticate(String expected) {
        return result -> assertThat(result.getResponse().getHeader("WWW-Authenticate")).isEqualTo(expected);
    }

    @BeforeEach
    void noLeftOverContext() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void aSessionWithTheRoleReachesTheMethodGuardedByIt() {
        withApplication((mvc, world) -> mvc.perform(get("/customer/invoices").header("Authorization", "Bearer " + world.login("billing:read")))
                .andExpect(status().isOk())
                .andExpect(body("invoices of initech read by acme/jane@acme.example as admin@initech.example,"
                        + " [billing:read], same principal as the servlet filter's: true")));
    }

    @Test
    void aSessionWithoutTheRoleIsRefusedByTheMethod() {
        withApplication((mvc, world) -> mvc.perform(get("/customer/invoices").header("Authorization", "Bearer " + world.login("support:tickets")))
                .andExpect(status().isForbidden()));
    }

    @Test
    void aDelegatedSessionCannotReachAHostEndpointOutsideItsRoles() {
        withApplication((mvc, world) -> {
            String token = world.login();
            mvc.perform(get("/host/operators").header("Authorization", "Bearer " + token)).andExpect(status().isForbidden());
            mvc.perform(get("/customer/tenants/initech/users").header("Authorization", "Bearer " + token)).andExpect(status().isOk());
            mvc.perform(get("/customer/tenants/globex/users").header("Authorization", "Bearer " + token)).andExpect(status().isForbidden());
        });
    }

    @Test
    void aCookieSessionIsAuthenticatedToo() {
        withApplication((mvc, world) -> mvc.perform(get("/customer/invoices").cookie(new Cookie(COOKIE, world.login("billing:read"))))
                .andExpect(status().isOk()));
    }

    @Test
    void aRevokedSessionsCookieStopsAtOnce() {
        withApplication((mvc, world) -> {
            String token = world.login("billing:read");
            mvc.perform(get("/customer/invoices").cookie(new Cookie(COOKIE, token))).andExpect(status().isOk());
            world.delegation().endSessionsIntoTenant(world.scenario().customerAdministrator());
            mvc.perform(get("/customer/invoices").cookie(new Cookie(COOKIE, token)))
                    .andExpect(status().isUnauthorized())
                    .andExpect(wwwAuthenticate("Bearer error=\"invalid_token\""));
            // Outside the delegated-only paths it is dropped: the request is anonymous.
            mvc.perform(get("/public").cookie(new Cookie(COOKIE, token))).andExpect(status().isOk())
                    .andExpect(body("anonymous"));
        });
    }

    @Test
    void aBadBearerTokenIsRefusedWithInvalidTokenEverywhere() {
        withApplication((mvc, world) -> {
            mvc.perform(get("/customer/invoices").header("Authorization", "Bearer not-a-token"))
                    .andExpect(status().isUnauthorized())
                    .andExpect(wwwAuthenticate("Bearer error=\"invalid_token\""));
            mvc.perform(get("/public").header("Authorization", "Bearer not-a-token")).andExpect(status().isUnauthorized());
        });
    }

    @Test
    void aBadCookieOutsideTheDelegatedOnlyPathsPassesAsAnonymous() {
        withApplication((mvc, world) -> mvc.perform(get("/public").cookie(new Cookie(COOKIE, "planted")))
                .andExpect(status().isOk()).andExpect(body("anonymous")));
    }

    @Test
    void aTokenInTheQueryStringIsIgnored() {
        withApplication((mvc, world) -> {
            String token = world.login("billing:read");
            mvc.perform(get("/customer/invoices").param("access_token", token)).andExpect(status().isForbidden());
            mvc.perform(get("/public").param("access_token", token)).andExpect(body("anonymous"));
        });
    }

    @Test
    void whenCookieAndBearerDifferTheBearerDecides() {
        withApplication((mvc, world) -> {
            String billing = world.login("billing:read");
            String tickets = world.login("support:tickets");
            // The header's session acts, not the cookie's.
            mvc.perform(get("/customer/invoices").header("Authorization", "Bearer " + billing).cookie(new Cookie(COOKIE, tickets)))
                    .andExpect(status().isOk());
            mvc.perform(get("/customer/invoices").header("Authorization", "Bearer " + tickets).cookie(new Cookie(COOKIE, billing)))
                    .andExpect(status().isForbidden());
            // A bad header is refused even with a good cookie.
            mvc.perform(get("/customer/invoices").header("Authorization", "Bearer bad").cookie(new Cookie(COOKIE, billing)))
                    .andExpect(status().isUnauthorized());
        });
    }

    @Test
    void theStorageBeingDownIsA503NeverNoSession() {
        withApplication((mvc, world) -> {
            String token = world.login("billing:read");
            world.sessions().down = true;
            mvc.perform(get("/customer/invoices").header("Authorization", "Bearer " + token))
                    .andExpect(status().isServiceUnavailable()).andExpect(header().exists("Retry-After"));
            mvc.perform(get("/public").cookie(new Cookie(COOKIE, token))).andExpect(status().isServiceUnavailable());
        });
    }

    @Test
    void aCookieRequestNeedsACsrfTokenAndABearerRequestDoesNot() {
        withApplication((mvc, world) -> {
            String token = world.login("billing:read");
            mvc.perform(post("/customer/notes").cookie(new Cookie(COOKIE, token))).andExpect(status().isForbidden());
            mvc.perform(post("/customer/notes").header("Authorization", "Bearer " + token))
                    .andExpect(status().isOk()).andExpect(body("noted"));
        });
    }

    @Test
    void theExpressionsBeanIsThereWithSpringSecurityInAServletApplication() {
        runner.withPropertyValues("spring.datasource.url=" + Scenario.newH2Url())
                .run(context -> assertThat(context).hasSingleBean(DelegatedSessionExpressions.class));
    }

    @Test
    void withoutSpringSecurityThereIsNoSecurityBean() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PartnerDelegationAutoConfiguration.class,
                        PartnerDelegationSecurityAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(SecurityFilterChain.class))
                .withPropertyValues("spring.datasource.url=" + Scenario.newH2Url())
                .run(context -> {
                    assertThat(context).hasSingleBean(PartnerDelegation.class);
                    assertThat(context).doesNotHaveBean(DelegatedSessionExpressions.class);
                });
    }

    @Test
    void outsideAServletApplicationThereIsNoSecurityBean() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PartnerDelegationAutoConfiguration.class,
                        PartnerDelegationSecurityAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=" + Scenario.newH2Url())
                .run(context -> assertThat(context).doesNotHaveBean(DelegatedSessionExpressions.class));
    }

    /** The host: its chain with the delegated sessions, its controllers, its guarded methods. */
    @Configuration(proxyBeanMethods = false)
    @EnableWebMvc
    @EnableWebSecurity
    @EnableMethodSecurity
    static class HostApplication {

        @Bean
        SecurityFilterChain application(HttpSecurity http) throws Exception {
            return http
                    .authorizeHttpRequests(requests -> requests.requestMatchers("/public").permitAll().anyRequest().authenticated())
                    .with(PartnerDelegationConfigurer.delegatedSessions(), sessions -> sessions.delegatedOnly("/customer/**"))
                    .build();
        }

        @Bean
        Billing billing() {
            return new Billing();
        }

        @Bean
        Endpoints endpoints(Billing billing) {
            return new Endpoints(billing);
        }

        @Bean
        SwitchableSessionIssuer sessionSwitch(JdbiStorage storage) {
            return new SwitchableSessionIssuer(storage.sessionIssuer());
        }

        /** The host's session store: the library's, with a switch that takes it down. */
        @Bean
        SessionIssuer sessionIssuer(SwitchableSessionIssuer sessions) {
            return sessions.issuer();
        }
    }

    /** The host's service, guarded per method. */
    static class Billing {

        @PreAuthorize("hasAuthority('billing:read')")
        String invoices() {
            return "invoices";
        }

        @PreAuthorize("!@delegatedSession.isDelegated()")
        String operators() {
            return "operators";
        }

        @PreAuthorize("@delegatedSession.actsIn(#tenant)")
        String users(@P("tenant") String tenant) {
            return "users of " + tenant;
        }
    }

    @RestController
    static class Endpoints {
        private final Billing billing;

        Endpoints(Billing billing) {
            this.billing = billing;
        }

        @GetMapping("/customer/invoices")
        String invoices(Authentication authentication, HttpServletRequest request) {
            DelegatedSessionAuthentication delegated = (DelegatedSessionAuthentication) authentication;
            return billing.invoices() + " of " + delegated.getPrincipal().tenantId().value() + " read by "
                    + delegated.getActor().tenant().value() + "/" + delegated.getActor().user().value() + " as " + delegated.getName()
                    + ", " + delegated.getAuthorities() + ", same principal as the servlet filter's: "
                    + DelegatedSessionFilter.principalOf(request).map(p -> p.equals(delegated.getPrincipal())).orElse(false);
        }

        @GetMapping("/customer/tenants/{tenant}/users")
        String users(@PathVariable("tenant") String tenant) {
            return billing.users(tenant);
        }

        @PostMapping("/customer/notes")
        String note() {
            return "noted";
        }

        @GetMapping("/host/operators")
        String operators() {
            return billing.operators();
        }

        @GetMapping("/public")
        String open() {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            return authentication instanceof DelegatedSessionAuthentication d ? d.getName() : "anonymous";
        }
    }

    /**
     * The library's session issuer behind a switch: once down, looking a token up fails as a
     * database that cannot be reached does; everything else goes to the real one.
     */
    static final class SwitchableSessionIssuer {
        private final SessionIssuer real;
        volatile boolean down;

        SwitchableSessionIssuer(SessionIssuer real) {
            this.real = real;
        }

        SessionIssuer issuer() {
            return (SessionIssuer) java.lang.reflect.Proxy.newProxyInstance(SessionIssuer.class.getClassLoader(),
                    new Class<?>[] {SessionIssuer.class}, (proxy, method, args) -> {
                        if (down && method.getName().equals("introspect")) {
                            throw new DelegationException(ErrorCode.STORAGE_UNAVAILABLE, "The database could not be reached");
                        }
                        try {
                            return method.invoke(real, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
