package org.partnerdelegation.servlet;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import java.util.Optional;
import org.partnerdelegation.core.domain.DelegationException;

/**
 * The cookie that carries a delegated session token in a browser: its name, its path and how it
 * is written. The host's login writes it with {@link #issue(HttpServletRequest, String)}, its
 * sign-out removes it with {@link #clear(HttpServletRequest)}, and {@link DelegatedSessionFilter}
 * reads it under {@link #name(HttpServletRequest)}; give the filter the same instance
 * ({@link DelegatedSessionFilter.Builder#cookie(DelegatedSessionCookie)}) or take the filter's
 * ({@link DelegatedSessionFilter#cookie()}), so that the three agree.
 *
 * <p><b>The standard cookie</b> ({@link #standard()}, the filter's default) is named
 * {@value #SECURE_NAME} on a secure request ({@link HttpServletRequest#isSecure()}) and
 * {@value #PLAIN_NAME} on plain HTTP (local development, where a browser refuses a {@code Secure}
 * cookie). The {@code __Host-} prefix makes a browser accept the cookie only with {@code Secure},
 * {@code Path=/} and no {@code Domain}, set over HTTPS by this very host: a neighbouring subdomain,
 * a page served over plain HTTP or a man in the middle of one cannot plant a cookie of that name.
 * Behind a proxy that ends TLS, make the container honour {@code X-Forwarded-Proto} (Jetty's
 * {@code ForwardedRequestCustomizer}, Tomcat's {@code RemoteIpValve}, Spring Boot's
 * {@code server.forward-headers-strategy}), or {@code isSecure()} is false and the plain name,
 * without {@code Secure}, is used.
 *
 * <p>Every cookie written here is {@code HttpOnly} (no script reads the token) and
 * {@code SameSite=Lax} (another site's form post does not carry it), has no {@code Domain} (it goes
 * back to this host only), is {@code Secure} on a secure request or under a {@code __Host-} or
 * {@code __Secure-} name, and lives for the browser session: the filter refuses it once the
 * delegated session ends, whatever the cookie's age.
 *
 * <p>Immutable and thread-safe.
 */
public final class DelegatedSessionCookie {

    /** The standard cookie's name on a plain HTTP request. */
    public static final String PLAIN_NAME = "pd_delegated_session";
    /** The standard cookie's name on a secure request. */
    public static final String SECURE_NAME = "__Host-" + PLAIN_NAME;

    private static final String HOST_PREFIX = "__Host-";
    private static final String SECURE_PREFIX = "__Secure-";
    private static final DelegatedSessionCookie STANDARD = new DelegatedSessionCookie(Optional.empty(), "/");

    /** Empty for the standard cookie, whose name follows the request's security. */
    private final Optional<String> fixedName;
    private final String path;

    private DelegatedSessionCookie(Optional<String> fixedName, String path) {
        this.fixedName = fixedName;
        this.path = path;
    }

    /**
     * The standard cookie: {@value #SECURE_NAME} on a secure request, {@value #PLAIN_NAME} on plain
     * HTTP, {@code Path=/}.
     *
     * @return the standard cookie
     */
    public static DelegatedSessionCookie standard() {
        return STANDARD;
    }

    /**
     * A cookie of this name on every request, secure or not, with {@code Path=/}.
     *
     * @param name the cookie's name
     * @return the cookie
     * @throws NullPointerException when {@code name} is null
     * @throws DelegationException  {@code INVALID_INPUT} when it is not a cookie name (empty, or with
     *                              spaces, controls or separators such as {@code ;=,"})
     */
    public static DelegatedSessionCookie named(String name) {
        return new DelegatedSessionCookie(Optional.of(checkedName(name)), "/");
    }

    /**
     * This cookie under another path: the browser sends it only to requests under that path.
     *
     * @param path the cookie's path
     * @return a cookie with this name and that path
     * @throws NullPointerException when {@code path} is null
     * @throws DelegationException  {@code INVALID_INPUT} when it does not start with {@code /} or holds a
     *                              control character or {@code ;}, or when it is not {@code /} and the
     *                              cookie's name is (or, for the standard cookie, can be) a
     *                              {@code __Host-} name, which a browser accepts with {@code Path=/} only
     */
    public DelegatedSessionCookie withPath(String path) {
        checkedPath(path);
        if (!path.equals("/") && fixedName.map(n -> n.startsWith(HOST_PREFIX)).orElse(true)) {
            throw DelegationException.invalidInput("cookiePath", "must be / for a __Host- cookie (the standard cookie is one"
                    + " on a secure request): name the cookie to give it another path");
        }
        return new DelegatedSessionCookie(fixedName, path);
    }

    /**
     * The name of the cookie on this request: fixed by {@link #named(String)}, or for the standard
     * cookie, {@value #SECURE_NAME} when the request is secure and {@value #PLAIN_NAME} when not.
     *
     * @param request the request
     * @return the name the cookie has on this request
     * @throws NullPointerException when {@code request} is null
     */
    public String name(HttpServletRequest request) {
        Objects.requireNonNull(request, "request");
        return fixedName.orElse(request.isSecure() ? SECURE_NAME : PLAIN_NAME);
    }

    /**
     * The cookie's path.
     *
     * @return the path; {@code /} unless {@link #withPath(String)} said otherwise
     */
    public String path() {
        return path;
    }

    /**
     * The cookie that hands the browser a delegated session token, to add to the response of the
     * login ({@code response.addCookie(cookie.issue(request, issued.token().reveal()))}).
     *
     * @param request the request the response answers; decides the name and {@code Secure}
     * @param token   the session token, as {@code IssuedSession.token().reveal()} gives it
     * @return a new cookie: HttpOnly, SameSite=Lax, this path, no Domain, for the browser session
     * @throws NullPointerException when an argument is null
     * @throws DelegationException  {@code INVALID_INPUT} when the token is blank or holds a character a
     *                              cookie value cannot (space, {@code ;}, {@code ,}, {@code "},
     *                              {@code \}, a control); the message never shows the token
     */
    public Cookie issue(HttpServletRequest request, String token) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(token, "token");
        if (token.isBlank() || !token.chars().allMatch(DelegatedSessionCookie::isCookieOctet)) {
            throw DelegationException.invalidInput("token", "must be a session token (no spaces, controls, ;,\"\\)");
        }
        return written(request, token);
    }

    /**
     * The cookie that makes the browser forget the token cookie of this name and path (at sign-out,
     * or when the token no longer validates): empty, already expired. A browser removes only the
     * cookie of the same name, path and domain, so it does not remove a cookie planted under
     * another path or for the parent domain.
     *
     * @param request the request the response answers; decides the name and {@code Secure}
     * @return a new expiring cookie
     * @throws NullPointerException when {@code request} is null
     */
    public Cookie clear(HttpServletRequest request) {
        Objects.requireNonNull(request, "request");
        Cookie gone = written(request, "");
        gone.setMaxAge(0);
        return gone;
    }

    private Cookie written(HttpServletRequest request, String value) {
        String name = name(request);
        Cookie cookie = new Cookie(name, value);
        cookie.setPath(path);
        cookie.setHttpOnly(true);
        cookie.setSecure(request.isSecure() || name.startsWith(HOST_PREFIX) || name.startsWith(SECURE_PREFIX));
        cookie.setAttribute("SameSite", "Lax");
        return cookie;
    }

    static String checkedName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || !name.chars().allMatch(DelegatedSessionCookie::isTokenChar)) {
            throw DelegationException.invalidInput("cookieName", "must be a cookie name (letters, digits, !#$%&'*+-.^_`|~)");
        }
        return name;
    }

    static String checkedPath(String path) {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == ';')) {
            throw DelegationException.invalidInput("cookiePath", "must start with / and hold no control character or ;");
        }
        return path;
    }

    /** The name given to {@link #named(String)}; empty for the standard cookie. */
    Optional<String> fixedName() {
        return fixedName;
    }

    /** A character of an RFC 9110 token, which a cookie name is. */
    private static boolean isTokenChar(int c) {
        return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }

    /** A cookie-octet of RFC 6265: printable US-ASCII but for {@code " , ; \} and space. */
    private static boolean isCookieOctet(int c) {
        return c > 0x20 && c < 0x7f && c != '"' && c != ',' && c != ';' && c != '\\';
    }

    /**
     * Two cookies are equal when they have the same name rule and path.
     *
     * @param other another object
     * @return whether it is an equal cookie
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof DelegatedSessionCookie c && c.fixedName.equals(fixedName) && c.path.equals(path);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fixedName, path);
    }

    /** Its name (both of the standard cookie's) and path, for logs and {@code toString}s. */
    @Override
    public String toString() {
        return fixedName.orElse(SECURE_NAME + " (secure) or " + PLAIN_NAME) + (path.equals("/") ? "" : " at " + path);
    }
}
