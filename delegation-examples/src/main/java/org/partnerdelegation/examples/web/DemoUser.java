package org.partnerdelegation.examples.web;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.examples.SeedTenants;

/**
 * A user of the demo's sign-in picker: what a host's own login would establish. The host owns
 * authentication; the demo only lets a visitor pick who they are.
 *
 * @param key       the picker's value, stable across runs
 * @param name      who the user is, as the pages show it
 * @param tenant    the tenant's display name
 * @param role      what the user does in the demo, in words
 * @param principal the principal the demo's requests act as
 * @param home      the page the user lands on after signing in
 */
public record DemoUser(String key, String name, String tenant, String role, Principal principal, String home) {

    public DemoUser {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(home, "home");
    }

    /** Every demo user, partners first. */
    public static List<DemoUser> all() {
        return List.of(
                new DemoUser("jane", "jane@acme-reseller.example", "Acme Reseller (P-1001)", "Partner administrator",
                        SeedTenants.janeAtAcme(), "/accounts"),
                new DemoUser("gary", "gary@globex-services.example", "Globex Services (P-1002)", "Partner administrator",
                        SeedTenants.garyAtGlobex(), "/accounts"),
                customer("initech", "Initech (C-2001)", SeedTenants.initech()),
                customer("umbrella", "Umbrella (C-2002)", SeedTenants.umbrella()),
                customer("hooli", "Hooli (C-2003)", SeedTenants.hooli()),
                new DemoUser("art", "art@vandelay.example", "Vandelay Industries (P-1003)",
                        "Administrator, no partner permission", SeedTenants.artAtVandelay(), "/accounts"),
                new DemoUser("operator", "operator@app.example.com", "Example Cloud (host)", "Operator",
                        SeedTenants.operator(), "/operator"));
    }

    /** The user with {@code key}, if there is one. */
    public static Optional<DemoUser> byKey(String key) {
        return all().stream().filter(u -> u.key().equals(key)).findFirst();
    }

    private static DemoUser customer(String key, String tenantName, Tenant tenant) {
        return new DemoUser(key, tenant.administratorEmail().value(), tenantName, "Customer administrator",
                SeedTenants.administratorOf(tenant), "/partner-access");
    }
}
