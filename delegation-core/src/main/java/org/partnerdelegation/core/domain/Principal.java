package org.partnerdelegation.core.domain;

import java.util.Optional;

/**
 * Who is acting, as the host authenticated them: a user of a tenant with a role, the account
 * the host verified the user signed in as, and whether the user acts through a delegated
 * session. Every use case takes one and checks it itself (partner permission, ownership, the
 * invited account, no chained delegation). Immutable and thread-safe.
 *
 * <p><b>Building one per request.</b>
 * <ul>
 *   <li>A user signed in to their own tenant: {@link #administrator(TenantId, UserId)},
 *       {@link #member(TenantId, UserId)} or {@link #operator(TenantId, UserId)}, plus
 *       {@link #withVerifiedEmail(EmailAddress)} with the email the host verified for the user.
 *       Accepting or declining an invitation needs it: only the invited account may answer. Add
 *       {@link #withAuthentication(Authentication)} with how and when the user last authenticated
 *       (the ID token's {@code auth_time} and {@code amr}): a delegated login needs a fresh
 *       multi-factor authentication.</li>
 *   <li>A request made with a delegated session's bearer token: exactly
 *       {@code delegation.validateSession(token).map(DelegatedSession::principal)}. Such a
 *       principal acts in the customer tenant as its administrator, but the library refuses it
 *       every use case that would act beyond that tenant or on the delegation itself, with
 *       {@code DELEGATED_SESSION_NOT_ALLOWED}. Building
 *       {@code Principal.administrator(customerTenant, ...)} for a delegated request instead
 *       would let the partner delegate again, answer the customer's invitations and end the
 *       customer's links: never do that.</li>
 * </ul>
 *
 * @param tenantId         the tenant the user acts for (for a delegated session: the customer tenant)
 * @param userId           the user, as the host knows them (for a delegated session: the partner user really acting)
 * @param role             what the user is within that tenant (a delegated session acts as administrator)
 * @param verifiedEmail    the email of the account the host verified the user signed in as; empty when the host does not know it
 * @param delegatedSession the delegated session the request is made through; empty for a user acting in their own tenant
 * @param authentication   how and when the host last authenticated the user; empty when the host does not say (a
 *                         delegated login then needs a step-up, as the {@link
 *                         org.partnerdelegation.core.usecase.StepUpPolicy step-up policy} says)
 */
public record Principal(TenantId tenantId, UserId userId, Role role, Optional<EmailAddress> verifiedEmail,
                        Optional<DelegatedSession> delegatedSession, Optional<Authentication> authentication) {

    /**
     * Checks that every component is present and that a delegated session's principal is the
     * session's own.
     *
     * @param tenantId         the tenant the user acts for
     * @param userId           the user
     * @param role             what the user is within that tenant
     * @param verifiedEmail    the email the host verified for the user's account; empty when unknown
     * @param delegatedSession the delegated session the request is made through; empty for a user in their own tenant
     * @param authentication   how and when the host last authenticated the user; empty when it does not say
     * @throws DelegationException {@code INVALID_INPUT} naming a component that is null, or when a delegated
     *                             session's customer tenant, actor user or the administrator role does not match
     *                             (build such a principal with {@link #delegated(DelegatedSession)}), or when a
     *                             delegated principal carries an authentication (it never logs in anywhere)
     */
    public Principal {
        Validation.requireNonNull(tenantId, "principal.tenantId");
        Validation.requireNonNull(userId, "principal.userId");
        Validation.requireNonNull(role, "principal.role");
        Validation.requireNonNull(verifiedEmail, "principal.verifiedEmail");
        Validation.requireNonNull(delegatedSession, "principal.delegatedSession");
        Validation.requireNonNull(authentication, "principal.authentication");
        if (delegatedSession.isPresent()) {
            DelegatedSession s = delegatedSession.get();
            if (!s.customerTenant().equals(tenantId) || !s.actorUser().equals(userId) || role != Role.ADMINISTRATOR) {
                throw DelegationException.invalidInput("principal.delegatedSession",
                        "must be the session's own principal: build it with Principal.delegated(session)");
            }
            if (authentication.isPresent()) {
                throw DelegationException.invalidInput("principal.authentication",
                        "cannot be given to a delegated session's principal");
            }
        }
    }

    /**
     * A principal without a statement of how the user authenticated, as principals were built
     * before step-up authentication.
     *
     * @param tenantId         the tenant the user acts for
     * @param userId           the user
     * @param role             what the user is within that tenant
     * @param verifiedEmail    the email the host verified for the user's account; empty when unknown
     * @param delegatedSession the delegated session the request is made through; empty for a user in their own tenant
     * @throws DelegationException {@code INVALID_INPUT} as the canonical constructor
     */
    public Principal(TenantId tenantId, UserId userId, Role role, Optional<EmailAddress> verifiedEmail,
                     Optional<DelegatedSession> delegatedSession) {
        this(tenantId, userId, role, verifiedEmail, delegatedSession, Optional.empty());
    }

    /**
     * A user acting in their own tenant, without a verified email.
     *
     * @param tenantId the user's tenant
     * @param userId   the user, as the host knows them
     * @param role     what the user is within the tenant
     * @throws DelegationException {@code INVALID_INPUT} naming the argument that is null
     */
    public Principal(TenantId tenantId, UserId userId, Role role) {
        this(tenantId, userId, role, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * An administrator of the tenant. Add {@link #withVerifiedEmail} for the account's email.
     *
     * @param tenantId the administrator's tenant
     * @param userId   the user, as the host knows them
     * @return an {@link Role#ADMINISTRATOR} principal without a verified email
     * @throws DelegationException {@code INVALID_INPUT} naming the argument that is null
     */
    public static Principal administrator(TenantId tenantId, UserId userId) {
        return new Principal(tenantId, userId, Role.ADMINISTRATOR);
    }

    /**
     * A user of the tenant without administration rights.
     *
     * @param tenantId the user's tenant
     * @param userId   the user, as the host knows them
     * @return a {@link Role#MEMBER} principal without a verified email
     * @throws DelegationException {@code INVALID_INPUT} naming the argument that is null
     */
    public static Principal member(TenantId tenantId, UserId userId) {
        return new Principal(tenantId, userId, Role.MEMBER);
    }

    /**
     * An operator of the host product (the host's own tenant).
     *
     * @param hostTenantId the host product's own tenant
     * @param userId       the operator, as the host knows them
     * @return an {@link Role#OPERATOR} principal
     * @throws DelegationException {@code INVALID_INPUT} naming the argument that is null
     */
    public static Principal operator(TenantId hostTenantId, UserId userId) {
        return new Principal(hostTenantId, userId, Role.OPERATOR);
    }

    /**
     * The principal of a request made with a delegated session: the customer tenant as its
     * administrator, the partner user as the user, and the session itself, which the use cases
     * check (no chained delegation). Same as {@link DelegatedSession#principal()}.
     *
     * @param session the session the request was validated with
     * @return the delegated principal carrying the session
     * @throws DelegationException {@code INVALID_INPUT} when {@code session} is null
     */
    public static Principal delegated(DelegatedSession session) {
        Validation.requireNonNull(session, "session");
        return new Principal(session.customerTenant(), session.actorUser(), Role.ADMINISTRATOR, Optional.empty(),
                Optional.of(session), Optional.empty());
    }

    /**
     * A copy carrying the email the host verified for the user's account (at sign-up, by a
     * confirmation link, or from its identity provider). Accepting and declining an invitation
     * compare it with the address the invitation was mailed to.
     *
     * @param email the email the host verified for the user's account
     * @return a copy with {@link #verifiedEmail()} set
     * @throws DelegationException {@code INVALID_INPUT} when {@code email} is null, or for a delegated
     *                             principal, which answers no invitation
     */
    public Principal withVerifiedEmail(EmailAddress email) {
        Validation.requireNonNull(email, "email");
        if (isDelegated()) {
            throw DelegationException.invalidInput("email", "cannot be given to a delegated session's principal");
        }
        return new Principal(tenantId, userId, role, Optional.of(email), Optional.empty(), authentication);
    }

    /**
     * A copy carrying how and when the host last authenticated the user: the moment and the
     * methods of the last sign-in or step-up, as the identity provider reported them (OpenID
     * Connect's {@code auth_time} and {@code amr}), or {@link Authentication#multiFactor(java.time.Instant)}.
     * A delegated login needs it, multi-factor and fresh, as the step-up policy says; its audit
     * event records the methods.
     *
     * @param authentication how and when the user last authenticated
     * @return a copy with {@link #authentication()} set
     * @throws DelegationException {@code INVALID_INPUT} when {@code authentication} is null, or for a delegated
     *                             principal, which never logs in anywhere
     */
    public Principal withAuthentication(Authentication authentication) {
        Validation.requireNonNull(authentication, "authentication");
        if (isDelegated()) {
            throw DelegationException.invalidInput("authentication", "cannot be given to a delegated session's principal");
        }
        return new Principal(tenantId, userId, role, verifiedEmail, Optional.empty(), Optional.of(authentication));
    }

    /**
     * For hosts whose users have no email: a copy stating that the user signed in as the
     * tenant's administrator account itself, the account the directory names by
     * {@link Tenant#administratorEmail()} and partners invite. The host makes this statement;
     * make it only for the user who holds that account, never for any administrator of the tenant.
     *
     * @param tenant the principal's own tenant, as the directory has it
     * @return a copy whose {@link #verifiedEmail()} is the tenant's administrator email
     * @throws DelegationException {@code INVALID_INPUT} when {@code tenant} is null or is not this principal's
     *                             tenant, or for a delegated principal
     */
    public Principal withAdministratorAccountOf(Tenant tenant) {
        Validation.requireNonNull(tenant, "tenant");
        if (!tenant.id().equals(tenantId)) {
            throw DelegationException.invalidInput("tenant", "must be the principal's own tenant " + tenantId + ", got " + tenant.id());
        }
        return withVerifiedEmail(tenant.administratorEmail());
    }

    /** {@return true when the role is {@link Role#ADMINISTRATOR}, as it is for a delegated session} */
    public boolean isAdministrator() {
        return role == Role.ADMINISTRATOR;
    }

    /** {@return true when the role is {@link Role#OPERATOR}} */
    public boolean isOperator() {
        return role == Role.OPERATOR;
    }

    /**
     * Whether the request is made through a delegated session (a partner user acting in a customer tenant).
     *
     * @return true when {@link #delegatedSession()} is present
     */
    public boolean isDelegated() {
        return delegatedSession.isPresent();
    }

    /**
     * The partner tenant really acting, for a delegated principal.
     *
     * @return the session's partner tenant; empty for a user acting in their own tenant
     */
    public Optional<TenantId> actingPartner() {
        return delegatedSession.map(DelegatedSession::actorTenant);
    }

    @Override
    public String toString() {
        return "Principal[" + role + " " + userId + " of " + tenantId
                + delegatedSession.map(s -> ", delegated from " + s.actorTenant()).orElse("") + "]";
    }
}
