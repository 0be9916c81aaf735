package org.partnerdelegation.benchmarks.load;

import java.time.Instant;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.Authentication;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.UserId;

/**
 * The tenants of one load run: thread {@code g} (numbered across nodes) acts for partner
 * {@code g} and owns customers {@code (g, 0..n-1)}, so that each thread knows the whole state of
 * its own delegations and any answer contradicting it is a wrong answer. The run's id is in every
 * name, so that runs on a database kept between them do not meet.
 */
record LoadTenants(String run, int customersPerThread) {

    Tenant partner(int g) {
        return new Tenant(TenantId.of("load-" + run + "-p" + g), AccountNumber.of("LP-" + run + "-" + g),
                EmailAddress.of("admin@p" + g + ".r" + run + ".load.example"), true);
    }

    Tenant customer(int g, int i) {
        return new Tenant(TenantId.of("load-" + run + "-c" + g + "-" + i), AccountNumber.of("LC-" + run + "-" + g + "-" + i),
                EmailAddress.of("admin@c" + g + "-" + i + ".r" + run + ".load.example"), false);
    }

    /**
     * The thread and customer number an email of {@link #customer} names; null for any other
     * address (the partners' notices).
     */
    int[] customerOf(String email) {
        String suffix = ".r" + run + ".load.example";
        String lower = email.toLowerCase(java.util.Locale.ROOT);
        if (!lower.startsWith("admin@c") || !lower.endsWith(suffix)) {
            return null;
        }
        String[] gi = lower.substring("admin@c".length(), lower.length() - suffix.length()).split("-");
        if (gi.length != 2) {
            return null;
        }
        try {
            return new int[] {Integer.parseInt(gi[0]), Integer.parseInt(gi[1])};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The tenant's administrator, just signed in with a second factor (the step-up a delegated login asks for). */
    static Principal adminOf(Tenant tenant) {
        return Principal.administrator(tenant.id(), UserId.of("admin-of-" + tenant.id()))
                .withVerifiedEmail(tenant.administratorEmail())
                .withAuthentication(Authentication.of(Instant.now(), "pwd", "otp"));
    }

    /** The host's operator, who revokes and grants the partner permission. */
    static Principal operator() {
        return Principal.operator(TenantId.of("host"), UserId.of("load-operator"));
    }
}
