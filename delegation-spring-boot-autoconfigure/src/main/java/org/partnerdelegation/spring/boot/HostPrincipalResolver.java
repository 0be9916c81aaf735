package org.partnerdelegation.spring.boot;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.partnerdelegation.core.domain.Principal;

/**
 * The one bean only the host can write: how the user its own login authenticated on a request
 * becomes the library's {@link Principal} (tenant, user, role, verified email, and the methods and
 * time of the authentication, which step-up before a delegated login reads).
 *
 * <pre>{@code
 * @Bean
 * HostPrincipalResolver hostPrincipals(Users users) {
 *     return request -> Optional.ofNullable(SecurityContextHolder.getContext().getAuthentication())
 *             .filter(Authentication::isAuthenticated)
 *             // Only the host's own login: a delegated session's getName() is the customer's administrator.
 *             .filter(authentication -> authentication instanceof UsernamePasswordAuthenticationToken)
 *             .flatMap(authentication -> users.find(authentication.getName()))
 *             .map(user -> Principal.administrator(user.tenantId(), user.userId())
 *                     .withVerifiedEmail(user.email()));
 * }
 * }</pre>
 *
 * <p>The REST API asks it for the caller of every request and answers 401 when it is empty. A
 * request that carries a delegated session resolves to the delegated principal instead (the
 * library's, never the host's). Still accept only the host's own authentication type, never a
 * {@code DelegatedSessionAuthentication}: the API refuses (401) a request whose security context holds
 * one without the request's delegated session, rather than trust a resolver with it. Called on the
 * request's thread; an implementation must be thread-safe.
 */
@FunctionalInterface
public interface HostPrincipalResolver {

    /**
     * The principal of the host user signed in on this request.
     *
     * @param request the current request
     * @return the principal, or empty when nobody is signed in
     */
    Optional<Principal> resolve(HttpServletRequest request);
}
