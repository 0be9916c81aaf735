package org.partnerdelegation.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.Authentication;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegableRole;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.RoleCatalogue;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.core.memory.InMemoryDelegationStore;
import org.partnerdelegation.core.memory.InMemoryNotifier;
import org.partnerdelegation.core.memory.InMemorySessionIssuer;
import org.partnerdelegation.core.memory.InMemoryTenantDirectory;
import org.partnerdelegation.core.outbox.OutboxDispatcher;
import org.partnerdelegation.core.usecase.AccountListEntry;
import org.partnerdelegation.core.usecase.GrantRequest;
import org.partnerdelegation.core.usecase.PartnerDelegation;
// tag::reading[]
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.servlet.DelegatedSessionFilter;
// end::reading[]
// tag::login[]
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.LoginRequest;
import org.partnerdelegation.servlet.DelegatedSessionCookie;
// end::login[]

/**
 * The guide's "Servlet filter (delegation-servlet)" (docs/guide/servlet-filter.md): {@link DelegationWiring} installs the filter in
 * a real Jetty behind what a TLS-ending proxy sends ({@code X-Forwarded-Proto: https}), the login
 * below writes the cookie, and the servlet below reads the request's principal as printed there,
 * over HTTP.
 */
class ServletFilterSnippetTest {

    /** GET /billing/invoices of the customer tenant, for a partner user acting in it. */
    static class InvoicesServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        // tag::reading[]
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Optional<DelegatedSession> session = DelegatedSessionFilter.sessionOf(request);
            if (session.isEmpty()) {                           // no token: the host's own signed-in user, if any
                response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
                return;
            }
            if (!session.get().hasRole("billing:read")) {      // the roles the customer grants now
                response.sendError(HttpServletResponse.SC_FORBIDDEN);
                return;
            }
            Principal principal = DelegatedSessionFilter.principalOf(request).orElseThrow(); // session.get().principal()
            // Pass `principal` to the library's use cases and to your own checks (isDelegated(), actingPartner()).
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().printf("Invoices of %s, read by %s on behalf of %s%n", principal.tenantId().value(),
                    session.get().actorUser().value(), session.get().actorTenant().value());
        }
        // end::reading[]
    }

    /** POST /login: the host's own signed-in partner user logs in to the customer tenant. */
    static class LoginServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient PartnerDelegation delegation;
        private final transient Principal partnerUser;        // as the host's own authentication found them
        private final transient DelegationId delegationId;    // the row they clicked Login on

        LoginServlet(PartnerDelegation delegation, Principal partnerUser, DelegationId delegationId) {
            this.delegation = delegation;
            this.partnerUser = partnerUser;
            this.delegationId = delegationId;
        }

        // tag::login[]
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            IssuedSession issued = delegation.loginToCustomer(partnerUser, delegationId, LoginRequest.allGranted());
            // The filter's cookie: __Host-pd_delegated_session over HTTPS (Secure, Path=/, no Domain), pd_delegated_session
            // over plain HTTP; HttpOnly, SameSite=Lax. (A filter built with another cookie: filter.cookie().issue(..).)
            response.addCookie(DelegatedSessionCookie.standard().issue(request, issued.token().reveal()));
            response.sendRedirect("/billing/invoices");
        }
        // end::login[]
    }

    /** The host's own page, which its own authentication guards. */
    static class AccountServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().println("The host's own page; delegated: " + DelegatedSessionFilter.sessionOf(request).isPresent());
        }
    }

    @Test
    void theFilterInstalledByTheListenerGivesTheServletTheDelegatedPrincipal() throws Exception {
        InMemoryTenantDirectory tenants = new InMemoryTenantDirectory();
        Tenant partner = tenants.register(new Tenant(TenantId.of("acme"), AccountNumber.of("P-1001"),
                EmailAddress.of("admin@acme.example"), true));
        Tenant customer = tenants.register(new Tenant(TenantId.of("initech"), AccountNumber.of("C-2001"),
                EmailAddress.of("admin@initech.example"), false));
        PartnerDelegation delegation = PartnerDelegation.builder()
                .tenantDirectory(tenants)
                .delegationStore(new InMemoryDelegationStore())
                .sessionIssuer(new InMemorySessionIssuer())
                .roleCatalogue(RoleCatalogue.builder()
                        .role(DelegableRole.TENANT_ADMINISTRATOR)
                        .role(DelegableRole.of("billing:read", "Billing (read only)", "Reads invoices."))
                        .defaultRoles(RoleKey.TENANT_ADMINISTRATOR)
                        .build())
                .build();
        InMemoryNotifier notifier = new InMemoryNotifier();
        Principal jane = Principal.administrator(partner.id(), UserId.of("jane@acme.example"))
                .withAuthentication(Authentication.of(Instant.now(), "pwd", "otp"));
        AccountListEntry row = delegation.addCustomerAccount(jane, customer.administratorEmail(),
                GrantRequest.roles("billing:read", "tenant:administrator"));
        try (OutboxDispatcher dispatcher = OutboxDispatcher.builder(delegation).notifier(notifier).build()) {
            dispatcher.drain();
        }
        delegation.acceptInvitation(Principal.administrator(customer.id(), UserId.of("admin@initech.example"))
                .withVerifiedEmail(customer.administratorEmail()),
                notifier.latestInvitationTokenFor(customer.administratorEmail()).orElseThrow().reveal());
        String billing = delegation.loginToCustomer(jane, row.delegationId(), LoginRequest.roles("billing:read")).token().reveal();
        String adminOnly = delegation.loginToCustomer(jane, row.delegationId(), LoginRequest.roles("tenant:administrator"))
                .token().reveal();
        String ended = delegation.loginToCustomer(jane, row.delegationId(), LoginRequest.allGranted()).token().reveal();
        delegation.endSession(ended);

        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.addCustomizer(new ForwardedRequestCustomizer());        // isSecure() as the proxy in front says
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addEventListener(new DelegationWiring(delegation));          // as an embedded server registers it
        context.addServlet(new ServletHolder(new InvoicesServlet()), "/billing/invoices");
        context.addServlet(new ServletHolder(new LoginServlet(delegation, jane, row.delegationId())), "/login");
        context.addServlet(new ServletHolder(new AccountServlet()), "/account");
        server.setHandler(context);
        server.start();
        try {
            URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
            URI invoices = base.resolve("/billing/invoices");
            HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

            HttpResponse<String> login = client.send(HttpRequest.newBuilder(base.resolve("/login")).header("X-Forwarded-Proto", "https")
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(setCookie).startsWith("__Host-pd_delegated_session=").contains("Path=/;", "Secure", "HttpOnly", "SameSite=Lax")
                    .doesNotContainIgnoringCase("Domain");
            String loggedIn = setCookie.substring("__Host-pd_delegated_session=".length(), setCookie.indexOf(';'));
            HttpResponse<String> afterLogin = client.send(HttpRequest.newBuilder(invoices).header("X-Forwarded-Proto", "https")
                    .header("Cookie", "__Host-pd_delegated_session=" + loggedIn).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(afterLogin.body()).isEqualTo("Invoices of initech, read by jane@acme.example on behalf of acme\n");

            HttpResponse<String> withCookie = client.send(HttpRequest.newBuilder(invoices).header("X-Forwarded-Proto", "https")
                    .header("Cookie", "__Host-pd_delegated_session=" + billing).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> withHeader = client.send(HttpRequest.newBuilder(invoices)
                    .header("Authorization", "Bearer " + billing).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> withoutTheRole = client.send(HttpRequest.newBuilder(invoices)
                    .header("Authorization", "Bearer " + adminOnly).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> endedCookie = client.send(HttpRequest.newBuilder(invoices).header("X-Forwarded-Proto", "https")
                    .header("Cookie", "__Host-pd_delegated_session=" + ended).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> endedCookieOnTheHostsPage = client.send(HttpRequest.newBuilder(base.resolve("/account"))
                    .header("X-Forwarded-Proto", "https").header("Cookie", "__Host-pd_delegated_session=" + ended).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> noToken = client.send(HttpRequest.newBuilder(invoices).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(withCookie.statusCode()).isEqualTo(200);
            assertThat(withCookie.body()).isEqualTo("Invoices of initech, read by jane@acme.example on behalf of acme\n");
            assertThat(withHeader.body()).isEqualTo(withCookie.body());
            assertThat(withoutTheRole.statusCode()).isEqualTo(403);
            assertThat(endedCookie.statusCode()).isEqualTo(302);
            assertThat(endedCookie.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/sign-in"));
            assertThat(noToken.statusCode()).isEqualTo(401);
            // Outside the delegated-only path an ended (or planted) cookie is cleared and the host's own page answers.
            assertThat(endedCookieOnTheHostsPage.statusCode()).isEqualTo(200);
            assertThat(endedCookieOnTheHostsPage.body()).isEqualTo("The host's own page; delegated: false\n");
            assertThat(endedCookieOnTheHostsPage.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c)
                    .startsWith("__Host-pd_delegated_session=;").contains("Secure", "Path=/"));
        } finally {
            server.stop();
        }
    }
}
