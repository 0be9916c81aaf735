package org.partnerdelegation.examples.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.DelegableRole;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Reason;
import org.partnerdelegation.core.domain.RoleCatalogue;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.examples.web.Views.Banner;
import org.partnerdelegation.examples.web.Views.Chrome;
import org.partnerdelegation.examples.web.Views.ConfirmView;
import org.partnerdelegation.examples.web.Views.ErrorView;
import org.partnerdelegation.examples.web.Views.MenuItem;
import org.partnerdelegation.examples.web.Views.Option;
import org.partnerdelegation.examples.web.WebSessions.Flash;
import org.partnerdelegation.examples.web.WebSessions.WebSession;

/**
 * What every page of the demo shares: who the request acts as, the page's frame (the signed-in
 * user, the CSRF token, the delegated session's banner), rendering a JTE template, the error page,
 * and running a form's action as the request's principal.
 */
final class Pages {

    /** The request attribute holding the visitor's {@link WebSession}, set before every handler. */
    static final String SESSION = "pd.session";
    /** The request attribute set once a page of the demo was rendered for the request. */
    static final String RENDERED = "pd.rendered";
    /** A refused form keeps at most this many fields (and values per field) to show again... */
    private static final int MAX_KEPT_FIELDS = 16;
    /** ...each at most this long: what a person types into the demo's forms, not a body of a megabyte. */
    private static final int MAX_KEPT_LENGTH = 1_000;

    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
    private final Supplier<DemoBackend> backend;

    Pages(Supplier<DemoBackend> backend) {
        this.backend = backend;
    }

    static WebSession session(Context ctx) {
        return Objects.requireNonNull(ctx.attribute(SESSION));
    }

    DemoBackend backend() {
        return backend.get();
    }

    PartnerDelegation delegation() {
        return backend.get().delegation();
    }

    /**
     * Who the request acts as: under the console ({@link DelegatedRequests#CONSOLE_PATH}), the
     * delegated session's principal; on every other page, the signed-in user, whether or not the
     * browser also holds a delegated session. So a partner keeps their own Account Management in
     * every tab while a delegated session is open, and a delegated session never reaches a page
     * that is not the customer's console. (Under the console a session that ended never gets here:
     * the filter sent the request to {@link DelegatedRequests#ENDED_PATH}.)
     */
    Principal principal(Context ctx) {
        if (DelegatedRequests.inConsole(ctx)) {
            return DelegatedRequests.session(ctx).map(DelegatedSession::principal)
                    .orElseThrow(() -> new Refusal(401, "No delegated session",
                            "This page is the customer's console, reached through Login on Account Management."));
        }
        return session(ctx).principal()
                .orElseThrow(() -> new Refusal(401, "Sign in", "Sign in as a demo user first."));
    }

    Chrome chrome(Context ctx, String title) {
        WebSession session = session(ctx);
        Optional<DemoUser> user = session.user();
        boolean inConsole = DelegatedRequests.inConsole(ctx);
        Banner banner = DelegatedRequests.session(ctx)
                .map(s -> new Banner(s.subject().value(), s.actorUser().value(), inConsole)).orElse(null);
        String home = user.map(DemoUser::home).orElse("/");
        // A page that shows the previous form's outcome in a place of its own has taken it already.
        Optional<Flash> flash = flash(ctx);
        return new Chrome(title, user.map(DemoUser::name).orElse(null), user.map(DemoUser::tenant).orElse(null),
                session.csrf(), banner, menu(ctx, user, banner != null), home, here(ctx),
                flash.map(Flash::notice).orElse(null), flash.map(Flash::error).orElse(null));
    }

    /** The menu that fits the user: their own pages, the console while they hold a session, the mailbox, the picker. */
    private static List<MenuItem> menu(Context ctx, Optional<DemoUser> user, boolean holdsDelegatedSession) {
        List<MenuItem> items = new ArrayList<>();
        String path = ctx.path();
        user.ifPresent(u -> {
            switch (u.home()) {
                case "/accounts" -> items.add(new MenuItem("/accounts", "Account Management", "nav-accounts", path.startsWith("/accounts")));
                case "/partner-access" -> items.add(new MenuItem("/partner-access", "Partner access", "nav-partner-access",
                        path.startsWith("/partner-access")));
                default -> items.add(new MenuItem("/operator", "Operator", "nav-operator", path.startsWith("/operator")));
            }
        });
        if (holdsDelegatedSession) {
            items.add(new MenuItem(DelegatedRequests.CONSOLE_PATH, "Customer console", "nav-console",
                    path.startsWith(DelegatedRequests.CONSOLE_PATH)));
        }
        items.add(new MenuItem("/mailbox", "Demo mailbox", "nav-mailbox", path.startsWith("/mailbox")));
        items.add(new MenuItem("/", user.isPresent() ? "Switch user" : "Sign in", "nav-signin", path.equals("/")));
        return List.copyOf(items);
    }

    /** This request's path and query, for a form to come back to; only a GET's (a POST's page is never shown). */
    private static String here(Context ctx) {
        String query = ctx.queryString();
        return ctx.path() + (query == null || query.isEmpty() ? "" : "?" + query);
    }

    void render(Context ctx, String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        templates.render(template, params, out);
        ctx.attribute(RENDERED, Boolean.TRUE);
        ctx.html(out.toString());
    }

    /**
     * The error page, with the menu; plain text when the request failed before it had a session
     * (no frame to draw). A refused form is not shown here but on its own page: see {@link #refuseForm}.
     */
    void errorPage(Context ctx, int status, String heading, String message) {
        if (ctx.attribute(SESSION) == null) {
            ctx.status(status).result(message);
            return;
        }
        ctx.status(status);
        render(ctx, "error.jte", Map.of("chrome", chrome(ctx, heading), "view", new ErrorView(status, heading, message)));
    }

    /**
     * A refused form: its page is shown again after a redirect (so that a refresh never sends the
     * form again), with the refusal and what was typed. The page is the form's {@code back} field
     * when it is a path of this site, else {@code otherwise}.
     */
    void refuseForm(Context ctx, int status, String error, String otherwise) {
        // What was typed, within what the demo's forms hold: no field of another name's size is kept.
        Map<String, List<String>> form = new LinkedHashMap<>();
        ctx.formParamMap().entrySet().stream().filter(f -> !f.getKey().equals("csrf")).limit(MAX_KEPT_FIELDS)
                .forEach(f -> form.put(f.getKey(), f.getValue().stream().filter(v -> v.length() <= MAX_KEPT_LENGTH).limit(MAX_KEPT_FIELDS)
                        .toList()));
        session(ctx).flash(new Flash(null, error, status, form));
        String back = localPath(ctx.formParam("back"));
        ctx.redirect(back != null ? back : otherwise);
    }

    /**
     * Runs a form's action as the request's principal: on success mails what it queued and
     * redirects to {@code redirect}, with {@code notice} shown there once; a refusal throws on, to
     * be shown on the form's page ({@link #refuseForm}).
     */
    void act(Context ctx, Consumer<Principal> action, String redirect, String notice) {
        action.accept(principal(ctx));
        backend().dispatch();
        if (notice != null) {
            session(ctx).flash(Flash.notice(notice));
        }
        ctx.redirect(redirect);
    }

    /**
     * The page that asks before a destructive action: {@code effects} say what will happen, an
     * optional reason goes into the audit trail, and only its button (a POST to {@code action}) acts.
     */
    void confirm(Context ctx, String title, String question, List<String> effects, String action, String button, String cancel,
                 List<Option> hidden, Optional<Flash> flash) {
        render(ctx, "confirm.jte", Map.of("chrome", chrome(ctx, title), "view", new ConfirmView(question, effects, action, button,
                cancel, hidden, flash.map(f -> f.field("reason", "")).orElse(""), flash.map(Flash::error).orElse(null))));
    }

    /** The reason a confirmation page sent: none when left empty; refused in words when the library would not record it. */
    static Optional<Reason> reason(Context ctx) {
        String text = ctx.formParam("reason");
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(Reason.of(text));
    }

    /** The outcome the previous form left for this page, taken (shown once), with its status set on the response. */
    static Optional<Flash> flash(Context ctx) {
        Optional<Flash> flash = session(ctx).takeFlash();
        flash.ifPresent(f -> ctx.status(f.status()));
        return flash;
    }

    /** The notice of the previous form, or the one a link names ({@code ?notice=key}), or null. */
    static String notice(Context ctx, Optional<Flash> flash) {
        return flash.map(Flash::notice).orElseGet(() -> notice(ctx.queryParam("notice")));
    }

    /** The notice a page shows after a redirect ({@code ?notice=key}), or null. */
    static String notice(String key) {
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

    /** The catalogue's role whose key is {@code key} as a form sent it (so possibly no key at all). */
    static Optional<DelegableRole> role(RoleCatalogue catalogue, String key) {
        return catalogue.roles().stream().filter(r -> r.key().value().equals(key)).findFirst();
    }

    static String roleNames(RoleCatalogue catalogue, Set<RoleKey> keys) {
        return catalogue.describe(keys).stream().map(DelegableRole::name).collect(Collectors.joining(", "));
    }

    static String partnerName(Optional<EmailAddress> email, Optional<AccountNumber> account) {
        return email.map(EmailAddress::value).orElse("A partner no longer listed")
                + account.map(a -> " (account " + a.value() + ")").orElse("");
    }

    /**
     * The partner by its display name, beside the email and account number a customer can check
     * ({@code Acme Reseller (admin@acme-reseller.example, account P-1001)}); without a name, as above.
     */
    static String partnerName(Optional<String> name, Optional<EmailAddress> email, Optional<AccountNumber> account) {
        if (name.isEmpty()) {
            return partnerName(email, account);
        }
        return name.get() + " (" + email.map(EmailAddress::value).orElse("a partner no longer listed")
                + account.map(a -> ", account " + a.value()).orElse("") + ")";
    }

    /** {@code path} when it is a path of this site (never another host), else null. */
    static String localPath(String path) {
        // Printable ASCII only, so that the check does not rely on the server rewriting what a header may not hold.
        return path != null && path.startsWith("/") && !path.startsWith("//") && !path.contains("\\")
                && path.chars().allMatch(c -> c > 0x20 && c < 0x7f) ? path : null;
    }
}
