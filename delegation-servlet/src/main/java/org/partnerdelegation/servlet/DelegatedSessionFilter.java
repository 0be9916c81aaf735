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
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
 * from a cookie of its own, a {@link DelegatedSessionCookie}: unless the builder names another,
 * the standard one, {@value DelegatedSessionCookie#SECURE_NAME} on a secure request and
 * {@value #DEFAULT_COOKIE_NAME} on plain HTTP (each request is read under the name that fits it,
 * and only that one); either source can be switched off. The host writes the cookie at login with
 * {@link #cookie()}{@code .issue(request, token)}. When a request carries both, <b>the header
 * wins</b>: the client set it for this request, while a browser sends a cookie with every
 * request, perhaps one left from an earlier session. The cookie is then not looked at, so a
 * request whose header holds an invalid token is refused even when its cookie is valid. An
 * {@code Authorization} header of another scheme ({@code Basic}, ...) is left to the host. A
 * token in the URL (a query parameter such as {@code access_token}) is never read: URLs end up in
 * logs, browser histories and {@code Referer} headers.
 *
 * <p><b>A cookie someone else planted.</b> Whoever can set a cookie for the host's name (a
 * neighbouring subdomain, a page of the domain served over plain HTTP or a man in the middle of
 * one, a script injected elsewhere on the domain) can plant a cookie of this name under a narrower
 * path, such as {@code Path=/partner-access}; the browser then sends it with every request under
 * that path, before the host's own cookie of that name if there is one, and does not say which
 * is which. So that such a cookie can lock no one out, a cookie token that opens no live session
 * is not refused, but dropped: the request goes on <em>without</em> a delegated identity, for the
 * host's own authentication to decide, whatever path the planted cookie has; only under the paths
 * the host marks {@link Builder#delegatedOnly(String...) delegated-only} (and everywhere in
 * {@link Builder#required(boolean) required} mode) is it refused. When a request carries several
 * cookies of the name, each distinct value is checked: the one that opens a live session acts, and
 * the others are ignored, so a bad cookie never hides a good one. When two of them open two
 * different live sessions, the filter cannot tell the planted one (perhaps the attacker's own
 * session, to make the victim act in it) from the user's: neither acts, and the request is
 * treated as one whose cookie is bad. A request with more than {@value #MAX_COOKIE_TOKENS}
 * distinct values is treated so too, without any being looked up: a request cannot make the filter
 * look up hundreds, nor hide a planted live session among them. The filter clears the cookie it
 * reads (name and path of its {@link DelegatedSessionCookie}) when none of the cookies opened a live
 * session and all of them were checked; it cannot clear a cookie planted under another path or for the parent domain
 * (a browser removes a cookie only by the same name, path and domain, and does not send them), so
 * such a cookie stays, is checked on each request under its path and dropped each time. The
 * {@code __Host-} name of the standard cookie on HTTPS keeps all but a script on this very host
 * from planting one.
 *
 * <p><b>What it answers.</b>
 * <ul>
 *   <li>A live session: the attributes are set and the chain goes on.</li>
 *   <li>A token in the {@code Authorization} header that does not open a live session
 *       (malformed, unknown, expired, ended, its delegation no longer connected or its grant ended:
 *       {@code validateSession}'s reasons, which the answer does not tell apart): {@code 401} with
 *       {@code WWW-Authenticate: Bearer error="invalid_token"} and a one-line body, on every path.
 *       The chain does not go on.</li>
 *   <li>A cookie token that does not open a live session: the cookie is cleared (above) and the
 *       chain goes on with no delegated attributes, so that the host's own authentication decides.
 *       Under a {@link Builder#delegatedOnly(String...) delegated-only} path, or in required mode,
 *       it is refused as a bad header token is, and the cookie cleared; or, when
 *       {@link Builder#redirectOnRefusal(String)} is set, the browser is redirected to that URL
 *       (the host's sign-in or "session ended" page) instead.</li>
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

    /**
     * The name of the standard cookie on a plain HTTP request (on a secure one it is
     * {@value DelegatedSessionCookie#SECURE_NAME}); read unless {@link Builder#cookieName(String)}
     * names another.
     */
    public static final String DEFAULT_COOKIE_NAME = DelegatedSessionCookie.PLAIN_NAME;
    /**
     * How many distinct tokens one request's cookies may hold: with more, none is looked up and the
     * request carries no delegated identity, so that a request packed with cookies costs no lookups
     * and no planted session can hide among them.
     */
    public static final int MAX_COOKIE_TOKENS = 8;
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

    /**
     * The tokens as the request presented them: one from the header, or the distinct values of the
     * cookies of the name, none when there were more than {@link #MAX_COOKIE_TOKENS} of them.
     */
    private record Presented(List<String> tokens, Source source, boolean moreThanChecked) {
        @Override
        public String toString() {
            return "Presented[" + source + ", " + tokens.size() + " tokens redacted]";
        }
    }

    private final PartnerDelegation delegation;
    private final boolean readAuthorizationHeader;
    private final boolean readCookie;
    private final DelegatedSessionCookie cookie;
    private final List<String> delegatedOnly;
    private final boolean required;
    private final Optional<String> redirectUrl;
    private final long retryAfterSeconds;

    private DelegatedSessionFilter(Builder builder) {
        this.delegation = builder.delegation;
        this.readAuthorizationHeader = builder.readAuthorizationHeader;
        this.readCookie = builder.readCookie;
        this.cookie = builder.cookie();
        this.delegatedOnly = builder.delegatedOnly;
        this.required = builder.required;
        this.redirectUrl = Optional.ofNullable(builder.redirectUrl);
        this.retryAfterSeconds = builder.retryAfter.toSeconds();
    }

    /**
     * A builder of a filter checking tokens with the given facade. Its defaults: both the
     * {@code Authorization: Bearer} header and the {@link DelegatedSessionCookie#standard() standard
     * cookie} are read, a request without a token or with a bad cookie passes (no path is
     * delegated-only), a refusal is a 401, and a client is told to retry after
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
     * The cookie this filter reads, for the host's login to write it
     * ({@code response.addCookie(filter.cookie().issue(request, token))}) and its sign-out to clear it.
     *
     * @return the cookie; the standard one unless the builder named another
     */
    public DelegatedSessionCookie cookie() {
        return cookie;
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

        Optional<Presented> presented = presentedTokens(request);
        if (presented.isEmpty()) {
            if (required) {
                refuse(request, response, Optional.empty(), false);
            } else {
                chain.doFilter(request, response);
            }
            return;
        }

        // Every token is checked, so that a bad cookie never hides a good one.
        List<DelegatedSession> live = new ArrayList<>();
        for (String token : presented.get().tokens()) {
            Optional<DelegatedSession> session;
            try {
                session = delegation.validateSession(token);
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
            session.filter(s -> live.stream().noneMatch(l -> l.id().equals(s.id()))).ifPresent(live::add);
        }

        if (live.size() == 1) {
            DelegatedSession session = live.get(0);
            request.setAttribute(SESSION_ATTRIBUTE, session);
            request.setAttribute(PRINCIPAL_ATTRIBUTE, session.principal());
            chain.doFilter(request, response);
            return;
        }
        // No live session, or (cookies only) two: then one was planted, and neither may act. The cookie
        // is cleared only when it cannot be a good one: none was live and every one was checked.
        Source source = presented.get().source();
        boolean clear = source == Source.COOKIE && live.isEmpty() && !presented.get().moreThanChecked();
        if (source == Source.AUTHORIZATION_HEADER || required || isDelegatedOnly(request)) {
            refuse(request, response, Optional.of(source), clear);
            return;
        }
        // A bad cookie outside the delegated-only paths: the host's own authentication decides, so that a
        // planted cookie cannot lock anyone out of the host's pages (its sign-in and sign-out among them).
        if (clear) {
            response.addCookie(cookie.clear(request));
        }
        chain.doFilter(request, response);
    }

    /** Whether the request's path (within the context, decoded) is under a delegated-only prefix. */
    private boolean isDelegatedOnly(HttpServletRequest request) {
        if (delegatedOnly.isEmpty()) {
            return false;
        }
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (path.isEmpty()) {
            path = "/";
        }
        for (String prefix : delegatedOnly) {
            if (prefix.equals("/") || path.equals(prefix) || path.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }

    /** The tokens the request presents: the header's when there is one, else the cookies'. */
    private Optional<Presented> presentedTokens(HttpServletRequest request) {
        if (readAuthorizationHeader) {
            String header = request.getHeader("Authorization");
            if (header != null) {
                String value = header.strip();
                // The scheme is case-insensitive (RFC 9110); another scheme is the host's business.
                if (value.regionMatches(true, 0, BEARER, 0, BEARER.length())
                        && (value.length() == BEARER.length() || Character.isWhitespace(value.charAt(BEARER.length())))) {
                    return Optional.of(new Presented(List.of(value.substring(BEARER.length()).strip()),
                            Source.AUTHORIZATION_HEADER, false));
                }
            }
        }
        if (readCookie) {
            Cookie[] cookies = request.getCookies();
            if (cookies != null) {
                String name = cookie.name(request);
                Set<String> values = new LinkedHashSet<>();
                boolean more = false;
                for (Cookie c : cookies) {
                    // An empty value is what a cleared cookie looks like: no token.
                    if (name.equals(c.getName()) && c.getValue() != null && !c.getValue().isBlank()) {
                        String value = c.getValue().strip();
                        if (values.size() < MAX_COOKIE_TOKENS) {
                            values.add(value);
                        } else if (!values.contains(value)) {
                            more = true;
                        }
                    }
                }
                if (more) {
                    // Too many to check them all: whichever acted might be a planted one, so none does.
                    return Optional.of(new Presented(List.of(), Source.COOKIE, true));
                }
                if (!values.isEmpty()) {
                    return Optional.of(new Presented(List.copyOf(values), Source.COOKIE, false));
                }
            }
        }
        return Optional.empty();
    }

    /** Refuses a request whose token is invalid (its {@code source} present) or missing. */
    private void refuse(HttpServletRequest request, HttpServletResponse response, Optional<Source> presented,
            boolean clearCookie) throws IOException {
        if (clearCookie) {
            response.addCookie(cookie.clear(request));
        }
        boolean fromHeader = presented.isPresent() && presented.get() == Source.AUTHORIZATION_HEADER;
        if (redirectUrl.isPresent() && !fromHeader) {
            response.setHeader("Cache-Control", "no-store");
            response.sendRedirect(redirectUrl.get());
            return;
        }
        // RFC 6750: an error code only when a token was sent.
        response.setHeader("WWW-Authenticate", presented.isPresent() ? BEARER + " error=\"invalid_token\"" : BEARER);
        answer(response, HttpServletResponse.SC_UNAUTHORIZED, presented.isPresent() ? INVALID_TOKEN_BODY : MISSING_TOKEN_BODY);
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
                + (readAuthorizationHeader && readCookie ? ", " : "") + (readCookie ? "cookie " + cookie : "")
                + (required ? ", required" : "") + (delegatedOnly.isEmpty() ? "" : ", delegated-only " + String.join(" ", delegatedOnly))
                + redirectUrl.map(u -> ", redirects to " + u).orElse("") + "]";
    }

    /**
     * Assembles a {@link DelegatedSessionFilter}. Not thread-safe; the filter it builds is.
     */
    public static final class Builder {

        private final PartnerDelegation delegation;
        private boolean readAuthorizationHeader = true;
        private boolean readCookie = true;
        /** Null for the standard cookie, whose name follows the request's security. */
        private String cookieName;
        private String cookiePath = "/";
        private List<String> delegatedOnly = List.of();
        private boolean required;
        private String redirectUrl;
        private Duration retryAfter = DEFAULT_RETRY_AFTER;

        private Builder(PartnerDelegation delegation) {
            this.delegation = delegation;
        }

        /**
         * The cookie holding the token, with one name on every request. By default the filter
         * reads the {@link DelegatedSessionCookie#standard() standard cookie}, named
         * {@value DelegatedSessionCookie#SECURE_NAME} on a secure request and
         * {@value DelegatedSessionFilter#DEFAULT_COOKIE_NAME} on plain HTTP: a {@code __Host-}
         * name (sent only over HTTPS, set with {@code Path=/} and no {@code Domain}) keeps a
         * neighbouring subdomain from planting its own. The host writes the cookie at login with
         * {@link DelegatedSessionFilter#cookie()}.
         *
         * @param name the cookie's name
         * @return this builder
         * @throws NullPointerException when {@code name} is null
         * @throws DelegationException  {@code INVALID_INPUT} when it is not a cookie name (empty, or with
         *                              spaces, controls or separators such as {@code ;=,"})
         */
        public Builder cookieName(String name) {
            this.cookieName = DelegatedSessionCookie.checkedName(name);
            return this;
        }

        /**
         * The path the host sets the cookie with, for the cookie that clears it when its token is
         * refused. A path other than {@code /} needs a {@link #cookieName(String) named} cookie
         * whose name does not start with {@code __Host-} (checked by {@link #build()}).
         *
         * @param path the cookie's path; default {@code /}
         * @return this builder
         * @throws NullPointerException when {@code path} is null
         * @throws DelegationException  {@code INVALID_INPUT} when it does not start with {@code /} or holds
         *                              a control character or {@code ;}
         */
        public Builder cookiePath(String path) {
            this.cookiePath = DelegatedSessionCookie.checkedPath(path);
            return this;
        }

        /**
         * The cookie holding the token, name and path at once: the instance the host's login also
         * writes with. Replaces what {@link #cookieName(String)} and {@link #cookiePath(String)} set.
         *
         * @param cookie the cookie; default {@link DelegatedSessionCookie#standard()}
         * @return this builder
         * @throws NullPointerException when {@code cookie} is null
         */
        public Builder cookie(DelegatedSessionCookie cookie) {
            Objects.requireNonNull(cookie, "cookie");
            this.cookieName = cookie.fixedName().orElse(null);
            this.cookiePath = cookie.path();
            return this;
        }

        /**
         * The paths only a delegated session may reach, such as the customer console that a partner
         * user reaches through a delegated login: under them, a cookie whose token opens no live
         * session is refused (401 {@code invalid_token}, or the {@link #redirectOnRefusal(String)
         * redirect}) and cleared, as a bad bearer token is everywhere. Elsewhere such a cookie is
         * dropped and the request goes on without a delegated identity (see the class comment). A
         * request without any token passes under these paths too, unless {@link #required(boolean)}
         * says otherwise.
         *
         * <p>A prefix covers the path itself and everything below it: {@code /console} covers
         * {@code /console} and {@code /console/end-session}, not {@code /consoles}; {@code /} covers
         * every path. Paths are matched within the web application (without its context path), as
         * the container decoded them ({@code getServletPath() + getPathInfo()}), case-sensitively.
         * Keep the redirect's page out of them, or a bad cookie redirects to itself until cleared.
         *
         * @param pathPrefixes the prefixes; none for no delegated-only path (the default). Replaces any set before
         * @return this builder
         * @throws NullPointerException when the array or one of the prefixes is null
         * @throws DelegationException  {@code INVALID_INPUT} when a prefix does not start with {@code /},
         *                              or holds a control character, {@code ?}, {@code #} or {@code ;}
         */
        public Builder delegatedOnly(String... pathPrefixes) {
            Objects.requireNonNull(pathPrefixes, "pathPrefixes");
            List<String> prefixes = new ArrayList<>();
            for (String prefix : pathPrefixes) {
                Objects.requireNonNull(prefix, "pathPrefixes[" + prefixes.size() + "]");
                if (!prefix.startsWith("/") || prefix.chars().anyMatch(c -> c < 0x20 || c == 0x7f || "?#;".indexOf(c) >= 0)) {
                    throw DelegationException.invalidInput("delegatedOnly",
                            "must be path prefixes starting with / without control characters, ?, # or ;");
                }
                // "/console/" means what "/console" means; "/" stays "/".
                String trimmed = prefix.length() > 1 && prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
                prefixes.add(trimmed);
            }
            this.delegatedOnly = List.copyOf(prefixes);
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
         * that only a delegated session may reach; a bad cookie is then refused on every path, as
         * under {@link #delegatedOnly(String...)}. By default it passes untouched, for the host's
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
         * @throws DelegationException {@code INVALID_INPUT} when neither the cookie nor the header is read, or
         *                             when the cookie's path is not {@code /} and its name is not set or
         *                             starts with {@code __Host-}
         */
        public DelegatedSessionFilter build() {
            if (!readCookie && !readAuthorizationHeader) {
                throw DelegationException.invalidInput("token sources", "must include the cookie or the Authorization header");
            }
            cookie();
            return new DelegatedSessionFilter(this);
        }

        private DelegatedSessionCookie cookie() {
            DelegatedSessionCookie named = cookieName == null ? DelegatedSessionCookie.standard() : DelegatedSessionCookie.named(cookieName);
            return cookiePath.equals("/") ? named : named.withPath(cookiePath);
        }
    }
}
