package org.partnerdelegation.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.Authentication;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.UserId;

/**
 * The tenants, principals and tokens the benchmarks use. Tokens are derived from a name, not
 * drawn at random, so that a JMH fork can recompute the token of a session that another process
 * loaded into a shared PostgreSQL database.
 */
public final class Fixtures {

    private Fixtures() {
    }

    /** Partner number {@code n}: holds the partner permission. */
    public static Tenant partner(int n) {
        return new Tenant(TenantId.of("partner-" + n), AccountNumber.of("P-" + (1000 + n)),
                EmailAddress.of("admin@partner" + n + ".example"), true);
    }

    /** Customer number {@code n}: administrator {@code admin@customerN.example}. */
    public static Tenant customer(long n) {
        return new Tenant(TenantId.of("customer-" + n), AccountNumber.of("C-" + (2000 + n)),
                EmailAddress.of("admin@customer" + n + ".example"), false);
    }

    /**
     * The tenant's administrator account (the one partners invite), as the host authenticated it:
     * its verified email is the tenant's administrator email, so it may accept invitations too, and
     * it has just signed in with a password and a one-time code, the step-up a delegated login asks
     * for (by the system clock, which the benchmarks' facades read; a benchmark longer than the
     * 15 minutes a step-up lasts takes a new principal per iteration).
     */
    public static Principal adminOf(Tenant tenant) {
        return Principal.administrator(tenant.id(), UserId.of("admin-of-" + tenant.id()))
                .withVerifiedEmail(tenant.administratorEmail())
                .withAuthentication(Authentication.of(Instant.now(), "pwd", "otp"));
    }

    /** A well-formed token that is the same in every process: base64url of SHA-256 of the name. */
    public static SecretToken token(String name) {
        try {
            byte[] bits = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return SecretToken.parse(Base64.getUrlEncoder().withoutPadding().encodeToString(bits));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
