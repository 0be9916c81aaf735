package org.partnerdelegation.examples.web;

import io.javalin.http.Context;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.servlet.DelegatedSessionCookie;
import org.partnerdelegation.servlet.DelegatedSessionFilter;

/**
 * The demo's side of the delegated session. Every request passes {@code delegation-servlet}'s
 * {@link DelegatedSessionFilter}, installed on the demo's Jetty for every path: it validates the
 * token the request carries (its own HttpOnly, SameSite=Lax cookie, or an
 * {@code Authorization: Bearer} header; never a URL) and exposes the live session. A bearer token
 * that no longer validates (ended, expired, revoked) gets 401. A cookie that no longer validates
 * gets the same answer only under the console ({@link #CONSOLE_PATH}, delegated-only): the filter
 * clears it and redirects to {@link #ENDED_PATH}. On every other page the filter clears it and the
 * request goes on as the signed-in user's own, so that a cookie someone planted (under
 * {@code /partner-access}, say) cannot keep a customer administrator from the page where they end
 * sessions, nor anyone from signing out. This class reads what the filter found, and sets or
 * clears the cookie at login and at the session's end.
 */
final class DelegatedRequests {

    /**
     * The delegated session's own cookie: the filter's standard one, {@code __Host-pd_delegated_session}
     * (Secure) over HTTPS and {@link #COOKIE} over the plain HTTP the demo serves.
     */
    static final DelegatedSessionCookie SESSION_COOKIE = DelegatedSessionCookie.standard();
    /** The cookie's name over plain HTTP, as the demo serves it. */
    static final String COOKIE = DelegatedSessionFilter.DEFAULT_COOKIE_NAME;
    /** The delegated session's own pages: a cookie that no longer validates is refused there. */
    static final String CONSOLE_PATH = "/console";
    /** Where the filter sends a browser whose delegated session no longer validates, under {@link #CONSOLE_PATH}. */
    static final String ENDED_PATH = "/session-ended";

    private DelegatedRequests() {
    }

    /** Whether the request is for the console's pages, the only ones that act as the delegated session. */
    static boolean inConsole(Context ctx) {
        String path = ctx.path();
        return path.equals(CONSOLE_PATH) || path.startsWith(CONSOLE_PATH + "/");
    }

    /**
     * Hands the browser the token of a session it just opened, ending the one it held before (a
     * second Login, into the same customer or another): a browser holds one delegated session.
     */
    static void replace(Context ctx, PartnerDelegation delegation, String token) {
        liveToken(ctx, delegation).ifPresent(delegation::endSession);
        store(ctx, token);
    }

    /** The live delegated session the filter found on this request. */
    static Optional<DelegatedSession> session(Context ctx) {
        return DelegatedSessionFilter.sessionOf(ctx.req());
    }

    /**
     * The token of the request's live session, to end it: read only when the filter validated it,
     * from where the filter read it (the header wins over the cookie). Of several cookies of the
     * name (one planted next to the real one), the one whose token opens that very session.
     */
    static Optional<String> liveToken(Context ctx, PartnerDelegation delegation) {
        Optional<DelegatedSession> live = session(ctx);
        if (live.isEmpty()) {
            return Optional.empty();
        }
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(header.substring(7).strip());
        }
        Cookie[] cookies = ctx.req().getCookies();
        String name = SESSION_COOKIE.name(ctx.req());
        for (Cookie cookie : cookies == null ? new Cookie[0] : cookies) {
            if (cookie.getName().equals(name) && delegation.validateSession(cookie.getValue())
                    .filter(s -> s.id().equals(live.get().id())).isPresent()) {
                return Optional.of(cookie.getValue());
            }
        }
        return Optional.empty();
    }

    /** Hands the browser the session's token in its own cookie, written by the filter's helper. */
    static void store(Context ctx, String token) {
        ctx.res().addCookie(SESSION_COOKIE.issue(ctx.req(), token));
    }

    /**
     * Ends the delegated session the browser holds, if the request carries a live one, and removes
     * its cookie: signing out, signing in as someone else, Reset and a new Login must not leave a
     * session that answers to a replayed token.
     */
    static void endHeld(Context ctx, PartnerDelegation delegation) {
        liveToken(ctx, delegation).ifPresent(delegation::endSession);
        clear(ctx);
    }

    /** Removes the cookie. */
    static void clear(Context ctx) {
        ctx.res().addCookie(SESSION_COOKIE.clear(ctx.req()));
    }

    /**
     * The filter the demo installs: a {@link DelegatedSessionFilter} over the current facade, which
     * the Reset button replaces (a new database, a new facade), so the filter is rebuilt with it.
     * While the demo is starting (no facade yet) requests pass, and the pages answer 503.
     */
    static final class CurrentFilter implements Filter {
        private final Supplier<PartnerDelegation> facade;
        private volatile Built built;

        private record Built(PartnerDelegation facade, DelegatedSessionFilter filter) {
        }

        CurrentFilter(Supplier<PartnerDelegation> facade) {
            this.facade = facade;
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            PartnerDelegation current = facade.get();
            if (current == null) {
                chain.doFilter(request, response);
                return;
            }
            Built b = built;
            if (b == null || b.facade() != current) {
                b = new Built(current, DelegatedSessionFilter.builder(current).cookie(SESSION_COOKIE)
                        .delegatedOnly(CONSOLE_PATH).redirectOnRefusal(ENDED_PATH).build());
                built = b;
            }
            b.filter().doFilter(request, response, chain);
        }
    }
}
