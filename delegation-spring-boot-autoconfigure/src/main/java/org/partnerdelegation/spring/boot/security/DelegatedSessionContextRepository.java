package org.partnerdelegation.spring.boot.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Objects;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * The chain's {@link SecurityContextRepository} with delegated sessions kept out of it: a
 * delegated session lives as long as its token, so its authentication must never outlive the
 * request in an HTTP session, where the host's session cookie alone would carry the customer's
 * identity after the session is revoked.
 */
final class DelegatedSessionContextRepository implements SecurityContextRepository {

    /** Set by {@link DelegatedSessionAuthenticationFilter} on a request it authenticated. */
    static final String AUTHENTICATED_ATTRIBUTE = DelegatedSessionContextRepository.class.getName() + ".authenticated";

    private final SecurityContextRepository delegate;
    private final SecurityContextHolderStrategy contexts;

    DelegatedSessionContextRepository(SecurityContextRepository delegate, SecurityContextHolderStrategy contexts) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.contexts = Objects.requireNonNull(contexts, "contexts");
    }

    @Override
    @SuppressWarnings("deprecation")
    public SecurityContext loadContext(HttpRequestResponseHolder holder) {
        return withoutDelegated(delegate.loadContext(holder));
    }

    @Override
    public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
        DeferredSecurityContext loaded = delegate.loadDeferredContext(request);
        return new DeferredSecurityContext() {
            @Override
            public SecurityContext get() {
                return withoutDelegated(loaded.get());
            }

            @Override
            public boolean isGenerated() {
                return loaded.isGenerated() || holdsDelegated(loaded.get());
            }
        };
    }

    @Override
    public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
        if (!holdsDelegated(context)) {
            delegate.saveContext(context, request, response);
        }
    }

    /**
     * True for a request the delegated filter authenticated, so that {@code SessionManagementFilter}
     * takes its authentication for one already stored and neither saves it nor starts a session for it.
     */
    @Override
    public boolean containsContext(HttpServletRequest request) {
        return request.getAttribute(AUTHENTICATED_ATTRIBUTE) != null || delegate.containsContext(request);
    }

    private SecurityContext withoutDelegated(SecurityContext context) {
        // One found in a session was stored by an older version or by host code: it proves nothing now.
        return holdsDelegated(context) ? contexts.createEmptyContext() : context;
    }

    private static boolean holdsDelegated(SecurityContext context) {
        return context != null && context.getAuthentication() instanceof DelegatedSessionAuthentication;
    }

    @Override
    public String toString() {
        return "DelegatedSessionContextRepository[" + delegate + "]";
    }
}
