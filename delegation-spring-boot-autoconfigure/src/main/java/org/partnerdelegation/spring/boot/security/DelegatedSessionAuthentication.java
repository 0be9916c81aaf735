package org.partnerdelegation.spring.boot.security;

import java.io.InvalidObjectException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Objects;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.RoleKey;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.Transient;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The Spring Security {@code Authentication} of a request made with a live delegated session:
 * <ul>
 *   <li>{@link #getPrincipal()}: the session's own {@link Principal} (the customer tenant, acting
 *       as its administrator), to pass to the library's use cases; never another;</li>
 *   <li>{@link #getActor()}: the partner user really acting, for the host's audit;</li>
 *   <li>{@link #getAuthorities()}: the session's roles, one authority each with the role's key as
 *       it is ({@code billing:read}), so that {@code hasAuthority('billing:read')} reads it;</li>
 *   <li>{@link #getName()}: the customer's administrator account the session acts as.</li>
 * </ul>
 * It carries no credentials: the token is never kept. It is {@link Transient}: Spring Security's
 * session repository never stores it, and it refuses Java serialization both ways, since a copy would
 * outlive the session's revocation. Immutable once built, and thread-safe.
 */
@Transient
public final class DelegatedSessionAuthentication extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    private final transient DelegatedSession session;

    /**
     * The authentication of a validated session.
     *
     * @param session a session {@code PartnerDelegation.validateSession} returned
     * @throws NullPointerException when {@code session} is null
     */
    public DelegatedSessionAuthentication(DelegatedSession session) {
        super(authorities(Objects.requireNonNull(session, "session")));
        this.session = session;
        super.setAuthenticated(true);
    }

    private static List<GrantedAuthority> authorities(DelegatedSession session) {
        return session.roles().stream().map(RoleKey::value).<GrantedAuthority>map(SimpleGrantedAuthority::new).toList();
    }

    /** {@return the delegated session the request was validated with} */
    public DelegatedSession getSession() {
        return session;
    }

    /** {@return the partner user really acting} */
    public DelegatedActor getActor() {
        return new DelegatedActor(session.actorTenant(), session.actorUser());
    }

    /** {@return the session's principal: the customer tenant as its administrator, carrying the session} */
    @Override
    public Principal getPrincipal() {
        return session.principal();
    }

    /** {@return null: the token is not kept} */
    @Override
    public Object getCredentials() {
        return null;
    }

    /** {@return the customer's administrator account the session acts as} */
    @Override
    public String getName() {
        return session.subject().value();
    }

    /**
     * Refuses to mark it unauthenticated or authenticated again: a session's authentication is
     * what the check made it.
     *
     * @param authenticated ignored
     * @throws IllegalArgumentException always
     */
    @Override
    public void setAuthenticated(boolean authenticated) {
        throw new IllegalArgumentException("A delegated session's authentication cannot be changed");
    }

    private void writeObject(ObjectOutputStream out) throws NotSerializableException {
        throw new NotSerializableException(getClass().getName() + ": a delegated session's authentication holds for one request");
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        // A stored copy (an older version's, or crafted) would act as the customer without its session being checked.
        throw new InvalidObjectException("A delegated session's authentication is never restored from storage");
    }

    @Override
    public String toString() {
        return "DelegatedSessionAuthentication[session " + session.id() + " into " + session.customerTenant().value()
                + " by " + session.actorTenant().value() + "/" + session.actorUser().value() + ", " + getAuthorities() + "]";
    }
}
