package org.partnerdelegation.examples.web;

import io.javalin.http.Context;
import java.util.Optional;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.usecase.PartnerDelegation;

/**
 * Turns a request's delegated session into its principal: the one piece of HTTP a host needs for
 * delegation. The token travels only in its own HttpOnly, SameSite=Lax cookie (or an
 * {@code Authorization: Bearer} header), never in a URL; each request asks
 * {@link PartnerDelegation#validateSession(String)}, and acts as the session's principal
 * ({@code DelegatedSession::principal}), never as an administrator principal the demo builds.
 *
 * <p>Kept in this one class so that the servlet filter of {@code delegation-servlet} can replace it.
 */
final class DelegatedRequests {

    /** The delegated session's own cookie. */
    static final String COOKIE = "pd_delegated";

    private DelegatedRequests() {
    }

    /** What a request carries. */
    sealed interface Outcome {
    }

    /** No delegated session token: the request acts as the signed-in user. */
    record None() implements Outcome {
    }

    /** A token of a live session: the request acts as the session's principal. */
    record Valid(DelegatedSession session, String token) implements Outcome {
    }

    /** A token that no longer validates (ended, expired, revoked): the request is refused with 401. */
    record Ended() implements Outcome {
    }

    /** Reads the token from the cookie or the bearer header and validates it. */
    static Outcome resolve(Context ctx, PartnerDelegation delegation) {
        Optional<String> token = token(ctx);
        if (token.isEmpty()) {
            return new None();
        }
        return delegation.validateSession(token.get())
                .<Outcome>map(session -> new Valid(session, token.get()))
                .orElseGet(Ended::new);
    }

    /** The token the request carries, if any. */
    static Optional<String> token(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && header.length() > 7) {
            return Optional.of(header.substring(7).strip());
        }
        String cookie = ctx.cookie(COOKIE);
        return cookie == null || cookie.isBlank() ? Optional.empty() : Optional.of(cookie);
    }

    /** Hands the browser the session's token in its own cookie. */
    static void store(Context ctx, String token) {
        Cookies.set(ctx, COOKIE, token);
    }

    /** Removes the cookie. */
    static void clear(Context ctx) {
        Cookies.clear(ctx, COOKIE);
    }
}
