package org.partnerdelegation.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.Authentication;
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
import org.partnerdelegation.core.usecase.LoginRequest;
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

/**
 * The README's "Servlet filter (delegation-servlet)": {@link DelegationWiring} installs the filter in
 * a real Jetty, and the servlet below reads the request's principal as printed there, over HTTP.
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
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addEventListener(new DelegationWiring(delegation));          // as an embedded server registers it
        context.addServlet(new ServletHolder(new InvoicesServlet()), "/billing/invoices");
        server.setHandler(context);
        server.start();
        try {
            URI invoices = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/billing/invoices");
            HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

            HttpResponse<String> withCookie = client.send(HttpRequest.newBuilder(invoices)
                    .header("Cookie", "__Host-pd_delegated_session=" + billing).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> withHeader = client.send(HttpRequest.newBuilder(invoices)
                    .header("Authorization", "Bearer " + billing).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> withoutTheRole = client.send(HttpRequest.newBuilder(invoices)
                    .header("Authorization", "Bearer " + adminOnly).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> endedCookie = client.send(HttpRequest.newBuilder(invoices)
                    .header("Cookie", "__Host-pd_delegated_session=" + ended).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> noToken = client.send(HttpRequest.newBuilder(invoices).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(withCookie.statusCode()).isEqualTo(200);
            assertThat(withCookie.body()).isEqualTo("Invoices of initech, read by jane@acme.example on behalf of acme\n");
            assertThat(withHeader.body()).isEqualTo(withCookie.body());
            assertThat(withoutTheRole.statusCode()).isEqualTo(403);
            assertThat(endedCookie.statusCode()).isEqualTo(302);
            assertThat(endedCookie.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/sign-in"));
            assertThat(noToken.statusCode()).isEqualTo(401);
        } finally {
            server.stop();
        }
    }
}
