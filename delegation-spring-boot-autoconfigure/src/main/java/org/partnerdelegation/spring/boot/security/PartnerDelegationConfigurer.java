package org.partnerdelegation.spring.boot.security;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Objects;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.servlet.DelegatedSessionCookie;
import org.partnerdelegation.servlet.DelegatedSessionFilter;
import org.springframework.context.ApplicationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.CsrfConfigurer;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Adds partner delegation's delegated sessions to a {@code SecurityFilterChain}, in Spring
 * Security's configurer style:
 *
 * <pre>{@code
 * @Bean
 * SecurityFilterChain app(HttpSecurity http) throws Exception {
 *     return http
 *             .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
 *             .with(PartnerDelegationConfigurer.delegatedSessions(), sessions -> sessions.delegatedOnly("/customer"))
 *             .build();
 * }
 * }</pre>
 *
 * <p>A request whose token opens a live session is authenticated as a
 * {@link DelegatedSessionAuthentication} (the delegated principal, the acting partner user, the
 * session's roles as authorities), and carries {@link DelegatedSessionFilter}'s request attributes
 * too. That authentication holds for the request alone: the configurer wraps the chain's
 * {@code SecurityContextRepository} so that it never saves it to an HTTP session (whatever the
 * session management or {@code requireExplicitSave} says), and drops one if a session ever holds it;
 * once the session ends, its token stops working and nothing else carries its identity. The token is read, checked and refused by {@link DelegatedSessionFilter} itself, so the rules
 * are the servlet module's: the {@code Authorization: Bearer} header and the
 * {@link DelegatedSessionCookie}, the header winning when both come; a bad bearer token gets 401 with
 * {@code WWW-Authenticate: Bearer error="invalid_token"}; a bad cookie passes as anonymous except under
 * the {@link #delegatedOnly(String...) delegated-only} paths, where it gets the same 401; the storage
 * being down gets 503 with {@code Retry-After}, never "no session"; a token in a query string is never
 * read. CSRF protection stays on for cookie requests; a request with a bearer header needs no CSRF
 * token (a browser never adds that header by itself), as with Spring's resource server.
 *
 * <p>The facade is the application context's {@link PartnerDelegation} bean unless
 * {@link #delegation(PartnerDelegation)} names one. Not thread-safe while configuring; the filter it
 * adds is.
 */
public final class PartnerDelegationConfigurer extends AbstractHttpConfigurer<PartnerDelegationConfigurer, HttpSecurity> {

    /**
     * The request attribute holding the {@link DelegatedSessionCookie} of the chain a request went
     * through, so that the REST API's cookie login writes the cookie this chain reads.
     */
    public static final String COOKIE_ATTRIBUTE = "org.partnerdelegation.spring.boot.security.cookie";

    /** A request with an {@code Authorization: Bearer} header: the filter decides it from the header alone. */
    static final RequestMatcher BEARER_HEADER = PartnerDelegationConfigurer::hasBearerHeader;

    private PartnerDelegation delegation;
    private String[] delegatedOnly = new String[0];
    private DelegatedSessionCookie cookie = DelegatedSessionCookie.standard();
    private Duration retryAfter = DelegatedSessionFilter.DEFAULT_RETRY_AFTER;

    private PartnerDelegationConfigurer() {
    }

    /** {@return a configurer with the defaults: both token sources, the standard cookie, no delegated-only path} */
    public static PartnerDelegationConfigurer delegatedSessions() {
        return new PartnerDelegationConfigurer();
    }

    /**
     * The facade checking the tokens, instead of the context's bean.
     *
     * @param delegation the facade
     * @return this configurer
     */
    public PartnerDelegationConfigurer delegation(PartnerDelegation delegation) {
        this.delegation = Objects.requireNonNull(delegation, "delegation");
        return this;
    }

    /**
     * The paths where a cookie whose token opens no live session is refused (401
     * {@code invalid_token}) and cleared instead of passing as anonymous, as
     * {@link DelegatedSessionFilter.Builder#delegatedOnly(String...)} takes them. A request with no
     * token at all still passes them unauthenticated: keep them behind an authorization rule (such as
     * {@code authenticated()} or {@code hasAuthority(..)}) so that it ends at the chain's entry point.
     * Prefixes ({@code /customer} covers {@code /customer} and everything below it). A
     * trailing {@code /**} is read as the prefix before it.
     *
     * @param pathPrefixes the prefixes
     * @return this configurer
     * @throws NullPointerException when the array or a prefix is null
     * @throws DelegationException  {@code INVALID_INPUT} for a prefix with a {@code *} elsewhere than a trailing
     *                              {@code /**}; a prefix the filter refuses otherwise fails the chain's build so too
     */
    public PartnerDelegationConfigurer delegatedOnly(String... pathPrefixes) {
        Objects.requireNonNull(pathPrefixes, "pathPrefixes");
        String[] prefixes = new String[pathPrefixes.length];
        for (int i = 0; i < pathPrefixes.length; i++) {
            String prefix = Objects.requireNonNull(pathPrefixes[i], "pathPrefixes[" + i + "]");
            prefixes[i] = prefix.endsWith("/**") ? (prefix.length() == 3 ? "/" : prefix.substring(0, prefix.length() - 3)) : prefix;
            if (prefixes[i].indexOf('*') >= 0) {
                // A pattern read as a literal prefix would match nothing, and leave the paths it meant unguarded.
                throw DelegationException.invalidInput("delegatedOnly", "takes path prefixes such as /customer or /customer/**,"
                        + " not patterns: '" + prefix + "' has a * elsewhere than a trailing /**");
            }
        }
        this.delegatedOnly = prefixes;
        return this;
    }

    /**
     * The cookie holding the token: the instance the host's login writes with.
     *
     * @param cookie the cookie; default {@link DelegatedSessionCookie#standard()}
     * @return this configurer
     */
    public PartnerDelegationConfigurer cookie(DelegatedSessionCookie cookie) {
        this.cookie = Objects.requireNonNull(cookie, "cookie");
        return this;
    }

    /**
     * How long a client is told to wait when the storage is unavailable.
     *
     * @param wait the wait; default {@link DelegatedSessionFilter#DEFAULT_RETRY_AFTER}
     * @return this configurer
     */
    public PartnerDelegationConfigurer retryAfter(Duration wait) {
        this.retryAfter = Objects.requireNonNull(wait, "wait");
        return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void init(HttpSecurity http) {
        // Before CSRF configures its filter, as Spring's resource server does it.
        CsrfConfigurer<HttpSecurity> csrf = http.getConfigurer(CsrfConfigurer.class);
        if (csrf != null) {
            csrf.ignoringRequestMatchers(BEARER_HEADER);
        }
        // Before the filters that save the context read the shared repository, in their configure().
        SecurityContextRepository repository = http.getSharedObject(SecurityContextRepository.class);
        if (!(repository instanceof DelegatedSessionContextRepository)) {
            http.setSharedObject(SecurityContextRepository.class, new DelegatedSessionContextRepository(
                    repository != null ? repository : defaultRepository(), getSecurityContextHolderStrategy()));
        }
    }

    private SecurityContextRepository defaultRepository() {
        // What SecurityContextConfigurer would build when nothing shared one.
        HttpSessionSecurityContextRepository session = new HttpSessionSecurityContextRepository();
        session.setSecurityContextHolderStrategy(getSecurityContextHolderStrategy());
        RequestAttributeSecurityContextRepository request = new RequestAttributeSecurityContextRepository();
        request.setSecurityContextHolderStrategy(getSecurityContextHolderStrategy());
        return new DelegatingSecurityContextRepository(request, session);
    }

    @Override
    public void configure(HttpSecurity http) {
        PartnerDelegation facade = delegation != null ? delegation
                : http.getSharedObject(ApplicationContext.class).getBean(PartnerDelegation.class);
        DelegatedSessionFilter sessions = DelegatedSessionFilter.builder(facade)
                .cookie(cookie)
                .delegatedOnly(delegatedOnly)
                .retryAfter(retryAfter)
                .build();
        http.addFilterBefore(postProcess(new DelegatedSessionAuthenticationFilter(sessions, getSecurityContextHolderStrategy())),
                AnonymousAuthenticationFilter.class);
    }

    private static boolean hasBearerHeader(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null) {
            return false;
        }
        // Exactly as DelegatedSessionFilter reads it: such a request is decided by its header alone, never its cookie.
        String value = header.strip();
        return value.regionMatches(true, 0, "Bearer", 0, 6) && (value.length() == 6 || Character.isWhitespace(value.charAt(6)));
    }
}
