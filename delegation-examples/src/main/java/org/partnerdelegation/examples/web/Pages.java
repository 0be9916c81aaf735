package org.partnerdelegation.examples.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.DelegableRole;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.RoleCatalogue;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.examples.web.Views.Banner;
import org.partnerdelegation.examples.web.Views.Chrome;
import org.partnerdelegation.examples.web.Views.ErrorView;
import org.partnerdelegation.examples.web.WebSessions.WebSession;

/**
 * What every page of the demo shares: who the request acts as, the page's frame (the signed-in
 * user, the CSRF token, the delegated session's banner), rendering a JTE template, the error page,
 * and running a form's action as the request's principal.
 */
final class Pages {

    /** The request attribute holding the visitor's {@link WebSession}, set before every handler. */
    static final String SESSION = "pd.session";

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
     * Who the request acts as: the delegated session's principal when the filter found a live one
     * on the request; otherwise the signed-in user. (A request whose delegated session ended gets
     * here only outside the console, as the signed-in user's own: under it the filter redirected
     * it to {@link DelegatedRequests#ENDED_PATH}.)
     */
    Principal principal(Context ctx) {
        Optional<DelegatedSession> delegated = DelegatedRequests.session(ctx);
        if (delegated.isPresent()) {
            return delegated.get().principal();
        }
        return session(ctx).principal()
                .orElseThrow(() -> new Refusal(401, "Sign in", "Sign in as a demo user first."));
    }

    Chrome chrome(Context ctx, String title) {
        WebSession session = session(ctx);
        Optional<DemoUser> user = session.user();
        Banner banner = DelegatedRequests.session(ctx)
                .map(s -> new Banner(s.subject().value(), s.actorUser().value())).orElse(null);
        return new Chrome(title, user.map(DemoUser::name).orElse(null), user.map(DemoUser::tenant).orElse(null),
                session.csrf(), banner);
    }

    void render(Context ctx, String template, Map<String, Object> params) {
        StringOutput out = new StringOutput();
        templates.render(template, params, out);
        ctx.html(out.toString());
    }

    /** The error page; plain text when the request failed before it had a session (no frame to draw). */
    void errorPage(Context ctx, int status, String heading, String message) {
        if (ctx.attribute(SESSION) == null) {
            ctx.status(status).result(message);
            return;
        }
        ctx.status(status);
        render(ctx, "error.jte", Map.of("chrome", chrome(ctx, heading), "view", new ErrorView(status, heading, message)));
    }

    /**
     * Runs a form's action as the request's principal: on success mails what it queued and redirects;
     * a refusal is shown on the page by {@code onRefusal}, with its status, except a delegated
     * session's, which goes to the error page (403).
     */
    void act(Context ctx, Consumer<Principal> action, BiConsumer<Principal, DelegationException> onRefusal, String redirect) {
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
        backend().dispatch();
        ctx.redirect(redirect);
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
        return path != null && path.startsWith("/") && !path.startsWith("//") && !path.contains("\\") ? path : null;
    }
}
