package org.partnerdelegation.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.Principal;

/**
 * An embedded Jetty on a free port of 127.0.0.1 with the filters under test in front of a small
 * servlet that writes what the request carries: the principal and session attributes, and what
 * {@link DelegatedSessionFilter#sessionOf} gives. Every response it gets is kept, so that a test
 * can check that none of them shows a token. Its connector honours {@code X-Forwarded-Proto}, as a
 * server behind a proxy that ends TLS does: a request sent with {@code X-Forwarded-Proto: https} is
 * a secure request ({@code isSecure()}) to the filter and the servlets. Under {@code /login-cookie}
 * and {@code /sign-out-cookie} a host's login and sign-out write the first filter's cookie
 * ({@link DelegatedSessionFilter#cookie()}) with the token of the {@code X-Token} header.
 */
final class FilteredServer implements AutoCloseable {

    /** How many requests reached the servlet. */
    final AtomicInteger reached = new AtomicInteger();
    /** Every response the client got, for the token check. */
    final List<HttpResponse<String>> responses = Collections.synchronizedList(new ArrayList<>());

    private final Server server;
    private final URI base;
    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** The filters in the order given, in front of the echo servlet, on every path. */
    FilteredServer(Filter... filters) throws Exception {
        server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.addCustomizer(new ForwardedRequestCustomizer());
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        for (Filter filter : filters) {
            context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        context.addServlet(new ServletHolder(new EchoServlet()), "/*");
        for (Filter filter : filters) {
            if (filter instanceof DelegatedSessionFilter delegated) {
                context.addServlet(new ServletHolder(new CookieServlet(delegated.cookie())), "/login-cookie");
                context.addServlet(new ServletHolder(new CookieServlet(delegated.cookie())), "/sign-out-cookie");
                break;
            }
        }
        server.setHandler(context);
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    /** GET of a path (with its query) with the given headers, as name, value pairs. */
    HttpResponse<String> get(String pathAndQuery, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(10)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        responses.add(response);
        return response;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** A host's login (the token of the X-Token header) or sign-out, writing the filter's cookie as its helper does. */
    private static final class CookieServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient DelegatedSessionCookie cookie;

        CookieServlet(DelegatedSessionCookie cookie) {
            this.cookie = cookie;
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.addCookie(request.getServletPath().equals("/login-cookie")
                    ? cookie.issue(request, request.getHeader("X-Token")) : cookie.clear(request));
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().println("cookie written");
        }
    }

    /** Writes one line per fact the request carries, or "session: none". */
    private final class EchoServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            reached.incrementAndGet();
            response.setContentType("text/plain;charset=UTF-8");
            PrintWriter out = response.getWriter();
            out.println("reached the servlet");
            out.println("secure: " + request.isSecure());
            Object session = request.getAttribute(DelegatedSessionFilter.SESSION_ATTRIBUTE);
            Object principal = request.getAttribute(DelegatedSessionFilter.PRINCIPAL_ATTRIBUTE);
            if (session == null && principal == null) {
                out.println("session: none");
                out.println("sessionOf: " + DelegatedSessionFilter.sessionOf(request).isPresent());
                out.println("principalOf: " + DelegatedSessionFilter.principalOf(request).isPresent());
                return;
            }
            DelegatedSession s = (DelegatedSession) session;
            Principal p = (Principal) principal;
            out.println("session.id: " + s.id().value());
            out.println("session.customerTenant: " + s.customerTenant().value());
            out.println("session.subject: " + s.subject().value());
            out.println("session.actorTenant: " + s.actorTenant().value());
            out.println("session.actorUser: " + s.actorUser().value());
            out.println("session.expiresAt: " + s.expiresAt());
            out.println("session.roles: " + s.scope());
            out.println("session.hasRole(billing:read): " + s.hasRole("billing:read"));
            out.println("principal.tenant: " + p.tenantId().value());
            out.println("principal.user: " + p.userId().value());
            out.println("principal.role: " + p.role());
            out.println("principal.delegated: " + p.isDelegated());
            out.println("principal.actingPartner: " + p.actingPartner().map(t -> t.value()).orElse("-"));
            out.println("principal is the session's own: " + (p.equals(s.principal()) && p.delegatedSession().orElseThrow() == s));
            out.println("sessionOf is the attribute: " + (DelegatedSessionFilter.sessionOf(request).orElseThrow() == s));
            out.println("principalOf is the attribute: " + DelegatedSessionFilter.principalOf(request).orElseThrow().equals(p));
            out.println("userPrincipal: " + request.getUserPrincipal());
        }
    }
}
