package org.partnerdelegation.examples.web;

import io.javalin.http.Context;
import java.util.Map;
import java.util.Objects;
import org.partnerdelegation.examples.web.Views.SignInView;
import org.partnerdelegation.examples.web.WebSessions.WebSession;

/**
 * The sign-in picker (the host owns real authentication: here a visitor picks a demo user),
 * signing out, and the Reset button that seeds the demo again.
 */
final class SignInPages {

    private final WebSessions sessions;

    private final Pages pages;

    SignInPages(Pages pages, WebSessions sessions) {
        this.pages = pages;
        this.sessions = sessions;
    }

    void signInPage(Context ctx) {
        String notice = "reset".equals(ctx.queryParam("notice")) ? "The demo data was reset: every tenant is as seeded." : null;
        pages.render(ctx, "signin.jte", Map.of("chrome", pages.chrome(ctx, "Sign in"),
                "view", new SignInView(DemoUser.all(), Pages.localPath(ctx.queryParam("next")), notice)));
    }

    void signIn(Context ctx) {
        DemoUser user = DemoUser.byKey(Objects.requireNonNullElse(ctx.formParam("user"), ""))
                .orElseThrow(() -> new Refusal(400, "Sign in", "There is no such demo user."));
        // Whoever was signed in before leaves no delegated session behind.
        DelegatedRequests.endHeld(ctx, pages.delegation());
        sessions.remove(Pages.session(ctx).id());
        // Signing in is the demo's authentication: it is as fresh as the demo's clock says now.
        WebSession fresh = sessions.create(user.key(), pages.delegation().clock().instant());
        Cookies.set(ctx, WebSessions.COOKIE, fresh.id());
        DelegatedRequests.clear(ctx);
        String next = Pages.localPath(ctx.formParam("next"));
        ctx.redirect(next != null ? next : user.home());
    }

    void signOut(Context ctx) {
        DelegatedRequests.endHeld(ctx, pages.delegation());
        sessions.remove(Pages.session(ctx).id());
        Cookies.clear(ctx, WebSessions.COOKIE);
        ctx.redirect("/");
    }

    void reset(Context ctx) {
        DelegatedRequests.endHeld(ctx, pages.delegation());
        pages.backend().reset();
        sessions.clear();
        Cookies.clear(ctx, WebSessions.COOKIE);
        DelegatedRequests.clear(ctx);
        ctx.redirect("/?notice=reset");
    }
}
