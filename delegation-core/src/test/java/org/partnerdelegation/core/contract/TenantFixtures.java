package org.partnerdelegation.core.contract;

import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.UserId;

/** Tenants and principals for tests, as static factories. */
public final class TenantFixtures {

    public static final TenantId HOST = TenantId.of("host");

    private TenantFixtures() {
    }

    /** Partner number {@code n}: holds the partner permission, administrator {@code admin@partnerN.example}. */
    public static Tenant partner(int n) {
        return new Tenant(TenantId.of("partner-" + n), AccountNumber.of("P-" + (1000 + n)),
                EmailAddress.of("admin@partner" + n + ".example"), true);
    }

    /** Customer number {@code n}: no partner permission, administrator {@code admin@customerN.example}. */
    public static Tenant customer(int n) {
        return new Tenant(TenantId.of("customer-" + n), AccountNumber.of("C-" + (2000 + n)),
                EmailAddress.of("admin@customer" + n + ".example"), false);
    }

    /**
     * The tenant's administrator account (the one partners invite), as the host authenticated
     * it: an administrator whose verified email is the tenant's administrator email.
     */
    public static Principal adminOf(Tenant tenant) {
        return Principal.administrator(tenant.id(), UserId.of("admin-of-" + tenant.id())).withVerifiedEmail(tenant.administratorEmail());
    }

    /** Another administrator of the tenant: not the account partners invite. */
    public static Principal otherAdminOf(Tenant tenant) {
        return Principal.administrator(tenant.id(), UserId.of("other-admin-of-" + tenant.id()))
                .withVerifiedEmail(EmailAddress.of("other-admin@" + tenant.id() + ".example"));
    }

    /** The principal of a request made through a delegated session, as the host must build it. */
    public static Principal delegatedVia(DelegatedSession session) {
        return session.principal();
    }

    /** A user of a tenant who is not its administrator. */
    public static Principal memberOf(Tenant tenant) {
        return Principal.member(tenant.id(), UserId.of("member-of-" + tenant.id()));
    }

    /** An operator of the host product. */
    public static Principal operator() {
        return Principal.operator(HOST, UserId.of("operator"));
    }
}
