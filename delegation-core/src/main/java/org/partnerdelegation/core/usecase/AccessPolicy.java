package org.partnerdelegation.core.usecase;

import java.util.Optional;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.port.TenantDirectory;

/**
 * Who may do what: the one place every use case asks. Each method refuses with a
 * {@link DelegationException} before the use case writes anything, and checks in the same order
 * everywhere, so that a refusal never depends on (and never reveals) the state of a delegation:
 * first a delegated session (no chained delegation), then the role, then the tenant.
 *
 * <p>Methods that read the directory are called inside the use case's unit of work, so that a
 * directory on the store's database answers on the same connection and transaction.
 */
final class AccessPolicy {

    private final TenantDirectory tenants;

    AccessPolicy(TenantDirectory tenants) {
        this.tenants = tenants;
    }

    /** A partner's administrator managing its customers: adds, resends, logs in, deletes. */
    Tenant partnerAdministrator(Principal actor) {
        notDelegated(actor);
        requireAdministrator(actor);
        return partnerWithPermission(actor);
    }

    /**
     * {@link #partnerAdministrator(Principal)} with the partner tenant already read, by a joined
     * query: the same checks in the same order, without reading the directory again.
     */
    Tenant partnerAdministrator(Principal actor, Optional<Tenant> partner) {
        notDelegated(actor);
        requireAdministrator(actor);
        return withPermission(actor, partner);
    }

    /** Any user of a partner tenant reading its account list. */
    Tenant partnerMember(Principal actor) {
        notDelegated(actor);
        return partnerWithPermission(actor);
    }

    /** An operator of the host product. */
    void operator(Principal actor) {
        notDelegated(actor);
        if (!actor.isOperator()) {
            throw new DelegationException(ErrorCode.OPERATOR_REQUIRED,
                    "Only an operator of the product can do this; user " + actor.userId() + " is not one.");
        }
    }

    /** The customer's own administrator acting on its side of the link: disassociating, ending sessions into its tenant. */
    void customerAdministrator(Principal actor) {
        notDelegated(actor);
        requireAdministrator(actor);
    }

    /**
     * Anyone of the customer tenant reading its link, a delegated session included: the partner
     * may see the link it acts under.
     */
    void customerReader(Principal actor) {
        DelegationException.requireArgument(actor, "actor");
    }

    /**
     * The invited account answering the invitation of {@code d}: a user of the customer tenant,
     * its administrator, whose verified email is the address the invitation was mailed to (the
     * Email column). The refusal does not say which account was invited: anyone holding the
     * link would learn it.
     */
    void invitedAccount(Principal actor, Delegation d) {
        notDelegated(actor);
        boolean invited = actor.tenantId().equals(d.customerTenant()) && actor.isAdministrator()
                && actor.verifiedEmail().map(email -> email.matches(d.customerEmail())).orElse(false);
        if (!invited) {
            throw new DelegationException(ErrorCode.INVITATION_FOR_ANOTHER_ACCOUNT,
                    "This invitation was sent to another account. Sign in as the account the invitation mail was "
                            + "addressed to, then open the link again.");
        }
    }

    /**
     * Reading the audit trail of {@code d}: its partner, its customer and operators; a delegated
     * session only the trail of the delegation it was issued under. Anyone else is told the
     * delegation does not exist.
     */
    void auditReader(Principal actor, Delegation d) {
        DelegationException.requireArgument(actor, "actor");
        boolean allowed = actor.delegatedSession()
                .map(s -> s.delegationId().equals(d.id()))
                .orElse(actor.isOperator() || d.involves(actor.tenantId()));
        if (!allowed) {
            throw UseCaseSupport.notFound(d.id());
        }
    }

    /**
     * Ending the sessions of a user of {@code partnerTenant}: an operator, or an administrator
     * of that very partner tenant (who need not hold the partner permission any more: ending
     * access is always allowed).
     */
    void partnerUserManager(Principal actor, TenantId partnerTenant) {
        notDelegated(actor);
        if (actor.isOperator()) {
            return;
        }
        requireAdministrator(actor);
        if (!actor.tenantId().equals(partnerTenant)) {
            throw new DelegationException(ErrorCode.ACCOUNT_NOT_FOUND,
                    "Tenant " + partnerTenant + " is not yours; you can end the sessions of your own users only.");
        }
    }

    /**
     * Reading the audit trail of a whole tenant: an operator, or an administrator of that very
     * tenant acting in it (not through a delegated session). Anyone else is told the tenant is not theirs.
     */
    void tenantAuditReader(Principal actor, TenantId tenant) {
        notDelegated(actor);
        DelegationException.requireArgument(tenant, "tenantId");
        if (actor.isOperator()) {
            return;
        }
        requireAdministrator(actor);
        if (!actor.tenantId().equals(tenant)) {
            throw new DelegationException(ErrorCode.ACCOUNT_NOT_FOUND,
                    "Tenant " + tenant + " is not yours; you can export your own tenant's audit trail only.");
        }
    }

    /** No chained delegation: a delegated session acts in its customer tenant only. */
    static void notDelegated(Principal actor) {
        DelegationException.requireArgument(actor, "actor");
        if (actor.isDelegated()) {
            throw new DelegationException(ErrorCode.DELEGATED_SESSION_NOT_ALLOWED,
                    "You are signed in to this account through a partner's delegated session, which cannot do this. "
                            + "Sign in with your own account.");
        }
    }

    /** The role check alone, for a use case that reads the partner tenant later, with a joined query. */
    static void requireAdministrator(Principal actor) {
        if (!actor.isAdministrator()) {
            throw new DelegationException(ErrorCode.ADMINISTRATOR_REQUIRED,
                    "Only an administrator of the tenant can do this; user " + actor.userId() + " is not one.");
        }
    }

    private Tenant partnerWithPermission(Principal actor) {
        return withPermission(actor, tenants.findById(actor.tenantId()));
    }

    private static Tenant withPermission(Principal actor, Optional<Tenant> partner) {
        Tenant tenant = partner
                .orElseThrow(() -> new DelegationException(ErrorCode.ACCOUNT_NOT_FOUND,
                        "Tenant " + actor.tenantId() + " is not known to the directory."));
        if (!tenant.partnerPermission()) {
            throw new DelegationException(ErrorCode.PARTNER_PERMISSION_REQUIRED,
                    "Account " + tenant.accountNumber() + " does not have the partner permission. "
                            + "Ask an operator to grant it before managing customer accounts.");
        }
        return tenant;
    }
}
