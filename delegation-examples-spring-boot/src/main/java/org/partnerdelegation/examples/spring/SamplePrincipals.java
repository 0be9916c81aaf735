package org.partnerdelegation.examples.spring;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Optional;
import org.partnerdelegation.core.domain.Authentication;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.servlet.DelegatedSessionFilter;
import org.partnerdelegation.spring.boot.HostPrincipalResolver;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The sample's {@link HostPrincipalResolver}, the one bean only the host writes: the user Spring
 * Security's form login signed in becomes the library's {@code Principal}, with the tenant and role
 * from the sample's user table, the email the host verified, and how and when the user
 * authenticated. Thread-safe: it reads the request's security context only.
 *
 * <p>Only a form login counts. Any other {@code Authentication} on the request, a delegated
 * session's above all, resolves to nobody here: mapping a delegated request to the customer's
 * administrator would let the partner act as the customer in the library (a chained delegation).
 */
public final class SamplePrincipals implements HostPrincipalResolver {

    @Override
    public Optional<Principal> resolve(HttpServletRequest request) {
        if (!(SecurityContextHolder.getContext().getAuthentication() instanceof UsernamePasswordAuthenticationToken signedIn)
                || !signedIn.isAuthenticated()) {
            return Optional.empty();
        }
        return SampleDirectory.user(signedIn.getName()).map(user -> principalOf(user, passwordSignInTime(signedIn)));
    }

    /**
     * Who acts on this request for the sample's pages: the delegated session's principal when the
     * request carries one (so that the library refuses what a delegated session may not do), else
     * the signed-in user.
     *
     * @param request the current request
     * @return the principal
     * @throws DelegationException {@code INVALID_INPUT} when nobody is signed in (the security
     *                             configuration lets no such request reach a page that asks)
     */
    public Principal current(HttpServletRequest request) {
        if (request.getAttribute(DelegatedSessionFilter.PRINCIPAL_ATTRIBUTE) instanceof Principal delegated) {
            return delegated;
        }
        return resolve(request).orElseThrow(() -> new DelegationException(ErrorCode.INVALID_INPUT,
                "Nobody is signed in on this request: sign in first."));
    }

    private static Principal principalOf(SampleUser user, Optional<Instant> signedInAt) {
        UserId id = UserId.of(user.username());
        Principal inTenant = switch (user.role()) {
            case ADMINISTRATOR -> Principal.administrator(user.tenant(), id);
            case MEMBER -> Principal.member(user.tenant(), id);
            case OPERATOR -> Principal.operator(user.tenant(), id);
        };
        Principal principal = inTenant.withVerifiedEmail(user.email());
        // A password is one factor: the library's default step-up refuses a delegated login on it,
        // which is why the sample relaxes the policy (see SampleHostApplication) instead of claiming "otp".
        return signedInAt.map(at -> principal.withAuthentication(Authentication.of(at, "pwd"))).orElse(principal);
    }

    /** When the password was checked: Spring Security 7 records it on the factor authority form login adds. */
    private static Optional<Instant> passwordSignInTime(UsernamePasswordAuthenticationToken signedIn) {
        return signedIn.getAuthorities().stream()
                .filter(FactorGrantedAuthority.class::isInstance)
                .map(FactorGrantedAuthority.class::cast)
                .filter(f -> FactorGrantedAuthority.PASSWORD_AUTHORITY.equals(f.getAuthority()))
                .map(FactorGrantedAuthority::getIssuedAt)
                .findFirst();
    }
}
