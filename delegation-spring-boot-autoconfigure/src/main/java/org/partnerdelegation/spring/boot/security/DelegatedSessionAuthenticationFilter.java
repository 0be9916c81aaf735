package org.partnerdelegation.spring.boot.security;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.servlet.DelegatedSessionFilter;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * The servlet module's {@link DelegatedSessionFilter} inside the security filter chain: it reads
 * and checks the token with that filter's rules and answers (401, 503) with its answers; a request
 * it lets through with a live session then gets a {@link DelegatedSessionAuthentication} in a
 * security context of its own, for this request only: {@link DelegatedSessionContextRepository}
 * keeps it out of every HTTP session.
 */
final class DelegatedSessionAuthenticationFilter implements Filter {

    private final DelegatedSessionFilter sessions;
    private final SecurityContextHolderStrategy contexts;

    DelegatedSessionAuthenticationFilter(DelegatedSessionFilter sessions, SecurityContextHolderStrategy contexts) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.contexts = Objects.requireNonNull(contexts, "contexts");
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        // The login API writes its cookie as this chain reads it.
        request.setAttribute(PartnerDelegationConfigurer.COOKIE_ATTRIBUTE, sessions.cookie());
        sessions.doFilter(request, response, (checked, answer) -> {
            Optional<DelegatedSession> session = DelegatedSessionFilter.sessionOf(checked);
            if (session.isPresent()) {
                // The request acts as the session it carries, whoever the host's own login says is signed in.
                SecurityContext context = contexts.createEmptyContext();
                context.setAuthentication(new DelegatedSessionAuthentication(session.get()));
                contexts.setContext(context);
                checked.setAttribute(DelegatedSessionContextRepository.AUTHENTICATED_ATTRIBUTE, Boolean.TRUE);
            }
            chain.doFilter(checked, answer);
        });
    }

    @Override
    public String toString() {
        return "DelegatedSessionAuthenticationFilter[" + sessions + "]";
    }
}
