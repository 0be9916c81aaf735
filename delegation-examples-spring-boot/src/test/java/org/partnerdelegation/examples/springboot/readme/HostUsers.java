package org.partnerdelegation.examples.springboot.readme;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.UserId;

/** The README's stand-in for a host's own user table. */
public interface HostUsers {

    /**
     * A user as the host knows them.
     *
     * @param tenant        the user's tenant
     * @param id            the user's id
     * @param verifiedEmail the email the host verified
     * @param lastSignIn    when the user last authenticated
     * @param factors       how (RFC 8176 {@code amr} values)
     */
    record HostUser(TenantId tenant, UserId id, EmailAddress verifiedEmail, Instant lastSignIn, Set<String> factors) {
    }

    /**
     * The user of that sign-in name.
     *
     * @param username the name the host's login authenticated
     * @return the user, or empty
     */
    Optional<HostUser> find(String username);
}
