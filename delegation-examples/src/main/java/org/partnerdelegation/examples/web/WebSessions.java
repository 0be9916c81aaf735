package org.partnerdelegation.examples.web;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.partnerdelegation.core.domain.Authentication;
import org.partnerdelegation.core.domain.Principal;

/**
 * The demo's own sign-in sessions, in memory: a random id in an HttpOnly, SameSite=Lax cookie,
 * mapping to the demo user picked (if any) and the session's CSRF token. This is the host's login,
 * not the library's: the delegated session has a cookie of its own ({@link DelegatedRequests}).
 */
final class WebSessions {

    /** The sign-in session's cookie. */
    static final String COOKIE = "pd_demo_session";

    private static final SecureRandom RANDOM = new SecureRandom();
    /** How many sessions the demo keeps: past it the least recently used goes, so no flood of visitors fills the memory. */
    static final int MAX_SESSIONS = 10_000;

    private final Map<String, WebSession> sessions = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, WebSession> eldest) {
            return size() > MAX_SESSIONS;
        }
    });

    /** The session with {@code id}, if it exists. */
    Optional<WebSession> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(sessions.get(id));
    }

    /**
     * A new session for {@code userKey} (null: nobody signed in yet), with a fresh id and CSRF token,
     * signed in at {@code signedInAt} (null when nobody is).
     */
    WebSession create(String userKey, Instant signedInAt) {
        WebSession session = new WebSession(randomToken(), randomToken(), userKey, signedInAt, new AtomicReference<>());
        sessions.put(session.id(), session);
        return session;
    }

    /** Forgets {@code id}. */
    void remove(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    /** Forgets every session (after a reset of the demo). */
    void clear() {
        sessions.clear();
    }

    /** 32 random bytes, URL-safe Base64. */
    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * One browser's session.
     *
     * @param id      the cookie's value
     * @param csrf    the token every state-changing form carries
     * @param userKey    the demo user signed in, or null
     * @param signedInAt when the user signed in, by the demo's clock; null when nobody is signed in
     * @param flash      what the page after a redirect shows once: the outcome of the form posted before it
     */
    record WebSession(String id, String csrf, String userKey, Instant signedInAt, AtomicReference<Flash> flash) {

        /**
         * How the demo's sign-in stands for a host's: a password and a one-time code, the two
         * factors a delegated login asks for (OpenID Connect's {@code amr} values).
         */
        static final String[] SIGN_IN_METHODS = {"pwd", "otp"};

        WebSession {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(csrf, "csrf");
            Objects.requireNonNull(flash, "flash");
            if ((userKey == null) != (signedInAt == null)) {
                throw new IllegalArgumentException("a signed-in session has a sign-in time, and only it");
            }
        }

        /** The signed-in user. */
        Optional<DemoUser> user() {
            return userKey == null ? Optional.empty() : DemoUser.byKey(userKey);
        }

        /**
         * The signed-in user's principal, carrying how and when they signed in, as a host's login
         * would state it: the library asks for a fresh multi-factor authentication before a
         * delegated login, so once the sign-in is older than that, signing in again is the step-up.
         */
        Optional<Principal> principal() {
            return user().map(u -> u.principal().withAuthentication(Authentication.of(signedInAt, SIGN_IN_METHODS)));
        }

        /** Leaves {@code outcome} for the next page this browser shows. */
        void flash(Flash outcome) {
            flash.set(outcome);
        }

        /** The outcome left for this page, taken: a refresh shows the page without it. */
        Optional<Flash> takeFlash() {
            return Optional.ofNullable(flash.getAndSet(null));
        }

        /** Whether {@code submitted} is this session's CSRF token (compared in constant time). */
        boolean csrfMatches(String submitted) {
            return submitted != null && MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8),
                    submitted.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * The outcome of a form, carried over the redirect that follows every POST (so that a refresh
     * never sends it again): a notice, or a refusal with its status and what was typed.
     *
     * @param notice what was done, or null
     * @param error  why the form was refused, or null
     * @param status the status the page is shown with
     * @param form   the fields as they were sent (the CSRF token left out), to fill the form again
     */
    record Flash(String notice, String error, int status, Map<String, List<String>> form) {

        Flash {
            form = Map.copyOf(form);
        }

        /** A notice after a form that did what it asked. */
        static Flash notice(String notice) {
            return new Flash(notice, null, 200, Map.of());
        }

        /** The first value of {@code field} as it was sent, or {@code otherwise}. */
        String field(String field, String otherwise) {
            List<String> values = form.get(field);
            return values == null || values.isEmpty() ? otherwise : values.get(0);
        }
    }
}
