package org.partnerdelegation.examples.spring;

import java.util.List;
import java.util.Optional;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.DelegableRole;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.Role;
import org.partnerdelegation.core.domain.RoleCatalogue;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.TenantProfile;

/**
 * The sample product's tenants, users and delegable roles: what a host keeps in its own tables.
 * Acme Reseller is a partner by contract; Globex Services is not, until the operator grants it the
 * partner permission; Initech and Umbrella are customers.
 */
public final class SampleDirectory {

    /** The host product's own tenant, whose operators grant the partner permission. */
    public static final TenantId HOST = TenantId.of("host");
    /** The role the delegated billing page asks for. */
    public static final RoleKey BILLING_READ = RoleKey.of("billing:read");

    /** Acme Reseller: a partner by contract; Jane is its administrator and its account email. */
    public static final Tenant ACME = new Tenant(TenantId.of("acme-reseller"), AccountNumber.of("P-1001"),
            EmailAddress.of("jane@acme-reseller.example"), true, TenantProfile.named("Acme Reseller"));
    /** Globex Services: a second partner, without the partner permission until an operator grants it. */
    public static final Tenant GLOBEX = new Tenant(TenantId.of("globex-services"), AccountNumber.of("P-1002"),
            EmailAddress.of("gary@globex-services.example"), false, TenantProfile.named("Globex Services"));
    /** Initech: a customer. */
    public static final Tenant INITECH = new Tenant(TenantId.of("initech"), AccountNumber.of("C-2001"),
            EmailAddress.of("admin@initech.example"), false, TenantProfile.named("Initech"));
    /** Umbrella: a customer. */
    public static final Tenant UMBRELLA = new Tenant(TenantId.of("umbrella"), AccountNumber.of("C-2002"),
            EmailAddress.of("admin@umbrella.example"), false, TenantProfile.named("Umbrella"));

    /** Every tenant the seed registers in the library's tenant directory. */
    public static final List<Tenant> TENANTS = List.of(ACME, GLOBEX, INITECH, UMBRELLA);

    /** The users of the sample's login, in the order the sign-in page lists them. */
    public static final List<SampleUser> USERS = List.of(
            new SampleUser(ACME.administratorEmail(), "jane", ACME.id(), Role.ADMINISTRATOR,
                    "Partner: administrator of Acme Reseller, which holds the partner permission. Adds customers, logs in to them."),
            new SampleUser(GLOBEX.administratorEmail(), "gary", GLOBEX.id(), Role.ADMINISTRATOR,
                    "Second partner: administrator of Globex Services, refused until the operator grants the permission;"
                            + " then refused a customer that Acme already manages."),
            new SampleUser(INITECH.administratorEmail(), "initech", INITECH.id(), Role.ADMINISTRATOR,
                    "Customer: administrator of Initech. Reviews the invitation, sees and ends the partner's sessions."),
            new SampleUser(UMBRELLA.administratorEmail(), "umbrella", UMBRELLA.id(), Role.ADMINISTRATOR,
                    "Customer: administrator of Umbrella."),
            new SampleUser(EmailAddress.of("operator@host.example"), "operator", HOST, Role.OPERATOR,
                    "Operator of the host product: grants and revokes the partner permission."));

    private SampleDirectory() {
    }

    /**
     * The user of that sign-in name.
     *
     * @param username the name Spring Security authenticated
     * @return the user, or empty for a name the sample does not know
     */
    public static Optional<SampleUser> user(String username) {
        return USERS.stream().filter(u -> u.username().equalsIgnoreCase(username)).findFirst();
    }

    /**
     * The roles partners may ask for: the whole tenant (the default) and read-only billing, which the
     * delegated billing page requires.
     *
     * @return the catalogue
     */
    public static RoleCatalogue roles() {
        return RoleCatalogue.builder()
                .role(DelegableRole.TENANT_ADMINISTRATOR)
                .role(new DelegableRole(BILLING_READ, "Billing (read only)", "Reads invoices and payment methods.", false, true))
                .defaultRoles(RoleKey.TENANT_ADMINISTRATOR)
                .build();
    }
}
