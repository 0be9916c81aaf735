package org.partnerdelegation.spring.boot.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.jdbi.JdbiStorage;
import org.partnerdelegation.servlet.DelegatedSessionCookie;
import org.partnerdelegation.spring.boot.HostPrincipalResolver;
import org.partnerdelegation.spring.boot.autoconfigure.PartnerDelegationAutoConfiguration;
import org.partnerdelegation.spring.boot.autoconfigure.PartnerDelegationJobsAutoConfiguration;
import org.partnerdelegation.spring.boot.autoconfigure.PartnerDelegationSecurityAutoConfiguration;
import org.partnerdelegation.spring.boot.autoconfigure.Scenario;
import org.partnerdelegation.spring.boot.web.PartnerDelegationApiAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.ExceptionTranslationFilter;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The REST API behind a chain with the delegated sessions: it writes the chain's cookie on a cookie
 * login, and a delegated authentication that did not come with the request's own session is no
 * host login, even for a resolver that would take it for one.
 */
class DelegatedSessionsAndTheRestApiTest {

    private static final String HOST_USER = "X-Host-User";
    private static final String PLANT = "X-Plant-Delegated";
    private static final String API = "/partner-delegation/api";

    private interface Check {
        void run(MockMvc mvc, PartnerDelegation delegation, Scenario scenario, DelegationId delegationId) throws Exception;
    }

    @BeforeEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    private static void withHost(Check check) {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PartnerDelegationAutoConfiguration.class,
                        PartnerDelegationJobsAutoConfiguration.class, PartnerDelegationSecurityAutoConfiguration.class,
                        DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class, JacksonAutoConfiguration.class,
                        HttpMessageConvertersAutoConfiguration.class, PartnerDelegationApiAutoConfiguration.class))
                .withUserConfiguration(Host.class)
                .withPropertyValues(Scenario.ROLE_PROPERTIES)
                .withPropertyValues("partner-delegation.jobs.time-limits.enabled=false", "spring.datasource.url=" + Scenario.newH2Url())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    PartnerDelegation delegation = context.getBean(PartnerDelegation.class);
                    Scenario scenario = Scenario.in(context.getBean(JdbiStorage.class), delegation);
                    MockMvc mvc = MockMvcBuilders.webAppContextSetup(context)
                            .addFilters(context.getBean("springSecurityFilterChain", Filter.class)).build();
                    check.run(mvc, delegation, scenario, scenario.connect());
                });
    }

    @Test
    void aCookieLoginWritesTheCookieTheConfigurerReads() {
        withHost((mvc, delegation, scenario, delegationId) -> {
            MvcResult login = mvc.perform(post(API + "/partner/accounts/" + delegationId.value() + "/login")
                    .header(HOST_USER, "jane@acme.example").contentType("application/json").content("{\"cookie\":true}")).andReturn();
            assertThat(login.getResponse().getStatus()).as(login.getResponse().getContentAsString()).isEqualTo(200);
            assertThat(login.getResponse().getCookie(DelegatedSessionCookie.PLAIN_NAME)).isNull();
            Cookie written = login.getResponse().getCookie(Host.COOKIE);
            assertThat(written).isNotNull();

            String who = mvc.perform(get("/whoami").cookie(new Cookie(Host.COOKIE, written.getValue()))).andReturn()
                    .getResponse().getContentAsString();
            assertThat(who).isEqualTo("delegated as admin@initech.example");
        });
    }

    @Test
    void aDelegatedAuthenticationWithoutTheRequestsSessionIsNoHostLogin() {
        withHost((mvc, delegation, scenario, delegationId) -> {
            String token = scenario.login(delegationId).token().reveal();
            MvcResult planted = mvc.perform(get(API + "/customer/sessions").header(PLANT, token)).andReturn();
            assertThat(planted.getResponse().getStatus()).as(planted.getResponse().getContentAsString()).isEqualTo(401);
            assertThat(planted.getResponse().getContentType()).startsWith("application/problem+json");

            // The resolver itself works: the customer's real administrator, signed in with the host, is served.
            assertThat(mvc.perform(get(API + "/customer/sessions").header(HOST_USER, "admin@initech.example")).andReturn()
                    .getResponse().getStatus()).isEqualTo(200);
        });
    }

    /** A host whose chain reads a cookie of its own, with a resolver that takes any authentication's name (a mistake). */
    @Configuration(proxyBeanMethods = false)
    @EnableWebSecurity
    static class Host {

        static final String COOKIE = "host_delegated";

        @Bean
        SecurityFilterChain application(HttpSecurity http, PartnerDelegation delegation) throws Exception {
            return http.csrf(csrf -> csrf.disable())
                    .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                    .addFilterBefore(new TestLogins(delegation), ExceptionTranslationFilter.class)
                    .with(PartnerDelegationConfigurer.delegatedSessions(), sessions -> sessions.cookie(DelegatedSessionCookie.named(COOKIE)))
                    .build();
        }

        @Bean
        HostPrincipalResolver carelessResolver() {
            return request -> Optional.ofNullable(SecurityContextHolder.getContext().getAuthentication())
                    .filter(Authentication::isAuthenticated)
                    .map(Authentication::getName)
                    .flatMap(name -> switch (name) {
                        case "jane@acme.example" -> Optional.of(Principal.administrator(TenantId.of("acme"), UserId.of(name))
                                .withAuthentication(org.partnerdelegation.core.domain.Authentication.multiFactor(Instant.now())));
                        case "admin@initech.example" -> Optional.of(Principal.administrator(TenantId.of("initech"), UserId.of(name)));
                        default -> Optional.empty();
                    });
        }

        @Bean
        WhoAmI whoAmI() {
            return new WhoAmI();
        }
    }

    @RestController
    static class WhoAmI {
        @GetMapping("/whoami")
        String who(Authentication authentication) {
            return (authentication instanceof DelegatedSessionAuthentication ? "delegated as " : "host user ") + authentication.getName();
        }
    }

    /**
     * The host's sign-in stand-in ({@code X-Host-User}), and a delegated authentication put into the
     * context without its request attributes ({@code X-Plant-Delegated}), as a stored context or a
     * host filter would.
     */
    static final class TestLogins extends OncePerRequestFilter {
        private final PartnerDelegation delegation;

        TestLogins(PartnerDelegation delegation) {
            this.delegation = delegation;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (request.getHeader(HOST_USER) != null) {
                SecurityContextHolder.setContext(new SecurityContextImpl(
                        UsernamePasswordAuthenticationToken.authenticated(request.getHeader(HOST_USER), null, List.of())));
            } else if (request.getHeader(PLANT) != null) {
                SecurityContextHolder.setContext(new SecurityContextImpl(
                        new DelegatedSessionAuthentication(delegation.validateSession(request.getHeader(PLANT)).orElseThrow())));
            }
            chain.doFilter(request, response);
        }
    }
}
