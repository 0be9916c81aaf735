package org.partnerdelegation.examples.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import java.util.stream.Collectors;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.DelegableRole;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.RoleCatalogue;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.SessionId;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.usecase.AccountAction;
import org.partnerdelegation.core.usecase.AccountListEntry;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.AuditRange;
import org.partnerdelegation.core.usecase.DelegatedSessionView;
import org.partnerdelegation.core.usecase.GrantRequest;
import org.partnerdelegation.core.usecase.InvitationReview;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.Page;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.core.usecase.PartnerLink;
import org.partnerdelegation.core.usecase.SessionQuery;
import org.partnerdelegation.examples.SeedTenants;
import org.partnerdelegation.examples.web.Views.AcceptView;
import org.partnerdelegation.examples.web.Views.AccountRow;
import org.partnerdelegation.examples.web.Views.AccountsView;
import org.partnerdelegation.examples.web.Views.Banner;
import org.partnerdelegation.examples.web.Views.Chrome;
import org.partnerdelegation.examples.web.Views.ConsoleView;
import org.partnerdelegation.examples.web.Views.ErrorView;
import org.partnerdelegation.examples.web.Views.LoginLine;
import org.partnerdelegation.examples.web.Views.MailLine;
import org.partnerdelegation.examples.web.Views.MailView;
import org.partnerdelegation.examples.web.Views.OperatorView;
import org.partnerdelegation.examples.web.Views.Option;
import org.partnerdelegation.examples.web.Views.PartnerAccessView;
import org.partnerdelegation.examples.web.Views.SessionLine;
import org.partnerdelegation.examples.web.Views.SignInView;
import org.partnerdelegation.examples.web.Views.TenantLine;
import org.partnerdelegation.examples.web.Views.TrailLine;
import org.partnerdelegation.examples.web.WebSessions.WebSession;

/**
 * The web demo: Javalin on Jetty, pages rendered by JTE, over a {@link DemoBackend}. Every
 * state-changing form is a POST carrying the session's CSRF token; every page sends headers that
 * keep it out of frames and scripts out of it. {@link #close()} stops the server, then the backend.
 */
public final class DemoServer implements AutoCloseable {

    private static final String SESSION = "pd.session";
    private static final List<Integer> DURATIONS = List.of(30, 90, 365);

    private final WebSessions sessions = new WebSessions();
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
    private final Javalin app;
    private volatile DemoBackend backend;

    private DemoServer() {
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            // delegation-servlet's filter authorizes every request of a delegated session (see DelegatedRequests).
            config.jetty.modifyServletContextHandler(handler -> handler.addFilter(
                    new FilterHolder(new DelegatedRequests.CurrentFilter(this::currentFacade)), "/*",
                    EnumSet.of(DispatcherType.REQUEST)));
            config.routes.before(this::beforeEach);
            config.routes.get("/style.css", this::stylesheet);
            config.routes.get("/", this::signInPage);
            config.routes.post("/signin", this::signIn);
            config.routes.post("/signout", this::signOut);
            config.routes.post("/reset", this::reset);
            config.routes.get("/accounts", this::accounts);
            config.routes.post("/accounts/add", this::addAccount);
            config.routes.post("/accounts/{id}/resend", this::resend);
            config.routes.post("/accounts/{id}/delete", this::delete);
            config.routes.post("/accounts/{id}/login", this::login);
            config.routes.get("/mailbox", this::mailbox);
            config.routes.get("/mailbox/{number}", this::mail);
            config.routes.get("/mailbox/{number}/html", this::mailHtml);
            config.routes.get("/accept", this::acceptPage);
            config.routes.post("/accept", this::answer);
            config.routes.get("/partner-access", this::partnerAccess);
            config.routes.post("/partner-access/reduce", this::reduce);
            config.routes.post("/partner-access/sessions/{id}/end", this::endSession);
            config.routes.post("/partner-access/disassociate", this::disassociate);
            config.routes.get("/console", this::console);
            config.routes.get(DelegatedRequests.ENDED_PATH, this::sessionEnded);
            config.routes.post("/console/end-session", this::endOwnSession);
            config.routes.get("/operator", this::operator);
            config.routes.post("/operator/grant", ctx -> permission(ctx, true));
            config.routes.post("/operator/revoke", ctx -> permission(ctx, false));
            config.routes.exception(Refusal.class, (e, ctx) -> errorPage(ctx, e.status, e.heading, e.getMessage()));
            config.routes.exception(DelegationException.class,
                    (e, ctx) -> errorPage(ctx, Messages.status(e), "Refused", Messages.words(e)));
            config.routes.exception(Exception.class, (e, ctx) -> {
                System.err.println("Demo: " + ctx.method() + " " + ctx.path() + " failed: " + e);
                errorPage(ctx, 500, "Something went wrong", "The demo could not handle this request.");
            });
        });
    }

    /**
     * Starts the server on {@code 127.0.0.1:port} (0: a free port), then the backend over the database
     * in {@code dataDirectory} (emptied first when {@code reset}).
     *
     * @throws PortInUseException when the port is taken
     */
    public static DemoServer start(Path dataDirectory, boolean reset, int port) {
        DemoServer server = new DemoServer();
        try {
            server.app.start("127.0.0.1", port);
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BindException) {
                    throw new PortInUseException(port, e);
                }
            }
            throw e;
        }
        try {
            server.backend = DemoBackend.start(dataDirectory, reset, Clock.tick(Clock.systemUTC(), Duration.ofSeconds(1)),
                    server.url() + "/accept?token=");
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

    /** {@code http://localhost:port}. */
    public String url() {
        return "http://localhost:" + port();
    }

    /** The library and the mail server behind the pages. */
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

    /** A request refused with a status and a message in words. */
    static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String heading;

        Refusal(int status, String heading, String message) {
            super(message);
            this.status = status;
            this.heading = heading;
        }
    }

    // ---- every request

    private void beforeEach(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Cache-Control", "no-store");
        ctx.header("Content-Security-Policy", "default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; "
                + "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'self'");
        WebSession session = sessions.find(ctx.cookie(WebSessions.COOKIE)).orElseGet(() -> {
            WebSession fresh = sessions.create(null);
            Cookies.set(ctx, WebSessions.COOKIE, fresh.id());
            return fresh;
        });
        ctx.attribute(SESSION, session);
        if (backend == null) {
            throw new Refusal(503, "Starting", "The demo is still starting: try again in a moment.");
        }
        if (ctx.method() == HandlerType.POST && !session.csrfMatches(ctx.formParam("csrf"))) {
            throw new Refusal(403, "Refused", "The form was not sent by this page (its CSRF token is missing or wrong):"
                    + " reload the page and try again.");
        }
    }

    private static WebSession session(Context ctx) {
        return Objects.requireNonNull(ctx.attribute(SESSION));
    }

    private PartnerDelegation delegation() {
        return backend.delegation();
    }

    /** The facade the filter checks tokens with; null while the demo is starting. */
    private PartnerDelegation currentFacade() {
        DemoBackend b = backend;
        return b == null ? null : b.delegation();
    }

    /**
     * Who the request acts as: the delegated session's principal when the filter found a live one
     * on the request; otherwise the signed-in user. (A request whose delegated session ended never
     * gets here: the filter redirected it to {@link DelegatedRequests#ENDED_PATH}.)
     */
    private Principal principal(Context ctx) {
        Optional<DelegatedSession> delegated = DelegatedRequests.session(ctx);
        if (delegated.isPresent()) {
            return delegated.get().principal();
        }
        return session(ctx).user().map(DemoUser::principal)
                .orElseThrow(() -> new Refusal(401, "Sign in", "Sign in as a demo user first."));
    }

    private Chrome chrome(Context ctx, String title) {
        WebSession session = session(ctx);
        Optional<DemoUser> user = session.user();
        Banner banner = DelegatedRequests.session(ctx)
                .map(s -> new Banner(s.subject().value(), s.actorUser().value())).orElse(null);
        return new Chrome(title, user.map(DemoUser::name).orElse(null), user.map(DemoUser::tenant).orElse(null),
                session.csrf(), banner);
    }

    private void render(Context ctx, String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        templates.render(template, params, out);
        ctx.html(out.toString());
    }

    private void errorPage(Context ctx, int status, String heading, String message) {
        if (ctx.attribute(SESSION) == null) {
            ctx.status(status).result(message);
            return;
        }
        ctx.status(status);
        render(ctx, "error.jte", Map.of("chrome", chrome(ctx, heading), "view", new ErrorView(status, heading, message)));
    }

    private void stylesheet(Context ctx) {
        try (InputStream in = DemoServer.class.getResourceAsStream("/web/style.css")) {
            ctx.contentType("text/css; charset=utf-8").result(Objects.requireNonNull(in, "style.css").readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- sign in

    private void signInPage(Context ctx) {
        String notice = "reset".equals(ctx.queryParam("notice")) ? "The demo data was reset: every tenant is as seeded." : null;
        render(ctx, "signin.jte", Map.of("chrome", chrome(ctx, "Sign in"),
                "view", new SignInView(DemoUser.all(), localPath(ctx.queryParam("next")), notice)));
    }

    private void signIn(Context ctx) {
        DemoUser user = DemoUser.byKey(Objects.requireNonNullElse(ctx.formParam("user"), ""))
                .orElseThrow(() -> new Refusal(400, "Sign in", "There is no such demo user."));
        sessions.remove(session(ctx).id());
        WebSession fresh = sessions.create(user.key());
        Cookies.set(ctx, WebSessions.COOKIE, fresh.id());
        DelegatedRequests.clear(ctx);
        String next = localPath(ctx.formParam("next"));
        ctx.redirect(next != null ? next : user.home());
    }

    private void signOut(Context ctx) {
        sessions.remove(session(ctx).id());
        Cookies.clear(ctx, WebSessions.COOKIE);
        DelegatedRequests.clear(ctx);
        ctx.redirect("/");
    }

    private void reset(Context ctx) {
        backend.reset();
        sessions.clear();
        Cookies.clear(ctx, WebSessions.COOKIE);
        DelegatedRequests.clear(ctx);
        ctx.redirect("/?notice=reset");
    }

    /** {@code path} when it is a path of this site (never another host), else null. */
    private static String localPath(String path) {
        return path != null && path.startsWith("/") && !path.startsWith("//") && !path.contains("\\") ? path : null;
    }

    // ---- Account Management

    private void accounts(Context ctx) {
        renderAccounts(ctx, principal(ctx), ctx.queryParam("add") != null, null, notice(ctx.queryParam("notice")), "",
                delegation().roleCatalogue().defaultRoles(), "");
    }

    private static String notice(String key) {
        if (key == null) {
            return null;
        }
        return switch (key) {
            case "added" -> "Added: the invitation is on its way (see the demo mailbox). The row stays Pending until the customer accepts.";
            case "resent" -> "The invitation was sent again.";
            case "deleted" -> "The account was deleted: the partner no longer manages it.";
            case "ended" -> "Your delegated session has ended.";
            case "reduced" -> "The partner's roles were reduced.";
            case "session-ended" -> "The session was ended: the partner's next click is refused.";
            case "disassociated" -> "You disassociated the partner: it no longer has access to your tenant.";
            case "granted" -> "The partner permission was granted.";
            case "revoked" -> "The partner permission was revoked.";
            default -> null;
        };
    }

    private void renderAccounts(Context ctx, Principal actor, boolean dialogOpen, String error, String notice, String formEmail,
                                Set<RoleKey> formRoles, String formDays) {
        String status = Objects.requireNonNullElse(ctx.queryParam("status"), "open");
        AccountQuery query = AccountQuery.firstPage().withStatuses(statuses(status));
        String after = ctx.queryParam("after");
        if (after != null && !after.isBlank()) {
            query = query.after(after);
        }
        List<AccountRow> rows = new ArrayList<>();
        String next = null;
        try {
            Page<AccountListEntry> page = delegation().listAccounts(actor, query);
            RoleCatalogue catalogue = delegation().roleCatalogue();
            for (AccountListEntry entry : page.items()) {
                rows.add(new AccountRow(entry.delegationId().value().toString(), entry.email().value(),
                        entry.accountNumber().value(), entry.status().label(), roleNames(catalogue, entry.roles()),
                        entry.status() == DelegationStatus.PENDING ? "After approval" : Views.time(entry.endsAt(), "No end date"),
                        entry.actions().contains(AccountAction.LOGIN), entry.actions().contains(AccountAction.RESEND_INVITATION),
                        entry.actions().contains(AccountAction.DELETE_ACCOUNT)));
            }
            next = page.nextCursor().map(c -> java.net.URLEncoder.encode(c, java.nio.charset.StandardCharsets.UTF_8)).orElse(null);
        } catch (DelegationException e) {
            if (e.code() != ErrorCode.PARTNER_PERMISSION_REQUIRED) {
                throw e;
            }
            error = error != null ? error : Messages.words(e);
        }
        List<Option> statusOptions = new ArrayList<>();
        statusOptions.add(new Option("open", "Pending and Connected", status.equals("open")));
        for (DelegationStatus s : DelegationStatus.values()) {
            statusOptions.add(new Option(s.name(), s.label(), status.equals(s.name())));
        }
        statusOptions.add(new Option("all", "All, with history", status.equals("all")));
        List<Option> roles = delegation().roleCatalogue().roles().stream()
                .map(r -> new Option(r.key().value(), r.name(), formRoles.contains(r.key()))).toList();
        List<Option> durations = new ArrayList<>();
        durations.add(new Option("", "No end date (the plain flow)", formDays.isEmpty()));
        for (int days : DURATIONS) {
            durations.add(new Option(String.valueOf(days), days + " days", formDays.equals(String.valueOf(days))));
        }
        render(ctx, "accounts.jte", Map.of("chrome", chrome(ctx, "Account Management"),
                "view", new AccountsView(rows, statusOptions, status, next, dialogOpen, error, notice, formEmail, roles, durations)));
    }

    private static Set<DelegationStatus> statuses(String filter) {
        if (filter.equals("all")) {
            return EnumSet.allOf(DelegationStatus.class);
        }
        for (DelegationStatus s : DelegationStatus.values()) {
            if (s.name().equals(filter)) {
                return EnumSet.of(s);
            }
        }
        return DelegationStatus.OPEN;
    }

    private static String roleNames(RoleCatalogue catalogue, Set<RoleKey> keys) {
        return catalogue.describe(keys).stream().map(DelegableRole::name).collect(Collectors.joining(", "));
    }

    private void addAccount(Context ctx) {
        Principal actor = principal(ctx);
        String rawEmail = Objects.requireNonNullElse(ctx.formParam("email"), "").strip();
        Set<RoleKey> roles = new LinkedHashSet<>();
        String days = Objects.requireNonNullElse(ctx.formParam("days"), "");
        try {
            for (String key : ctx.formParams("roles")) {
                roles.add(RoleKey.of(key));
            }
            EmailAddress email;
            try {
                email = EmailAddress.of(rawEmail);
            } catch (DelegationException e) {
                renderAddError(ctx, actor, 422, Messages.MALFORMED_EMAIL, rawEmail, roles, days);
                return;
            }
            RoleCatalogue catalogue = delegation().roleCatalogue();
            if (roles.equals(catalogue.defaultRoles()) && days.isEmpty()) {
                delegation().addCustomerAccount(actor, email); // the seed's plain flow
            } else {
                GrantRequest request = GrantRequest.roles(roles);
                if (!days.isEmpty()) {
                    request = request.forTerm(Duration.ofDays(Integer.parseInt(days)));
                }
                delegation().addCustomerAccount(actor, email, request);
            }
        } catch (NumberFormatException e) {
            renderAddError(ctx, actor, 422, "Pick a period from the list.", rawEmail, roles, "");
            return;
        } catch (DelegationException e) {
            if (e.code() == ErrorCode.DELEGATED_SESSION_NOT_ALLOWED) {
                throw e;
            }
            renderAddError(ctx, actor, Messages.status(e), Messages.words(e), rawEmail, roles, days);
            return;
        }
        backend.dispatch();
        ctx.redirect("/accounts?notice=added");
    }

    private void renderAddError(Context ctx, Principal actor, int status, String error, String email, Set<RoleKey> roles, String days) {
        ctx.status(status);
        renderAccounts(ctx, actor, true, error, null, email, roles, days);
    }

    private DelegationId delegationId(Context ctx) {
        try {
            return DelegationId.parse(ctx.pathParam("id"));
        } catch (RuntimeException e) {
            throw new Refusal(404, "Not found", "That customer account is not in your list.");
        }
    }

    private void resend(Context ctx) {
        rowAction(ctx, actor -> delegation().resendInvitation(actor, delegationId(ctx)), "resent");
    }

    private void delete(Context ctx) {
        rowAction(ctx, actor -> delegation().deleteAccount(actor, delegationId(ctx)), "deleted");
    }

    private void rowAction(Context ctx, java.util.function.Consumer<Principal> action, String notice) {
        act(ctx, action, (actor, e) -> renderAccounts(ctx, actor, false, Messages.words(e), null, "",
                delegation().roleCatalogue().defaultRoles(), ""), "/accounts?notice=" + notice);
    }

    /**
     * Runs a form's action as the request's principal: on success mails what it queued and redirects;
     * a refusal is shown on the page by {@code onRefusal}, with its status, except a delegated
     * session's, which goes to the error page (403).
     */
    private void act(Context ctx, java.util.function.Consumer<Principal> action,
                     java.util.function.BiConsumer<Principal, DelegationException> onRefusal, String redirect) {
        Principal actor = principal(ctx);
        try {
            action.accept(actor);
        } catch (DelegationException e) {
            if (e.code() == ErrorCode.DELEGATED_SESSION_NOT_ALLOWED) {
                throw e;
            }
            ctx.status(Messages.status(e));
            onRefusal.accept(actor, e);
            return;
        }
        backend.dispatch();
        ctx.redirect(redirect);
    }

    private void login(Context ctx) {
        Principal actor = principal(ctx);
        IssuedSession issued;
        try {
            issued = delegation().loginToCustomer(actor, delegationId(ctx));
        } catch (DelegationException e) {
            if (e.code() == ErrorCode.DELEGATED_SESSION_NOT_ALLOWED) {
                throw e;
            }
            ctx.status(Messages.status(e));
            renderAccounts(ctx, actor, false, Messages.words(e), null, "", delegation().roleCatalogue().defaultRoles(), "");
            return;
        }
        DelegatedRequests.store(ctx, issued.token().reveal());
        ctx.redirect("/console");
    }

    // ---- the delegated session's landing page

    private void console(Context ctx) {
        DelegatedSession session = DelegatedRequests.session(ctx).orElseThrow(() -> new Refusal(401, "No delegated session",
                "This page is the customer's console, reached through Login on Account Management."));
        String tenant = delegation().tenantDirectory().findById(session.customerTenant())
                .map(t -> t.id().value() + " (" + t.accountNumber().value() + ")").orElse(session.customerTenant().value());
        render(ctx, "console.jte", Map.of("chrome", chrome(ctx, "Customer console"), "view",
                new ConsoleView(tenant, session.subject().value(), session.actorUser().value() + " of " + session.actorTenant().value(),
                        roleNames(delegation().roleCatalogue(), session.roles()), Views.time(session.expiresAt()))));
    }

    private void endOwnSession(Context ctx) {
        DelegatedRequests.liveToken(ctx).ifPresent(token -> delegation().endSession(token));
        DelegatedRequests.clear(ctx);
        ctx.redirect(session(ctx).user().isPresent() ? "/accounts?notice=ended" : "/");
    }

    /** Where the filter sends a browser whose delegated session no longer validates (it cleared the cookie). */
    private void sessionEnded(Context ctx) {
        errorPage(ctx, 401, "Session ended", "Your delegated session has ended: the customer ended it, it expired,"
                + " or the access was withdrawn. Log in again from Account Management.");
    }

    // ---- mailbox

    private void mailbox(Context ctx) {
        List<MailLine> lines = MailReader.newestFirst(backend.wiring().smtpServer()).stream()
                .map(m -> new MailLine(m.number(), m.to(), m.subject(), Views.time(m.received()))).toList();
        render(ctx, "mailbox.jte", Map.of("chrome", chrome(ctx, "Demo mailbox"), "mails", lines));
    }

    private void mail(Context ctx) {
        int number;
        try {
            number = Integer.parseInt(ctx.pathParam("number"));
        } catch (NumberFormatException e) {
            number = -1;
        }
        MailReader.Mail mail = MailReader.find(backend.wiring().smtpServer(), number)
                .orElseThrow(() -> new Refusal(404, "Not found", "There is no such mail."));
        // The HTML part is served by mailHtml, framed in a sandbox (no scripts, no same origin).
        String document = mail.html().isPresent() ? "/mailbox/" + mail.number() + "/html" : null;
        render(ctx, "mail.jte", Map.of("chrome", chrome(ctx, mail.subject()), "mail",
                new MailView(mail.number(), mail.from(), mail.to(), mail.subject(), Views.time(mail.received()), document,
                        mail.text(), null)));
    }

    /**
     * The mail's HTML part alone, for the sandboxed frame of the mail page: the CSP sandbox keeps
     * scripts, forms and the demo's cookies' origin out of it; its links open in the demo's window.
     */
    private void mailHtml(Context ctx) {
        int number;
        try {
            number = Integer.parseInt(ctx.pathParam("number"));
        } catch (NumberFormatException e) {
            number = -1;
        }
        MailReader.Mail mail = MailReader.find(backend.wiring().smtpServer(), number)
                .orElseThrow(() -> new Refusal(404, "Not found", "There is no such mail."));
        ctx.header("X-Frame-Options", "SAMEORIGIN");
        ctx.header("Content-Security-Policy", "sandbox allow-top-navigation-by-user-activation; default-src 'none';"
                + " style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'");
        ctx.html("<base target=\"_top\">" + mail.html().orElse(""));
    }

    // ---- accept page

    private static List<DemoUser> customers() {
        return DemoUser.all().stream().filter(u -> u.home().equals("/partner-access")).toList();
    }

    private void acceptPage(Context ctx) {
        String token = ctx.queryParam("token");
        if (token == null || token.isBlank()) {
            throw new Refusal(400, "Invitation", "This page is opened from the invitation mail's Accept and Login button.");
        }
        renderAccept(ctx, token, null);
    }

    private void renderAccept(Context ctx, String token, String confirmation) {
        String title = "Invitation";
        if (confirmation != null) {
            render(ctx, "accept.jte", Map.of("chrome", chrome(ctx, title), "view",
                    new AcceptView(token, false, List.of(), null, null, null, List.of(), null, null, confirmation)));
            return;
        }
        boolean signedIn = session(ctx).user().isPresent() || DelegatedRequests.session(ctx).isPresent();
        if (!signedIn) {
            render(ctx, "accept.jte", Map.of("chrome", chrome(ctx, title), "view",
                    new AcceptView(token, true, customers(), null, null, null, List.of(), null, null, null)));
            return;
        }
        Principal actor = principal(ctx);
        InvitationReview review;
        try {
            review = delegation().reviewInvitation(actor, token);
        } catch (DelegationException e) {
            if (e.code() == ErrorCode.DELEGATED_SESSION_NOT_ALLOWED) {
                throw e;
            }
            ctx.status(Messages.status(e));
            boolean otherAccount = e.code() == ErrorCode.INVITATION_FOR_ANOTHER_ACCOUNT || e.code() == ErrorCode.ADMINISTRATOR_REQUIRED;
            render(ctx, "accept.jte", Map.of("chrome", chrome(ctx, title), "view",
                    new AcceptView(token, otherAccount, otherAccount ? customers() : List.of(), Messages.words(e), null, null,
                            List.of(), null, null, null)));
            return;
        }
        String term = review.requestedTerm()
                .map(d -> d.toDays() + " days after you accept (about " + Views.time(delegation().clock().instant().plus(d)) + ")")
                .orElse(review.kind() == InvitationReview.Kind.CHANGE_OF_GRANT
                        ? Views.time(review.currentEndsAt(), "No end date") : "No end date");
        String kind = review.kind() == InvitationReview.Kind.NEW_DELEGATION ? "to manage your tenant"
                : "to change its access to your tenant";
        render(ctx, "accept.jte", Map.of("chrome", chrome(ctx, title), "view",
                new AcceptView(token, false, List.of(), null, partnerName(review.partnerEmail(), review.partnerAccountNumber()),
                        kind, review.requestedRoles().stream().map(r -> r.name() + ": " + r.description()).toList(), term,
                        Views.time(review.invitationExpiresAt()), null)));
    }

    private static String partnerName(Optional<EmailAddress> email, Optional<AccountNumber> account) {
        return email.map(EmailAddress::value).orElse("A partner no longer listed")
                + account.map(a -> " (account " + a.value() + ")").orElse("");
    }

    private void answer(Context ctx) {
        String token = Objects.requireNonNullElse(ctx.formParam("token"), "");
        Principal actor = principal(ctx);
        String confirmation;
        try {
            InvitationReview review = delegation().reviewInvitation(actor, token);
            String partner = partnerName(review.partnerEmail(), review.partnerAccountNumber());
            if ("decline".equals(ctx.formParam("answer"))) {
                delegation().declineInvitation(actor, token);
                confirmation = "You declined: " + partner + " does not get access to your tenant.";
            } else {
                PartnerLink link = delegation().acceptInvitation(actor, token);
                confirmation = "You accepted: " + partner + " now manages your tenant. Status: " + link.status().label() + ".";
            }
        } catch (DelegationException e) {
            if (e.code() == ErrorCode.DELEGATED_SESSION_NOT_ALLOWED) {
                throw e;
            }
            ctx.status(Messages.status(e));
            render(ctx, "accept.jte", Map.of("chrome", chrome(ctx, "Invitation"), "view",
                    new AcceptView(token, false, List.of(), Messages.words(e), null, null, List.of(), null, null, null)));
            return;
        }
        backend.dispatch();
        renderAccept(ctx, token, confirmation);
    }

    // ---- Partner access

    private void partnerAccess(Context ctx) {
        renderPartnerAccess(ctx, principal(ctx), notice(ctx.queryParam("notice")), null);
    }

    private void renderPartnerAccess(Context ctx, Principal actor, String notice, String error) {
        // The library refuses a delegated principal (DELEGATED_SESSION_NOT_ALLOWED): asked first, so the page is a 403.
        List<DelegatedSessionView> sessionViews = delegation().delegatedSessions(actor, SessionQuery.firstPage()).items();
        Optional<PartnerLink> link = delegation().currentPartner(actor);
        if (link.isEmpty()) {
            render(ctx, "partner-access.jte", Map.of("chrome", chrome(ctx, "Partner access"), "view",
                    new PartnerAccessView(false, null, null, null, List.of(), List.of(), List.of(), notice, error)));
            return;
        }
        PartnerLink l = link.get();
        RoleCatalogue catalogue = delegation().roleCatalogue();
        List<SessionLine> live = sessionViews.stream().filter(DelegatedSessionView::live)
                .map(s -> new SessionLine(s.sessionId().value().toString(), s.actorUser().value(), Views.time(s.issuedAt()),
                        Views.time(s.expiresAt()), roleNames(catalogue, s.roles()), s.reason().orElse("")))
                .toList();
        Instant now = delegation().clock().instant();
        List<LoginLine> logins = delegation().auditTrailOfTenant(actor, actor.tenantId(),
                        AuditRange.between(now.minus(Duration.ofDays(366)), now.plusSeconds(60))).items().stream()
                .filter(e -> e.type() == AuditEventType.DELEGATED_LOGIN)
                .sorted(Comparator.comparing(AuditEvent::occurredAt).reversed())
                .map(e -> new LoginLine(Views.time(e.occurredAt()), e.actorUser().value() + " (" + e.actorTenant().value() + ")",
                        roleNames(catalogue, e.roles()), e.reason().orElse("")))
                .toList();
        List<Option> roles = l.roles().stream().map(r -> new Option(r.key().value(), r.name(), true)).toList();
        render(ctx, "partner-access.jte", Map.of("chrome", chrome(ctx, "Partner access"), "view",
                new PartnerAccessView(true, partnerName(l.partnerEmail(), l.partnerAccountNumber()), Views.time(l.since()),
                        Views.time(l.accessUntil(), "No end date"), roles, logins, live, notice, error)));
    }

    private void partnerAccessAction(Context ctx, java.util.function.Consumer<Principal> action, String notice) {
        act(ctx, action, (actor, e) -> renderPartnerAccess(ctx, actor, null, Messages.words(e)), "/partner-access?notice=" + notice);
    }

    private void reduce(Context ctx) {
        partnerAccessAction(ctx, actor -> {
            Set<RoleKey> keep = new LinkedHashSet<>();
            for (String key : ctx.formParams("roles")) {
                keep.add(RoleKey.of(key));
            }
            PartnerLink link = delegation().currentPartner(actor)
                    .orElseThrow(() -> new Refusal(409, "Partner access", "No partner manages your tenant."));
            delegation().restrictPartnerAccess(actor, keep, link.endsAt());
        }, "reduced");
    }

    private void endSession(Context ctx) {
        partnerAccessAction(ctx, actor -> {
            SessionId id;
            try {
                id = SessionId.of(UUID.fromString(ctx.pathParam("id")));
            } catch (IllegalArgumentException e) {
                throw new Refusal(404, "Not found", "That session no longer exists.");
            }
            delegation().endDelegatedSession(actor, id);
        }, "session-ended");
    }

    private void disassociate(Context ctx) {
        partnerAccessAction(ctx, actor -> delegation().disassociatePartner(actor), "disassociated");
    }

    // ---- operator

    private void operator(Context ctx) {
        renderOperator(ctx, principal(ctx), notice(ctx.queryParam("notice")), null);
    }

    private void renderOperator(Context ctx, Principal operator, String notice, String error) {
        List<TenantLine> tenants = new ArrayList<>();
        List<AuditEvent> events = new ArrayList<>();
        for (Tenant seeded : DemoBackend.seedTenants()) {
            events.addAll(delegation().permissionAuditTrail(operator, seeded.id()));
            Tenant t = delegation().tenantDirectory().findById(seeded.id()).orElse(seeded);
            tenants.add(new TenantLine(t.id().value(), t.accountNumber().value(), t.administratorEmail().value(), t.partnerPermission()));
        }
        List<TrailLine> trail = events.stream().sorted(Comparator.comparing(AuditEvent::occurredAt).reversed())
                .map(e -> new TrailLine(Views.time(e.occurredAt()),
                        e.type() == AuditEventType.PARTNER_PERMISSION_GRANTED ? "Partner permission granted"
                                : e.type() == AuditEventType.PARTNER_PERMISSION_REVOKED ? "Partner permission revoked" : e.type().name(),
                        e.targetTenant().value(), e.actorUser().value()))
                .toList();
        render(ctx, "operator.jte", Map.of("chrome", chrome(ctx, "Operator"), "view", new OperatorView(tenants, trail, notice, error)));
    }

    private void permission(Context ctx, boolean grant) {
        Principal operator = principal(ctx);
        TenantId tenant;
        try {
            tenant = TenantId.of(Objects.requireNonNullElse(ctx.formParam("tenant"), ""));
        } catch (DelegationException e) {
            throw new Refusal(400, "Operator", "There is no such tenant.");
        }
        if (grant) {
            delegation().grantPartnerPermission(operator, tenant);
        } else {
            delegation().revokePartnerPermission(operator, tenant);
        }
        backend.dispatch();
        ctx.redirect("/operator?notice=" + (grant ? "granted" : "revoked"));
    }

    /** Unused outside the demo: the seed's operator, for the scheduled job. */
    static Principal operatorPrincipal() {
        return SeedTenants.operator();
    }
}
