package org.partnerdelegation.core.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the {@code Notifier} is handed to deliver: an outbox entry resolved against the current
 * delegation and both tenants. For an {@link NotificationType#INVITATION} it carries the token
 * minted for this very delivery; the token is in no storage, only here and in the mail.
 * Immutable and thread-safe.
 *
 * @param id                    the outbox entry's id; a notifier may use it to deduplicate
 * @param type                  which notification
 * @param recipient             where it goes
 * @param delegationId          the delegation it is about
 * @param partnerAccountNumber  the partner's account number
 * @param partnerEmail          the partner's administrator email
 * @param customerAccountNumber the customer's account number
 * @param customerEmail         the customer's administrator email
 * @param invitationToken       the invitation's token (INVITATION only)
 * @param invitationExpiresAt   when the invitation expires (INVITATION only)
 * @param roles                 the roles concerned, as the host's catalogue describes them: requested (an
 *                              invitation, a change request) or granted (the other notices); empty when unknown
 * @param term                  the period requested or granted; empty for no end date
 * @param endsAt                the end date in force (or, once renewed, the new one); empty when there is none
 *                              or it starts only at the approval
 * @param autoRenew             whether the grant will be renewed once automatically at its end date
 * @param logins                the delegated logins a login notice (one) or digest (one or more) reports, oldest
 *                              first; empty for every other notification
 * @param partnerName           the partner's display name as the directory has it; empty when it has none (show
 *                              the account number then)
 * @param customerName          the customer's display name as the directory has it; empty when it has none
 */
public record Notification(NotificationId id, NotificationType type, EmailAddress recipient, DelegationId delegationId,
                           AccountNumber partnerAccountNumber, EmailAddress partnerEmail,
                           AccountNumber customerAccountNumber, EmailAddress customerEmail,
                           Optional<SecretToken> invitationToken, Optional<Instant> invitationExpiresAt,
                           List<DelegableRole> roles, Optional<Duration> term, Optional<Instant> endsAt, boolean autoRenew,
                           List<Login> logins, Optional<String> partnerName, Optional<String> customerName) {

    /**
     * One delegated login, as a login notice or digest tells the customer of it: who (the partner
     * user, and the partner tenant as the directory has it), when, with which roles (as the host's
     * catalogue describes them) and why. Immutable and thread-safe.
     *
     * @param partnerAccountNumber the partner tenant's account number
     * @param partnerEmail         the partner tenant's administrator email
     * @param partnerUser          the partner user who logged in
     * @param at                   when
     * @param roles                the roles the session held
     * @param reason               the reason the partner user gave, if any
     * @param partnerName          the partner tenant's display name, if the directory has one
     */
    public record Login(AccountNumber partnerAccountNumber, EmailAddress partnerEmail, UserId partnerUser, Instant at,
                        List<DelegableRole> roles, Optional<String> reason, Optional<String> partnerName) {
        /**
         * Checks that every component is present.
         *
         * @param partnerAccountNumber the partner tenant's account number
         * @param partnerEmail         the partner tenant's administrator email
         * @param partnerUser          the partner user
         * @param at                   when
         * @param roles                the roles; copied
         * @param reason               the reason, if any
         * @param partnerName          the partner's display name, if any
         * @throws DelegationException {@code INVALID_INPUT} naming the first component that is null
         */
        public Login {
            Validation.requireNonNull(partnerAccountNumber, "partnerAccountNumber");
            Validation.requireNonNull(partnerEmail, "partnerEmail");
            Validation.requireNonNull(partnerUser, "partnerUser");
            Validation.requireNonNull(at, "at");
            Validation.requireNonNull(roles, "roles");
            roles = List.copyOf(roles);
            Validation.requireNonNull(reason, "reason");
            Validation.requireNonNull(partnerName, "partnerName");
        }

        /**
         * A login whose partner has no display name.
         *
         * @param partnerAccountNumber the partner tenant's account number
         * @param partnerEmail         the partner tenant's administrator email
         * @param partnerUser          the partner user
         * @param at                   when
         * @param roles                the roles; copied
         * @param reason               the reason, if any
         * @throws DelegationException {@code INVALID_INPUT} naming the first component that is null
         */
        public Login(AccountNumber partnerAccountNumber, EmailAddress partnerEmail, UserId partnerUser, Instant at,
                     List<DelegableRole> roles, Optional<String> reason) {
            this(partnerAccountNumber, partnerEmail, partnerUser, at, roles, reason, Optional.empty());
        }
    }

    /**
     * Checks that every component is present, and that an invitation carries its token and expiry.
     *
     * @param id                    the outbox entry's id
     * @param type                  which notification
     * @param recipient             where it goes
     * @param delegationId          the delegation it is about
     * @param partnerAccountNumber  the partner's account number
     * @param partnerEmail          the partner's administrator email
     * @param customerAccountNumber the customer's account number
     * @param customerEmail         the customer's administrator email
     * @param invitationToken       the invitation's token; required for an INVITATION, empty otherwise
     * @param invitationExpiresAt   when the invitation expires; required for an INVITATION, empty otherwise
     * @param roles                 the roles concerned; copied
     * @param term                  the period requested or granted, if any
     * @param endsAt                the end date in force, if any
     * @param autoRenew             whether the grant renews once automatically
     * @param logins                the logins reported; required (at least one) for a login notice or digest,
     *                              empty otherwise; copied
     * @param partnerName           the partner's display name, if any
     * @param customerName          the customer's display name, if any
     * @throws DelegationException {@code INVALID_INPUT} naming the first component that is null, or the
     *                             token or expiry an INVITATION lacks, or the logins a login notice lacks
     */
    public Notification {
        Validation.requireNonNull(id, "id");
        Validation.requireNonNull(type, "type");
        Validation.requireNonNull(recipient, "recipient");
        Validation.requireNonNull(delegationId, "delegationId");
        Validation.requireNonNull(partnerAccountNumber, "partnerAccountNumber");
        Validation.requireNonNull(partnerEmail, "partnerEmail");
        Validation.requireNonNull(customerAccountNumber, "customerAccountNumber");
        Validation.requireNonNull(customerEmail, "customerEmail");
        Validation.requireNonNull(invitationToken, "invitationToken");
        Validation.requireNonNull(invitationExpiresAt, "invitationExpiresAt");
        if (type.carriesInvitation() && invitationToken.isEmpty()) {
            throw DelegationException.invalidInput("invitationToken", "is required for an invitation");
        }
        if (type.carriesInvitation() && invitationExpiresAt.isEmpty()) {
            throw DelegationException.invalidInput("invitationExpiresAt", "is required for an invitation");
        }
        Validation.requireNonNull(roles, "roles");
        roles = List.copyOf(roles);
        Validation.requireNonNull(term, "term");
        Validation.requireNonNull(endsAt, "endsAt");
        Validation.requireNonNull(logins, "logins");
        logins = List.copyOf(logins);
        if (type.reportsLogins() && logins.isEmpty()) {
            throw DelegationException.invalidInput("logins", "are required for a " + type);
        }
        Validation.requireNonNull(partnerName, "partnerName");
        Validation.requireNonNull(customerName, "customerName");
    }

    /**
     * A notification whose tenants have no display name: the canonical form before tenant profiles.
     *
     * @param id                    the outbox entry's id
     * @param type                  which notification
     * @param recipient             where it goes
     * @param delegationId          the delegation it is about
     * @param partnerAccountNumber  the partner's account number
     * @param partnerEmail          the partner's administrator email
     * @param customerAccountNumber the customer's account number
     * @param customerEmail         the customer's administrator email
     * @param invitationToken       the invitation's token; required for an INVITATION, empty otherwise
     * @param invitationExpiresAt   when the invitation expires; required for an INVITATION, empty otherwise
     * @param roles                 the roles concerned; copied
     * @param term                  the period requested or granted, if any
     * @param endsAt                the end date in force, if any
     * @param autoRenew             whether the grant renews once automatically
     * @param logins                the logins reported (a login notice or digest), empty otherwise; copied
     * @throws DelegationException {@code INVALID_INPUT} as the canonical constructor
     */
    public Notification(NotificationId id, NotificationType type, EmailAddress recipient, DelegationId delegationId,
                        AccountNumber partnerAccountNumber, EmailAddress partnerEmail,
                        AccountNumber customerAccountNumber, EmailAddress customerEmail,
                        Optional<SecretToken> invitationToken, Optional<Instant> invitationExpiresAt,
                        List<DelegableRole> roles, Optional<Duration> term, Optional<Instant> endsAt, boolean autoRenew,
                        List<Login> logins) {
        this(id, type, recipient, delegationId, partnerAccountNumber, partnerEmail, customerAccountNumber, customerEmail,
                invitationToken, invitationExpiresAt, roles, term, endsAt, autoRenew, logins, Optional.empty(), Optional.empty());
    }

    /**
     * A copy naming both tenants by their display names.
     *
     * @param partner  the partner's display name, if any
     * @param customer the customer's display name, if any
     * @return the changed copy
     * @throws DelegationException {@code INVALID_INPUT} when an argument is null
     */
    public Notification withNames(Optional<String> partner, Optional<String> customer) {
        return new Notification(id, type, recipient, delegationId, partnerAccountNumber, partnerEmail, customerAccountNumber,
                customerEmail, invitationToken, invitationExpiresAt, roles, term, endsAt, autoRenew, logins, partner, customer);
    }

    /**
     * A notification that reports no login: every kind but the login notice and digest.
     *
     * @param id                    the outbox entry's id
     * @param type                  which notification
     * @param recipient             where it goes
     * @param delegationId          the delegation it is about
     * @param partnerAccountNumber  the partner's account number
     * @param partnerEmail          the partner's administrator email
     * @param customerAccountNumber the customer's account number
     * @param customerEmail         the customer's administrator email
     * @param invitationToken       the invitation's token; required for an INVITATION, empty otherwise
     * @param invitationExpiresAt   when the invitation expires; required for an INVITATION, empty otherwise
     * @param roles                 the roles concerned; copied
     * @param term                  the period requested or granted, if any
     * @param endsAt                the end date in force, if any
     * @param autoRenew             whether the grant renews once automatically
     * @throws DelegationException {@code INVALID_INPUT} as the canonical constructor
     */
    public Notification(NotificationId id, NotificationType type, EmailAddress recipient, DelegationId delegationId,
                        AccountNumber partnerAccountNumber, EmailAddress partnerEmail,
                        AccountNumber customerAccountNumber, EmailAddress customerEmail,
                        Optional<SecretToken> invitationToken, Optional<Instant> invitationExpiresAt,
                        List<DelegableRole> roles, Optional<Duration> term, Optional<Instant> endsAt, boolean autoRenew) {
        this(id, type, recipient, delegationId, partnerAccountNumber, partnerEmail, customerAccountNumber, customerEmail,
                invitationToken, invitationExpiresAt, roles, term, endsAt, autoRenew, List.of());
    }

    /**
     * A notification of the seed's whole-tenant grant: {@code tenant:administrator}, no end date.
     *
     * @param id                    the outbox entry's id
     * @param type                  which notification
     * @param recipient             where it goes
     * @param delegationId          the delegation it is about
     * @param partnerAccountNumber  the partner's account number
     * @param partnerEmail          the partner's administrator email
     * @param customerAccountNumber the customer's account number
     * @param customerEmail         the customer's administrator email
     * @param invitationToken       the invitation's token; required for an INVITATION, empty otherwise
     * @param invitationExpiresAt   when the invitation expires; required for an INVITATION, empty otherwise
     * @throws DelegationException {@code INVALID_INPUT} as the canonical constructor
     */
    public Notification(NotificationId id, NotificationType type, EmailAddress recipient, DelegationId delegationId,
                        AccountNumber partnerAccountNumber, EmailAddress partnerEmail, AccountNumber customerAccountNumber,
                        EmailAddress customerEmail, Optional<SecretToken> invitationToken, Optional<Instant> invitationExpiresAt) {
        this(id, type, recipient, delegationId, partnerAccountNumber, partnerEmail, customerAccountNumber, customerEmail,
                invitationToken, invitationExpiresAt, List.of(DelegableRole.TENANT_ADMINISTRATOR), Optional.empty(),
                Optional.empty(), false);
    }
}
