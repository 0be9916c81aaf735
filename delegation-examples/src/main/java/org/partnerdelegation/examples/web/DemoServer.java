package org.partnerdelegation.examples.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.examples.StartupLog;
import org.partnerdelegation.examples.web.WebSessions.WebSession;

/**
 * The web demo: Javalin on Jetty, pages rendered by JTE, over a {@link DemoBackend}. This class
 * holds the server's life, the route table and what every request gets; the pages are in the
 * {@code *Pages} classes, one per screen. Every request passes {@code delegation-servlet}'s
 * filter first (see {@link DelegatedRequests}); every state-changing form is a POST carrying the
 * session's CSRF token; every page sends headers that keep it out of frames and scripts out of it.
 * {@link #close()} stops the server, then the backend.
 */
public final class DemoServer implements AutoCloseable {

    /** The address the demo listens on unless told otherwise: this machine only. */
    public static final String LOOPBACK = "127.0.0.1";

    private final WebSessions sessions = new WebSessions();
    private final Pages pages = new Pages(this::backend);
    private final Javalin app;
    private final String host;
    private volatile DemoBackend backend;

    private DemoServer(String host) {
        this.host = host;
        SignInPages signIn = new SignInPages(pages, sessions);
        AccountPages accounts = new AccountPages(pages);
        ConsolePages console = new ConsolePages(pages);
        MailboxPages mailbox = new MailboxPages(pages);
        InvitationPages invitation = new InvitationPages(pages);
        PartnerAccessPages partnerAccess = new PartnerAccessPages(pages);
        OperatorPages operator = new OperatorPages(pages);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            // delegation-servlet's filter authorizes every request of a delegated session (see DelegatedRequests).
            config.jetty.modifyServletContextHandler(handler -> handler.addFilter(
                    new FilterHolder(new DelegatedRequests.CurrentFilter(this::currentFacade)), "/*",
                    EnumSet.of(DispatcherType.REQUEST)));
            config.routes.before(this::beforeEach);
            config.routes.get("/style.css", DemoServer::stylesheet);
            config.routes.get("/", signIn::signInPage);
            config.routes.post("/signin", signIn::signIn);
            config.routes.post("/signout", signIn::signOut);
            config.routes.post("/reset", signIn::reset);
            config.routes.get("/accounts", accounts::accounts);
            config.routes.post("/accounts/add", accounts::addAccount);
            config.routes.post("/accounts/{id}/resend", accounts::resend);
            config.routes.get("/accounts/{id}/delete", accounts::confirmDelete);
            config.routes.post("/accounts/{id}/delete", accounts::delete);
            config.routes.post("/accounts/{id}/login", accounts::login);
            config.routes.get("/mailbox", mailbox::mailbox);
            config.routes.get("/mailbox/{number}", mailbox::mail);
            config.routes.get("/mailbox/{number}/html", mailbox::mailHtml);
            config.routes.get("/accept", invitation::acceptPage);
            config.routes.post("/accept", invitation::answer);
            config.routes.get("/partner-access", partnerAccess::partnerAccess);
            config.routes.post("/partner-access/reduce", partnerAccess::reduce);
            config.routes.get("/partner-access/sessions/{id}/end", partnerAccess::confirmEndSession);
            config.routes.post("/partner-access/sessions/{id}/end", partnerAccess::endSession);
            config.routes.get("/partner-access/disassociate", partnerAccess::confirmDisassociate);
            config.routes.post("/partner-access/disassociate", partnerAccess::disassociate);
            config.routes.get("/console", console::console);
            config.routes.post("/console/end-session", console::endOwnSession);
            config.routes.get(DelegatedRequests.ENDED_PATH, console::sessionEnded);
            config.routes.get("/operator", operator::operator);
            config.routes.post("/operator/grant", operator::grant);
            config.routes.get("/operator/revoke", operator::confirmRevoke);
            config.routes.post("/operator/revoke", operator::revoke);
            // A refused form goes back to its page (redirect after every POST); a refused page is the error page.
            config.routes.exception(Refusal.class, (e, ctx) -> {
                if (e.forged) {
                    pages.errorPage(ctx, e.status, e.heading, e.getMessage());
                } else {
                    refused(ctx, e.status, e.heading, e.getMessage());
                }
            });
            config.routes.exception(DelegationException.class,
                    (e, ctx) -> refused(ctx, Messages.status(e), "Refused", Messages.words(e)));
            config.routes.exception(Exception.class, (e, ctx) -> {
                System.err.println("Demo: " + ctx.method() + " " + ctx.path() + " failed: " + e);
                refused(ctx, 500, "Something went wrong", "The demo could not handle this request: try again,"
                        + " or Reset the demo data from the page footer.");
            });
            config.routes.error(404, "*", ctx -> {
                // Not a page of the demo (a refusal with 404 rendered its own page already).
                if (ctx.attribute(Pages.RENDERED) == null) {
                    pages.errorPage(ctx, 404, "Page not found", "There is no page at " + ctx.path()
                            + ". The menu above leads to the demo's pages.");
                }
            });
        });
    }

    /**
     * Starts the server on {@code 127.0.0.1:port} (0: a free port), then the backend over the database
     * and the mail in {@code dataDirectory} (emptied first when {@code reset}).
     *
     * @param dataDirectory where the H2 database and the received mail live between runs
     * @param reset         whether to empty it and seed the demo again
     * @param port          the port; 0 for a free one
     * @return the running server
     * @throws PortInUseException               when the port is taken
     * @throws DataDirectoryLock.InUseException when another demo holds the data directory
     */
    public static DemoServer start(Path dataDirectory, boolean reset, int port) {
        return start(dataDirectory, reset, LOOPBACK, port);
    }

    /**
     * As {@link #start(Path, boolean, int)}, listening on {@code host} instead of the loopback
     * address: an address of this machine, or {@code 0.0.0.0} for all of them.
     */
    public static DemoServer start(Path dataDirectory, boolean reset, String host, int port) {
        return start(dataDirectory, reset, host, port, StartupLog.SILENT);
    }

    /**
     * As {@link #start(Path, boolean, int)}, telling {@code log} what it does as it does it: listening,
     * opening the database, starting the mail server, seeding.
     */
    public static DemoServer start(Path dataDirectory, boolean reset, int port, StartupLog log) {
        return start(dataDirectory, reset, LOOPBACK, port, log);
    }

    /** As {@link #start(Path, boolean, String, int)}, telling {@code log} what it does as it does it. */
    public static DemoServer start(Path dataDirectory, boolean reset, String host, int port, StartupLog log) {
        return start(dataDirectory, reset, host, port, Clock.tick(Clock.systemUTC(), Duration.ofSeconds(1)), log);
    }

    /** {@link #start(Path, boolean, int)} on another clock, for tests that move the time. */
    static DemoServer start(Path dataDirectory, boolean reset, int port, Clock clock) {
        return start(dataDirectory, reset, LOOPBACK, port, clock, StartupLog.SILENT);
    }

    private static DemoServer start(Path dataDirectory, boolean reset, String host, int port, Clock clock, StartupLog log) {
        Objects.requireNonNull(log, "log");
        DemoServer server = new DemoServer(Objects.requireNonNull(host, "host"));
        try {
            server.app.start(host, port);
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BindException) {
                    throw new PortInUseException(port, e);
                }
            }
            throw e;
        }
        // Listening first, so that a taken port fails before the database is touched; until the backend is up,
        // every page answers 503 "still starting".
        log.phase("Listening on " + server.url());
        try {
            server.backend = DemoBackend.start(dataDirectory, reset, clock, server.url() + "/accept?token=", log);
        } catch (RuntimeException e) {
            server.app.stop();
            throw e;
        }
        return server;
    }

    /** The port the server listens on. */
    public int port() {
        return app.port();
    }

    /**
     * Where a browser opens the demo: {@code http://localhost:port} on the loopback address or on
     * all addresses ({@code 0.0.0.0}, {@code ::}), else {@code http://host:port} with the address
     * it listens on.
     */
    public String url() {
        return "http://" + urlHost(host) + ":" + port();
    }

    /** The address the server listens on, as given to {@link #start(Path, boolean, String, int)}. */
    public String host() {
        return host;
    }

    static String urlHost(String host) {
        if (host.equals(LOOPBACK) || host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0")) {
            return "localhost";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /** The library and the mail server behind the pages; null until {@link #start} has opened them. */
    public DemoBackend backend() {
        return backend;
    }

    /** Stops the web server, then the schedule, the mail server and the database. */
    @Override
    public void close() {
        app.stop();
        DemoBackend b = backend;
        if (b != null) {
            b.close();
        }
    }

    /** The port asked for is taken by another program. */
    public static final class PortInUseException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PortInUseException(int port, Throwable cause) {
            super("Port " + port + " is already in use", cause);
        }
    }

    /** The facade the filter checks tokens with; null while the demo is starting. */
    private PartnerDelegation currentFacade() {
        DemoBackend b = backend;
        return b == null ? null : b.delegation();
    }

    private void beforeEach(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Cache-Control", "no-store");
        ctx.header("Content-Security-Policy", "default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; "
                + "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'self'");
        boolean post = ctx.method() == HandlerType.POST;
        if (post && fromAnotherSite(ctx)) {
            throw Refusal.forged("This form was sent from another site: the demo takes forms from its own pages only.");
        }
        String cookie = ctx.cookie(WebSessions.COOKIE);
        if (post && cookie == null) {
            // No session at all: nothing to go back to, and a new session for it would sign a visitor out.
            throw Refusal.forged("The form was not sent by a page of this demo (this browser has no session here):"
                    + " open the page and try again.");
        }
        WebSession session = sessions.find(cookie).orElseGet(() -> {
            WebSession fresh = sessions.create(null, null);
            Cookies.set(ctx, WebSessions.COOKIE, fresh.id());
            return fresh;
        });
        ctx.attribute(Pages.SESSION, session);
        if (backend == null) {
            throw new Refusal(503, "Starting", "The demo is still starting: try again in a moment.");
        }
        if (post && !session.csrfMatches(ctx.formParam("csrf"))) {
            // A page of this demo read before a restart, or in a session that ended: sent back with what was typed.
            throw new Refusal(403, "Refused", "The form was not sent by this page (its CSRF token is missing or wrong):"
                    + " check it and send it again.");
        }
    }

    /**
     * Whether a POST comes from a page of another site, by the headers browsers add to it: Fetch
     * Metadata's {@code Sec-Fetch-Site}, else {@code Origin}. (Clients that send neither are not
     * browsers, which is what a forged form needs.) Another port on the same host is another site.
     */
    private static boolean fromAnotherSite(Context ctx) {
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null) {
            return !site.equals("same-origin") && !site.equals("none");
        }
        String origin = ctx.header("Origin");
        return origin != null && !origin.equals(ctx.scheme() + "://" + ctx.host());
    }

    private void refused(Context ctx, int status, String heading, String message) {
        if (ctx.method() == HandlerType.POST && ctx.attribute(Pages.SESSION) != null) {
            pages.refuseForm(ctx, status, message, Pages.session(ctx).user().map(DemoUser::home).orElse("/"));
        } else {
            pages.errorPage(ctx, status, heading, message);
        }
    }

    private static void stylesheet(Context ctx) {
        try (InputStream in = DemoServer.class.getResourceAsStream("/web/style.css")) {
            ctx.contentType("text/css; charset=utf-8").result(Objects.requireNonNull(in, "style.css").readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
