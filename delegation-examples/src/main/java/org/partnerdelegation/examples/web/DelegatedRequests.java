package org.partnerdelegation.examples.web;

import io.javalin.http.Context;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.servlet.DelegatedSessionFilter;

/**
 * The demo's side of the delegated session. Every request passes {@code delegation-servlet}'s
 * {@link DelegatedSessionFilter}, installed on the demo's Jetty for every path: it validates the
 * token the request carries (its own HttpOnly, SameSite=Lax cookie, or an
 * {@code Authorization: Bearer} header; never a URL) and exposes the live session. A refused token
 * (ended, expired, revoked) never reaches the pages: the filter clears the cookie and redirects to
 * {@link #ENDED_PATH}, or answers 401 to a bearer client. This class reads what the filter found,
 * and sets or clears the cookie at login and at the session's end.
 */
final class DelegatedRequests {

    /** The delegated session's own cookie: the filter's default. */
    static final String COOKIE = DelegatedSessionFilter.DEFAULT_COOKIE_NAME;
    /** Where the filter sends a browser whose delegated session no longer validates. */
    static final String ENDED_PATH = "/session-ended";

    private DelegatedRequests() {
    }

    /** The live delegated session the filter found on this request. */
    static Optional<DelegatedSession> session(Context ctx) {
        return DelegatedSessionFilter.sessionOf(ctx.req());
    }

    /**
     * The token of the request's live session, to end it: read only when the filter validated it,
     * from where the filter read it (the header wins over the cookie).
     */
    static Optional<String> liveToken(Context ctx) {
        if (session(ctx).isEmpty()) {
            return Optional.empty();
        }
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(header.substring(7).strip());
        }
        return Optional.ofNullable(ctx.cookie(COOKIE));
    }

    /** Hands the browser the session's token in its own cookie. */
    static void store(Context ctx, String token) {
        Cookies.set(ctx, COOKIE, token);
    }

    /** Removes the cookie. */
    static void clear(Context ctx) {
        Cookies.clear(ctx, COOKIE);
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
                b = new Built(current, DelegatedSessionFilter.builder(current).redirectOnRefusal(ENDED_PATH).build());
                built = b;
            }
            b.filter().doFilter(request, response, chain);
        }
    }
}
