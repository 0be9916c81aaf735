package org.partnerdelegation.examples;

import org.partnerdelegation.core.domain.DelegableRole;
import org.partnerdelegation.core.domain.RoleCatalogue;
import org.partnerdelegation.core.domain.RoleKey;

/**
 * The roles the demo product lets partners request: what a host registers once, at start-up.
 * {@code tenant:administrator} stays the default, so that adding a customer without naming roles
 * is the seed's plain flow.
 */
public final class DemoRoles {

    /** Reads invoices and payment methods. */
    public static final RoleKey BILLING_READ = RoleKey.of("billing:read");
    /** Opens and answers support tickets; sensitive: a customer may require a reason for each session. */
    public static final RoleKey SUPPORT_TICKETS = RoleKey.of("support:tickets");

    private DemoRoles() {
    }

    /** The demo's catalogue: the whole tenant (the default), billing read-only, support tickets (sensitive). */
    public static RoleCatalogue catalogue() {
        return RoleCatalogue.builder()
                .role(DelegableRole.TENANT_ADMINISTRATOR)
                .role(new DelegableRole(BILLING_READ, "Billing (read only)", "Reads invoices, usage and payment methods.", false, true))
                .role(new DelegableRole(SUPPORT_TICKETS, "Support tickets", "Opens and answers the customer's support tickets.",
                        true, true))
                .defaultRoles(RoleKey.TENANT_ADMINISTRATOR)
                .build();
    }
}
