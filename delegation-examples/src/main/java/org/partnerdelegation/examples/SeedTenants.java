package org.partnerdelegation.examples;

import java.time.ZoneId;
import java.util.Locale;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.TenantProfile;
import org.partnerdelegation.core.domain.UserId;

/**
 * The tenants and users of the walkthrough, as static factories: what a host's own tenant
 * tables and login would provide, each with the display name its mails and the accept page show
 * (and Hooli with German and Europe/Berlin).
 */
public final class SeedTenants {

    /** The host product's own tenant, whose operators grant the partner permission. */
    public static final TenantId HOST = TenantId.of("host");

    private SeedTenants() {
    }

    /** Acme Reseller: a partner by contract, holding the partner permission. */
    public static Tenant acmeReseller() {
        return new Tenant(TenantId.of("acme-reseller"), AccountNumber.of("P-1001"),
                EmailAddress.of("admin@acme-reseller.example"), true, TenantProfile.named("Acme Reseller"));
    }

    /** Globex Services: not a partner by contract; an operator grants it the permission as a special case. */
    public static Tenant globexServices() {
        return new Tenant(TenantId.of("globex-services"), AccountNumber.of("P-1002"),
                EmailAddress.of("admin@globex-services.example"), false, TenantProfile.named("Globex Services"));
    }

    /** Customer 1. */
    public static Tenant initech() {
        return new Tenant(TenantId.of("initech"), AccountNumber.of("C-2001"), EmailAddress.of("admin@initech.example"), false,
                TenantProfile.named("Initech"));
    }

    /** Customer 2. */
    public static Tenant umbrella() {
        return new Tenant(TenantId.of("umbrella"), AccountNumber.of("C-2002"), EmailAddress.of("it-admin@umbrella.example"), false,
                TenantProfile.named("Umbrella"));
    }

    /**
     * Customer 3: asked for read-only billing access for 30 days. Its administrator reads German and
     * lives in Berlin: its mails are German, with times in Europe/Berlin.
     */
    public static Tenant hooli() {
        return new Tenant(TenantId.of("hooli"), AccountNumber.of("C-2003"), EmailAddress.of("admin@hooli.example"), false,
                TenantProfile.named("Hooli").withLocale(Locale.GERMAN).withTimeZone(ZoneId.of("Europe/Berlin")));
    }

    /** Vandelay Industries: neither a partner by contract nor granted the permission; adding a customer is refused. */
    public static Tenant vandelay() {
        return new Tenant(TenantId.of("vandelay"), AccountNumber.of("P-1003"), EmailAddress.of("admin@vandelay.example"), false,
                TenantProfile.named("Vandelay Industries"));
    }

    /** Art, an administrator of Vandelay Industries. */
    public static Principal artAtVandelay() {
        return Principal.administrator(vandelay().id(), UserId.of("art@vandelay.example"));
    }

    /** Jane, an administrator of Acme Reseller: the partner user who adds customers and logs in to them. */
    public static Principal janeAtAcme() {
        return Principal.administrator(acmeReseller().id(), UserId.of("jane@acme-reseller.example"));
    }

    /** Gary, an administrator of Globex Services. */
    public static Principal garyAtGlobex() {
        return Principal.administrator(globexServices().id(), UserId.of("gary@globex-services.example"));
    }

    /**
     * The user signed in to a customer tenant with the tenant's administrator account, the account
     * partners invite: an administrator whose email the host verified. Only this principal may
     * accept or decline an invitation mailed to that address.
     */
    public static Principal administratorOf(Tenant tenant) {
        return Principal.administrator(tenant.id(), UserId.of(tenant.administratorEmail().value()))
                .withVerifiedEmail(tenant.administratorEmail());
    }

    /** An operator of the host product. */
    public static Principal operator() {
        return Principal.operator(HOST, UserId.of("operator@app.example.com"));
    }
}
