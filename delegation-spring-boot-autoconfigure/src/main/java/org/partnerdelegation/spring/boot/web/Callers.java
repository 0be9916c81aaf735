package org.partnerdelegation.spring.boot.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.servlet.DelegatedSessionFilter;
import org.partnerdelegation.spring.boot.HostPrincipalResolver;
import org.partnerdelegation.spring.boot.security.DelegatedSessionAuthentication;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.util.ClassUtils;

/**
 * Who is calling: the delegated principal when the request carries a delegated session (set by
 * delegation-servlet's filter, or by the Spring Security integration under the same attributes), else
 * the host's signed-in user. A delegated session wins, so that a partner acting inside a customer can
 * never reach the partner's own rights through the host's login cookie in the same browser. A
 * security context holding a {@code DelegatedSessionAuthentication} on a request without a delegated
 * session is refused rather than given to the host's resolver: it must never pass for a host login.
 */
final class Callers {

    private static final boolean SERVLET_MODULE = ClassUtils.isPresent(
            "org.partnerdelegation.servlet.DelegatedSessionFilter", Callers.class.getClassLoader());

    private static final boolean SPRING_SECURITY = ClassUtils.isPresent(
            "org.springframework.security.core.context.SecurityContextHolder", Callers.class.getClassLoader());

    private final ObjectProvider<HostPrincipalResolver> hostPrincipals;

    Callers(ObjectProvider<HostPrincipalResolver> hostPrincipals) {
        this.hostPrincipals = hostPrincipals;
    }

    /**
     * The caller of a request.
     *
     * @throws AuthenticationRequiredException when there is none
     */
    Principal require(HttpServletRequest request) {
        Optional<Principal> delegated = SERVLET_MODULE ? Delegated.principalOf(request) : Optional.empty();
        if (delegated.isPresent()) {
            return delegated.get();
        }
        if (SPRING_SECURITY && Security.holdsDelegatedSession()) {
            // A delegated authentication without the request's own delegated session came from elsewhere (a stored
            // context, a host filter): it is no host login, whatever a resolver would make of its name.
            throw new AuthenticationRequiredException();
        }
        HostPrincipalResolver resolver = hostPrincipals.getIfAvailable();
        Optional<Principal> host = resolver == null ? Optional.empty() : resolver.resolve(request);
        return host.orElseThrow(AuthenticationRequiredException::new);
    }

    /** Loaded only when Spring Security is on the class path. */
    private static final class Security {

        static boolean holdsDelegatedSession() {
            return SecurityContextHolder.getContext().getAuthentication() instanceof DelegatedSessionAuthentication;
        }
    }

    /** Loaded only when delegation-servlet is on the class path. */
    private static final class Delegated {

        static Optional<Principal> principalOf(HttpServletRequest request) {
            return DelegatedSessionFilter.principalOf(request);
        }
    }
}
