package org.partnerdelegation.examples.web;

import io.javalin.http.Context;
import java.util.Map;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.examples.web.Views.ConsoleView;

/**
 * The delegated session's landing page (a stand-in for the host's admin console of the customer
 * tenant), ending the session from its banner, and the page a browser is sent to when its
 * delegated session no longer validates.
 */
final class ConsolePages {

    private final Pages pages;

    ConsolePages(Pages pages) {
        this.pages = pages;
    }

    void console(Context ctx) {
        DelegatedSession session = DelegatedRequests.session(ctx).orElseThrow(() -> new Refusal(401, "No delegated session",
                "This page is the customer's console, reached through Login on Account Management."));
        // The delegated session belongs to the sign-in that opened it: once that sign-in is gone (signed out in another
        // tab, or the demo restarted and forgot its sign-ins), the session ends rather than answer to a cookie alone.
        // (A bearer client has no sign-in here: its token stands alone, as an API client's does.)
        String authorization = ctx.header("Authorization");
        boolean bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
        boolean ownSignIn = bearer || Pages.session(ctx).principal()
                .filter(p -> p.tenantId().equals(session.actorTenant()) && p.userId().equals(session.actorUser())).isPresent();
        if (!ownSignIn) {
            DelegatedRequests.endHeld(ctx, pages.delegation());
            ctx.redirect(DelegatedRequests.ENDED_PATH);
            return;
        }
        String tenant = pages.delegation().tenantDirectory().findById(session.customerTenant())
                .map(t -> t.id().value() + " (" + t.accountNumber().value() + ")").orElse(session.customerTenant().value());
        pages.render(ctx, "console.jte", Map.of("chrome", pages.chrome(ctx, "Customer console"), "view",
                new ConsoleView(tenant, session.subject().value(), session.actorUser().value() + " of " + session.actorTenant().value(),
                        Pages.roleNames(pages.delegation().roleCatalogue(), session.roles()), Views.time(session.expiresAt()))));
    }

    void endOwnSession(Context ctx) {
        DelegatedRequests.liveToken(ctx, pages.delegation()).ifPresent(token -> pages.delegation().endSession(token));
        DelegatedRequests.clear(ctx);
        ctx.redirect(Pages.session(ctx).user().isPresent() ? "/accounts?notice=ended" : "/");
    }

    /** Where the filter sends a browser whose delegated session no longer validates (it cleared the cookie). */
    void sessionEnded(Context ctx) {
        pages.errorPage(ctx, 401, "Session ended", "Your delegated session has ended: the customer ended it, it expired,"
                + " or the access was withdrawn. Log in again from Account Management.");
    }
}
