package org.partnerdelegation.examples.spring;

import java.util.Objects;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.Role;
import org.partnerdelegation.core.domain.TenantId;

/**
 * One user of the sample's own login: what a host keeps in its user table. The email is the one
 * the host verified (here: the sample says so), which accepting an invitation compares with the
 * address the invitation was mailed to.
 *
 * @param email    the sign-in name and verified email
 * @param password the password, shown on the sign-in page because this is a sample
 * @param tenant   the tenant the user belongs to
 * @param role     the user's role in that tenant
 * @param story    what the user is for, shown on the sign-in page
 */
public record SampleUser(EmailAddress email, String password, TenantId tenant, Role role, String story) {

    /** Checks that no part is missing. */
    public SampleUser {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(story, "story");
    }

    /** {@return the sign-in name: the email's text} */
    public String username() {
        return email.value();
    }
}
