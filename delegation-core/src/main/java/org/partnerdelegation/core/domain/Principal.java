package org.partnerdelegation.core.domain;

/**
 * Who is acting, as the host authenticated them: a user of a tenant with a role. Every use case
 * takes one and checks it itself (partner permission, ownership, the invited account).
 *
 * @param tenantId the tenant the user acts for
 * @param userId   the user, as the host knows them
 * @param role     what the user is within that tenant
 */
public record Principal(TenantId tenantId, UserId userId, Role role) {

    public Principal {
        Validation.requireNonNull(tenantId, "principal.tenantId");
        Validation.requireNonNull(userId, "principal.userId");
        Validation.requireNonNull(role, "principal.role");
    }

    public static Principal administrator(TenantId tenantId, UserId userId) {
        return new Principal(tenantId, userId, Role.ADMINISTRATOR);
    }

    public static Principal member(TenantId tenantId, UserId userId) {
        return new Principal(tenantId, userId, Role.MEMBER);
    }

    public static Principal operator(TenantId hostTenantId, UserId userId) {
        return new Principal(hostTenantId, userId, Role.OPERATOR);
    }

    public boolean isAdministrator() {
        return role == Role.ADMINISTRATOR;
    }

    public boolean isOperator() {
        return role == Role.OPERATOR;
    }
}
