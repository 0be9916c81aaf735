package org.partnerdelegation.servlet;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.usecase.PartnerDelegation;

/**
 * A servlet filter that turns the delegated session token a request carries into the request's
 * delegated principal: it reads the token, checks it with
 * {@link PartnerDelegation#validateSession(String)} and, when the session is live, sets the
 * request attributes {@link #SESSION_ATTRIBUTE} (the {@link DelegatedSession}) and
 * {@link #PRINCIPAL_ATTRIBUTE} (its {@link DelegatedSession#principal() principal}, and never any
 * other) before passing the request on. The host's servlets read them with
 * {@link #sessionOf(ServletRequest)} and {@link #principalOf(ServletRequest)}.
 *
 * <p><b>Where the token is read.</b> From the {@code Authorization: Bearer <token>} header and
 * from a cookie of its own ({@value #DEFAULT_COOKIE_NAME} unless {@link Builder#cookieName}
 * says otherwise); either can be switched off. When a request carries both, <b>the header
 * wins</b>: the client set it for this request, while a browser sends a cookie with every
 * request, perhaps one left from an earlier session. The cookie is then not looked at, so a
 * request whose header holds an invalid token is refused even when its cookie is valid. An
 * {@code Authorization} header of another scheme ({@code Basic}, ...) is left to the host. A
 * token in the URL (a query parameter such as {@code access_token}) is never read: URLs end up in
 * logs, browser histories and {@code Referer} headers.
 *
 * <p><b>What it answers.</b>
 * <ul>
 *   <li>A live session: the attributes are set and the chain goes on.</li>
 *   <li>A token that does not open a live session (malformed, unknown, expired, ended, its
 *       delegation no longer connected or its grant ended: {@code validateSession}'s reasons, which
 *       the answer does not tell apart): {@code 401} with
 *       {@code WWW-Authenticate: Bearer error="invalid_token"} and a one-line body, or, when
 *       {@link Builder#redirectOnRefusal(String)} is set and the token did not come in an
 *       {@code Authorization} header, a redirect to that URL (an API client that sends the header
 *       gets the 401 it can handle, a browser the host's sign-in page). When the token came in the
 *       cookie, the answer also clears the cookie, so that the browser does not send it again. The
 *       chain does not go on.</li>
 *   <li>No token: the chain goes on untouched, so that the host's own authentication handles the
 *       request; in {@link Builder#required(boolean) required} mode it is refused instead, with
 *       {@code 401} and {@code WWW-Authenticate: Bearer} (or the redirect).</li>
 *   <li>The storage cannot answer ({@link ErrorCode#STORAGE_UNAVAILABLE}, or
 *       {@link ErrorCode#CONCURRENT_UPDATE}): {@code 503} with {@code Retry-After}
 *       ({@link Builder#retryAfter(Duration)}). Any other failure of the check: {@code 500}. Neither
 *       carries a stack trace or the failure's message; both are logged (below). A request is never
 *       let through because its check failed.</li>
 * </ul>
 * Every answer of the filter's own is {@code text/plain}, carries {@code Cache-Control: no-store},
 * and never echoes the token.
 *
 * <p>The filter sets only its two attributes: it does not touch {@code getUserPrincipal()},
 * {@code getRemoteUser()} or the HTTP session, and it removes both attributes from every request
 * it sees before checking it, so that a request without a valid token never carries them.
 *
 * <p><b>Logging.</b> Through {@link System.Logger}, logger name this class's name:
 * {@code WARNING} when the storage is unavailable, {@code ERROR} for any other failure of the
 * check, each with the exception. Nothing else, and never the token: the core hashes it before
 * the storage sees it.
 *
 * <p>Immutable and thread-safe: one instance serves every request. It has no public no-argument
 * constructor, since it needs the facade: register an instance with
 * {@code ServletContext.addFilter(String, Filter)} (from a {@code ServletContextListener} or a
 * {@code ServletContainerInitializer}) or as a framework's bean.
 */
public final class DelegatedSessionFilter implements Filter {

    /** The cookie read unless {@link Builder#cookieName(String)} names another. */
    public static final String DEFAULT_COOKIE_NAME = "pd_delegated_session";
    /** The request attribute holding the live {@link DelegatedSession} of the request. */
    public static final String SESSION_ATTRIBUTE = "org.partnerdelegation.servlet.session";
    /**
     * The request attribute holding the request's {@link Principal}: the session's own
     * {@link DelegatedSession#principal()}, never another.
     */
    public static final String PRINCIPAL_ATTRIBUTE = "org.partnerdelegation.servlet.principal";
    /** How long a client is told to wait when the storage is unavailable, unless the builder says otherwise. */
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(10);

    private static final System.Logger LOG = System.getLogger(DelegatedSessionFilter.class.getName());
    private static final String BEARER = "Bearer";
    private static final String INVALID_TOKEN_BODY = "The delegated session is not valid or has ended.";
    private static final String MISSING_TOKEN_BODY = "A delegated session is required.";
    private static final String UNAVAILABLE_BODY = "The service is unavailable for a moment. Try again shortly.";
    private static final String FAILED_BODY = "The delegated session could not be checked.";

    /** Where a request's token came from. */
    private enum Source { AUTHORIZATION_HEADER, COOKIE }

    /** A token as the request presented it. */
    private record Presented(String token, Source source) {
        @Override
        public String toString() {
            return "Presented[" + source + ", token redacted]";
        }
    }

    private final PartnerDelegation delegation;
    private final boolean readAuthorizationHeader;
    private final boolean readCookie;
    private final String cookieName;
    private final String cookiePath;
    private final boolean required;
    private final Optional<String> redirectUrl;
    private final long retryAfterSeconds;

    private DelegatedSessionFilter(Builder builder) {
        this.delegation = builder.delegation;
        this.readAuthorizationHeader = builder.readAuthorizationHeader;
        this.readCookie = builder.readCookie;
        this.cookieName = builder.cookieName;
        this.cookiePath = builder.cookiePath;
        this.required = builder.required;
        this.redirectUrl = Optional.ofNullable(builder.redirectUrl);
        this.retryAfterSeconds = builder.retryAfter.toSeconds();
    }

    /**
     * A builder of a filter checking tokens with the given facade. Its defaults: both the
     * {@code Authorization: Bearer} header and the cookie {@value #DEFAULT_COOKIE_NAME} are read,
     * a request without a token passes, a refusal is a 401, and a client is told to retry after
     * {@link #DEFAULT_RETRY_AFTER} when the storage is unavailable.
     *
     * @param delegation the facade whose {@link PartnerDelegation#validateSession(String)} checks each token
     * @return a new builder
     * @throws NullPointerException when {@code delegation} is null
     */
    public static Builder builder(PartnerDelegation delegation) {
        return new Builder(Objects.requireNonNull(delegation, "delegation"));
    }

    /**
     * The live delegated session the filter found for a request.
     *
     * @param request a request the filter has seen
     * @return the session; empty when the request carried no valid token, or the filter did not see it
     * @throws NullPointerException when {@code request} is null
     */
    public static Optional<DelegatedSession> sessionOf(ServletRequest request) {
        Objects.requireNonNull(request, "request");
        return request.getAttribute(SESSION_ATTRIBUTE) instanceof DelegatedSession session
                ? Optional.of(session) : Optional.empty();
    }

    /**
     * The principal a request made with a delegated session acts as: always the session's own
     * {@link DelegatedSession#principal()}, to pass to the library's use cases and to the host's
     * own checks ({@link Principal#isDelegated()}, {@link Principal#actingPartner()}).
     *
     * @param request a request the filter has seen
     * @return the delegated principal; empty when the request carried no valid token, or the filter did not see it
     * @throws NullPointerException when {@code request} is null
     */
    public static Optional<Principal> principalOf(ServletRequest request) {
        return sessionOf(request).map(DelegatedSession::principal);
    }

    /**
     * Checks the request's token and passes the request on, or answers it (see the class comment).
     * A request that is not an HTTP request passes untouched.
     *
     * @param req   the request
     * @param res   the response
     * @param chain the rest of the chain
     * @throws IOException      when writing the answer fails, or as the chain throws it
     * @throws ServletException as the chain throws it
     */
    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        // Whatever set them before (a forward, an earlier pass), only this check may vouch for this request.
        request.removeAttribute(SESSION_ATTRIBUTE);
        request.removeAttribute(PRINCIPAL_ATTRIBUTE);

        Optional<Presented> presented = presentedToken(request);
        if (presented.isEmpty()) {
            if (required) {
                refuse(request, response, Optional.empty());
            } else {
                chain.doFilter(request, response);
            }
            return;
        }

        Optional<DelegatedSession> session;
        try {
            session = delegation.validateSession(presented.get().token());
        } catch (DelegationException e) {
            if (e.code() == ErrorCode.STORAGE_UNAVAILABLE || e.code() == ErrorCode.CONCURRENT_UPDATE) {
                LOG.log(Level.WARNING, "Delegated session check failed, answered 503: " + e.code(), e);
                response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
                answer(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, UNAVAILABLE_BODY);
            } else {
                failed(response, e);
            }
            return;
        } catch (RuntimeException e) {
            failed(response, e);
            return;
        }

        if (session.isEmpty()) {
            refuse(request, response, presented);
            return;
        }
        DelegatedSession live = session.get();
        request.setAttribute(SESSION_ATTRIBUTE, live);
        request.setAttribute(PRINCIPAL_ATTRIBUTE, live.principal());
        chain.doFilter(request, response);
    }

    /** The token the request presents: the header's when there is one, else the cookie's. */
    private Optional<Presented> presentedToken(HttpServletRequest request) {
        if (readAuthorizationHeader) {
            String header = request.getHeader("Authorization");
            if (header != null) {
                String value = header.strip();
                // The scheme is case-insensitive (RFC 9110); another scheme is the host's business.
                if (value.regionMatches(true, 0, BEARER, 0, BEARER.length())
                        && (value.length() == BEARER.length() || Character.isWhitespace(value.charAt(BEARER.length())))) {
                    return Optional.of(new Presented(value.substring(BEARER.length()).strip(), Source.AUTHORIZATION_HEADER));
                }
            }
        }
        if (readCookie) {
            Cookie[] cookies = request.getCookies();
            if (cookies != null) {
                for (Cookie cookie : cookies) {
                    // An empty value is what a cleared cookie looks like: no token.
                    if (cookieName.equals(cookie.getName()) && cookie.getValue() != null && !cookie.getValue().isBlank()) {
                        return Optional.of(new Presented(cookie.getValue().strip(), Source.COOKIE));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Refuses a request whose token is invalid ({@code presented} present) or missing. */
    private void refuse(HttpServletRequest request, HttpServletResponse response, Optional<Presented> presented)
            throws IOException {
        boolean fromCookie = presented.isPresent() && presented.get().source() == Source.COOKIE;
        if (fromCookie) {
            response.addCookie(clearingCookie(request));
        }
        boolean fromHeader = presented.isPresent() && presented.get().source() == Source.AUTHORIZATION_HEADER;
        if (redirectUrl.isPresent() && !fromHeader) {
            response.setHeader("Cache-Control", "no-store");
            response.sendRedirect(redirectUrl.get());
            return;
        }
        // RFC 6750: an error code only when a token was sent.
        response.setHeader("WWW-Authenticate", presented.isPresent() ? BEARER + " error=\"invalid_token\"" : BEARER);
        answer(response, HttpServletResponse.SC_UNAUTHORIZED, presented.isPresent() ? INVALID_TOKEN_BODY : MISSING_TOKEN_BODY);
    }

    /** The cookie that makes the browser forget the token cookie. */
    private Cookie clearingCookie(HttpServletRequest request) {
        Cookie gone = new Cookie(cookieName, "");
        gone.setMaxAge(0);
        gone.setPath(cookiePath);
        gone.setHttpOnly(true);
        gone.setSecure(request.isSecure() || cookieName.startsWith("__Host-") || cookieName.startsWith("__Secure-"));
        gone.setAttribute("SameSite", "Lax");
        return gone;
    }

    private void failed(HttpServletResponse response, RuntimeException e) throws IOException {
        LOG.log(Level.ERROR, "Delegated session check failed, answered 500", e);
        answer(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, FAILED_BODY);
    }

    /** Writes the filter's own answer; the headers particular to it are set before, since writing commits it. */
    private static void answer(HttpServletResponse response, int status, String body) throws IOException {
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("text/plain;charset=UTF-8");
        PrintWriter out = response.getWriter();
        out.println(body);
        out.flush();
    }

    @Override
    public String toString() {
        return "DelegatedSessionFilter[" + (readAuthorizationHeader ? "Authorization: Bearer" : "")
                + (readAuthorizationHeader && readCookie ? ", " : "") + (readCookie ? "cookie " + cookieName : "")
                + (required ? ", required" : "") + redirectUrl.map(u -> ", redirects to " + u).orElse("") + "]";
    }

    /**
     * Assembles a {@link DelegatedSessionFilter}. Not thread-safe; the filter it builds is.
     */
    public static final class Builder {

        private final PartnerDelegation delegation;
        private boolean readAuthorizationHeader = true;
        private boolean readCookie = true;
        private String cookieName = DEFAULT_COOKIE_NAME;
        private String cookiePath = "/";
        private boolean required;
        private String redirectUrl;
        private Duration retryAfter = DEFAULT_RETRY_AFTER;

        private Builder(PartnerDelegation delegation) {
            this.delegation = delegation;
        }

        /**
         * The cookie holding the token. {@code __Host-pd_delegated_session} (a cookie sent only
         * over HTTPS, set with {@code Path=/} and no {@code Domain}) keeps a neighbouring subdomain
         * from planting its own; the host sets the cookie at login, {@code HttpOnly} and
         * {@code SameSite=Lax}.
         *
         * @param name the cookie's name; default {@value DelegatedSessionFilter#DEFAULT_COOKIE_NAME}
         * @return this builder
         * @throws NullPointerException when {@code name} is null
         * @throws DelegationException  {@code INVALID_INPUT} when it is not a cookie name (empty, or with
         *                              spaces, controls or separators such as {@code ;=,"})
         */
        public Builder cookieName(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty() || !name.chars().allMatch(Builder::isTokenChar)) {
                throw DelegationException.invalidInput("cookieName", "must be a cookie name (letters, digits, !#$%&'*+-.^_`|~)");
            }
            this.cookieName = name;
            return this;
        }

        /**
         * The path the host set the cookie with, for the cookie that clears it when its token is refused.
         *
         * @param path the cookie's path; default {@code /}
         * @return this builder
         * @throws NullPointerException when {@code path} is null
         * @throws DelegationException  {@code INVALID_INPUT} when it does not start with {@code /} or holds
         *                              a control character or {@code ;}
         */
        public Builder cookiePath(String path) {
            Objects.requireNonNull(path, "path");
            if (!path.startsWith("/") || path.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == ';')) {
                throw DelegationException.invalidInput("cookiePath", "must start with / and hold no control character or ;");
            }
            this.cookiePath = path;
            return this;
        }

        /**
         * Whether the token is read from the cookie at all. A host whose clients all send the header turns it off.
         *
         * @param read false to ignore the cookie; default true
         * @return this builder
         */
        public Builder readCookie(boolean read) {
            this.readCookie = read;
            return this;
        }

        /**
         * Whether the token is read from the {@code Authorization: Bearer} header at all. A host
         * whose own authentication also uses bearer tokens on the paths the filter covers turns it
         * off (or maps the filter to the delegated session's paths only): the filter would refuse
         * those tokens as invalid delegated sessions.
         *
         * @param read false to ignore the header; default true
         * @return this builder
         */
        public Builder readAuthorizationHeader(boolean read) {
            this.readAuthorizationHeader = read;
            return this;
        }

        /**
         * Whether a request without any token is refused too (401, or the redirect), for paths
         * that only a delegated session may reach. By default it passes untouched, for the host's
         * own authentication to handle.
         *
         * @param required true to refuse requests without a token; default false
         * @return this builder
         */
        public Builder required(boolean required) {
            this.required = required;
            return this;
        }

        /**
         * Redirects a refused request to this URL (such as the host's sign-in page) instead of
         * answering 401, unless its token came in an {@code Authorization} header: such an API
         * client still gets the 401. Keep the page out of the paths a required filter covers, or
         * it redirects to itself.
         *
         * @param url where to send the browser: absolute, or relative as
         *            {@link HttpServletResponse#sendRedirect(String)} takes it
         * @return this builder
         * @throws NullPointerException when {@code url} is null
         * @throws DelegationException  {@code INVALID_INPUT} when it is blank or holds a control character
         */
        public Builder redirectOnRefusal(String url) {
            Objects.requireNonNull(url, "url");
            if (url.isBlank() || url.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw DelegationException.invalidInput("redirectOnRefusal", "must be a URL without control characters");
            }
            this.redirectUrl = url;
            return this;
        }

        /**
         * How long a client is told to wait ({@code Retry-After}, whole seconds) when the storage is unavailable.
         *
         * @param wait the wait; default {@link DelegatedSessionFilter#DEFAULT_RETRY_AFTER}
         * @return this builder
         * @throws NullPointerException when {@code wait} is null
         * @throws DelegationException  {@code INVALID_INPUT} when it is under one second or over a day
         */
        public Builder retryAfter(Duration wait) {
            Objects.requireNonNull(wait, "wait");
            if (wait.compareTo(Duration.ofSeconds(1)) < 0 || wait.compareTo(Duration.ofDays(1)) > 0) {
                throw DelegationException.invalidInput("retryAfter", "must be between 1 second and 1 day");
            }
            this.retryAfter = wait;
            return this;
        }

        /**
         * The filter.
         *
         * @return a filter with this builder's settings
         * @throws DelegationException {@code INVALID_INPUT} when neither the cookie nor the header is read
         */
        public DelegatedSessionFilter build() {
            if (!readCookie && !readAuthorizationHeader) {
                throw DelegationException.invalidInput("token sources", "must include the cookie or the Authorization header");
            }
            return new DelegatedSessionFilter(this);
        }

        /** A character of an RFC 9110 token, which a cookie name is. */
        private static boolean isTokenChar(int c) {
            return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
        }
    }
}
