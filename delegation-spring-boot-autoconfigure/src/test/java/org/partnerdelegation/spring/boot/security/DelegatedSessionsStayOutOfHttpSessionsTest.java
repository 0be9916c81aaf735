package org.partnerdelegation.spring.boot.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.jdbi.JdbiStorage;
import org.partnerdelegation.spring.boot.autoconfigure.PartnerDelegationAutoConfiguration;
import org.partnerdelegation.spring.boot.autoconfigure.PartnerDelegationJobsAutoConfiguration;
import org.partnerdelegation.spring.boot.autoconfigure.PartnerDelegationSecurityAutoConfiguration;
import org.partnerdelegation.spring.boot.autoconfigure.Scenario;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/**
 * A delegated session's authentication holds for its request alone, whatever the host's session
 * management: no HTTP session ever keeps it, so the host's session cookie carries no delegated
 * identity once the session is revoked. Whole applications on H2, requests through MockMvc.
 */
class DelegatedSessionsStayOutOfHttpSessionsTest {

    private static final String SESSION_KEY = HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY;

    private interface Check {
        void run(MockMvc mvc, World world) throws Exception;
    }

    record World(PartnerDelegation delegation, Scenario scenario, DelegationId delegationId) {
        String login(String... roles) {
            return scenario.login(delegationId, roles).token().reveal();
        }
    }

    @BeforeEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    private static void withHost(Class<?> host, Check check) {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, PartnerDelegationAutoConfiguration.class,
                        PartnerDelegationJobsAutoConfiguration.class, PartnerDelegationSecurityAutoConfiguration.class))
                .withUserConfiguration(host)
                .withPropertyValues(Scenario.ROLE_PROPERTIES)
                .withPropertyValues("partner-delegation.jobs.time-limits.enabled=false", "spring.datasource.url=" + Scenario.newH2Url())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    PartnerDelegation delegation = context.getBean(PartnerDelegation.class);
                    Scenario scenario = Scenario.in(context.getBean(JdbiStorage.class), delegation);
                    MockMvc mvc = MockMvcBuilders.webAppContextSetup(context)
                            .addFilters(context.getBean("springSecurityFilterChain", Filter.class)).build();
                    check.run(mvc, new World(delegation, scenario, scenario.connect()));
                });
    }

    @ParameterizedTest
    @ValueSource(classes = {DefaultHost.class, InvalidSessionUrlHost.class, MaximumSessionsHost.class, ImplicitSaveHost.class})
    void afterRevocationTheHostSessionCookieAloneCarriesNoDelegatedIdentity(Class<?> host) {
        withHost(host, (mvc, world) -> {
            // The browser already has a session with the host (as a visitor), and sends its cookie along.
            MockHttpSession browser = new MockHttpSession();
            MvcResult delegated = mvc.perform(get("/customer/invoices").session(browser)
                    .header("Authorization", "Bearer " + world.login("billing:read"))).andReturn();
            assertThat(delegated.getResponse().getContentAsString()).isEqualTo("invoices read as admin@initech.example");
            assertNoSessionHoldsADelegatedAuthentication(browser, delegated);

            world.delegation().endSessionsIntoTenant(world.scenario().customerAdministrator());

            MockHttpSession kept = sessionOf(delegated, browser);
            assertThat(mvc.perform(get("/public").session(kept)).andReturn().getResponse().getContentAsString()).isEqualTo("anonymous");
            int status = mvc.perform(get("/customer/invoices").session(kept)).andReturn().getResponse().getStatus();
            assertThat(status).isIn(HttpServletResponse.SC_UNAUTHORIZED, HttpServletResponse.SC_FORBIDDEN, HttpServletResponse.SC_FOUND);
        });
    }

    @ParameterizedTest
    @ValueSource(classes = {DefaultHost.class, InvalidSessionUrlHost.class, MaximumSessionsHost.class, ImplicitSaveHost.class})
    void aDelegatedRequestLeavesTheHostsOwnLoginInTheSessionAsItWas(Class<?> host) {
        withHost(host, (mvc, world) -> {
            MockHttpSession browser = new MockHttpSession();
            SecurityContext hostLogin = new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated("host-user", null, List.of()));
            browser.setAttribute(SESSION_KEY, hostLogin);
            MvcResult delegated = mvc.perform(get("/customer/invoices").session(browser)
                    .header("Authorization", "Bearer " + world.login("billing:read"))).andReturn();
            assertThat(delegated.getResponse().getContentAsString()).isEqualTo("invoices read as admin@initech.example");
            assertNoSessionHoldsADelegatedAuthentication(browser, delegated);

            world.delegation().endSessionsIntoTenant(world.scenario().customerAdministrator());

            MockHttpSession kept = sessionOf(delegated, browser);
            assertThat(mvc.perform(get("/public").session(kept)).andReturn().getResponse().getContentAsString()).isEqualTo("host-user");
        });
    }

    @ParameterizedTest
    @ValueSource(classes = {DefaultHost.class, InvalidSessionUrlHost.class, ImplicitSaveHost.class})
    void aDelegatedAuthenticationFoundInASessionIsDropped(Class<?> host) {
        withHost(host, (mvc, world) -> {
            String token = world.login("billing:read");
            DelegatedSessionAuthentication planted = new DelegatedSessionAuthentication(world.delegation().validateSession(token).orElseThrow());
            MockHttpSession browser = new MockHttpSession();
            browser.setAttribute(SESSION_KEY, new SecurityContextImpl(planted));

            assertThat(mvc.perform(get("/public").session(browser)).andReturn().getResponse().getContentAsString()).isEqualTo("anonymous");
            assertThat(mvc.perform(get("/customer/invoices").session(browser)).andReturn().getResponse().getStatus())
                    .isIn(HttpServletResponse.SC_UNAUTHORIZED, HttpServletResponse.SC_FORBIDDEN, HttpServletResponse.SC_FOUND);
        });
    }

    @Test
    void aDelegatedAuthenticationRefusesJavaSerialization() {
        withHost(DefaultHost.class, (mvc, world) -> {
            DelegatedSessionAuthentication authentication =
                    new DelegatedSessionAuthentication(world.delegation().validateSession(world.login()).orElseThrow());
            try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
                assertThatThrownBy(() -> out.writeObject(new SecurityContextImpl(authentication)))
                        .isInstanceOf(NotSerializableException.class);
            }
        });
    }

    private static MockHttpSession sessionOf(MvcResult result, MockHttpSession sent) {
        return result.getRequest().getSession(false) instanceof MockHttpSession session ? session : sent;
    }

    private static void assertNoSessionHoldsADelegatedAuthentication(MockHttpSession sent, MvcResult result) {
        for (MockHttpSession session : new MockHttpSession[] {sent, (MockHttpSession) result.getRequest().getSession(false)}) {
            if (session == null) {
                continue;
            }
            for (String name : Collections.list(session.getAttributeNames())) {
                Object value = session.getAttribute(name);
                Object held = value instanceof SecurityContext context ? context.getAuthentication() : value;
                assertThat(held).as("session attribute " + name).isNotInstanceOf(DelegatedSessionAuthentication.class);
            }
        }
    }

    /** The host's endpoints, shared by every chain below. */
    @Configuration(proxyBeanMethods = false)
    @EnableWebMvc
    @EnableWebSecurity
    @Import(Endpoints.class)
    static class Common {
    }

    @RestController
    static class Endpoints {

        @GetMapping("/customer/invoices")
        void invoices(Authentication authentication, HttpServletResponse response) throws Exception {
            response.getWriter().write("invoices read as " + authentication.getName());
            // A committed response is when an implicitly saving repository stores the context.
            response.flushBuffer();
        }

        @GetMapping("/public")
        String open() {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            return authentication == null || authentication.getName().equals("anonymousUser") ? "anonymous" : authentication.getName();
        }
    }

    private static HttpSecurity rules(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.requestMatchers("/public").permitAll()
                        .requestMatchers("/customer/**").hasAuthority("billing:read").anyRequest().authenticated())
                .with(PartnerDelegationConfigurer.delegatedSessions(), sessions -> sessions.delegatedOnly("/customer/**"));
    }

    @Configuration(proxyBeanMethods = false)
    @Import(Common.class)
    static class DefaultHost {
        @Bean
        SecurityFilterChain application(HttpSecurity http) throws Exception {
            return rules(http).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(Common.class)
    static class InvalidSessionUrlHost {
        @Bean
        SecurityFilterChain application(HttpSecurity http) throws Exception {
            return rules(http.sessionManagement(s -> s.invalidSessionUrl("/public"))).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(Common.class)
    static class MaximumSessionsHost {
        @Bean
        SecurityFilterChain application(HttpSecurity http) throws Exception {
            return rules(http.sessionManagement(s -> s.maximumSessions(1))).build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Import(Common.class)
    static class ImplicitSaveHost {
        @Bean
        SecurityFilterChain application(HttpSecurity http) throws Exception {
            return rules(http.securityContext(c -> c.requireExplicitSave(false))).build();
        }
    }
}
