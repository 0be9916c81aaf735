package org.partnerdelegation.core.usecase;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.DelegableRole;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.EmailAddress;

/**
 * What an invitation asks the customer to approve, for the accept page: who asks, which roles,
 * for how long. Read by the invited account only ({@link PartnerDelegation#reviewInvitation}).
 * Immutable and thread-safe.
 *
 * @param delegationId          the delegation
 * @param kind                  a new delegation, or a change of a connected one
 * @param partnerAccountNumber  the partner's account number; empty when the partner left the directory
 * @param partnerEmail          the partner's administrator email; empty when the partner left the directory
 * @param customerEmail         the invited account
 * @param requestedRoles        the roles asked for, as the host's catalogue describes them
 * @param requestedTerm         the period asked for, counted from the approval; empty for no end date (for a
 *                              change: to keep the current end date)
 * @param currentRoles          for a change, the roles granted now; empty for a new delegation
 * @param currentEndsAt         for a change, the end date in force, if any
 * @param invitationExpiresAt   until when the link can be answered
 * @param autoRenewalAllowed    whether the customer may approve automatic renewal of what is asked
 * @param partnerName           the partner's display name as the directory has it; empty when it has none or the
 *                              partner left the directory (show the account number then): shown beside the account
 *                              number and email, so that the customer can tell who asks
 */
public record InvitationReview(DelegationId delegationId, Kind kind, Optional<AccountNumber> partnerAccountNumber,
                               Optional<EmailAddress> partnerEmail, EmailAddress customerEmail,
                               List<DelegableRole> requestedRoles, Optional<Duration> requestedTerm,
                               List<DelegableRole> currentRoles, Optional<Instant> currentEndsAt, Instant invitationExpiresAt,
                               boolean autoRenewalAllowed, Optional<String> partnerName) {

    /** What the invitation is for. */
    public enum Kind {
        /** The partner asks to manage the customer: accepting connects them. */
        NEW_DELEGATION,
        /** The connected partner asks for more roles or a longer period: approving changes the grant. */
        CHANGE_OF_GRANT
    }

    /**
     * Copies the lists.
     *
     * @param delegationId        the delegation
     * @param kind                a new delegation or a change
     * @param partnerAccountNumber the partner's account number, if known
     * @param partnerEmail        the partner's administrator email, if known
     * @param customerEmail       the invited account
     * @param requestedRoles      the roles asked for; copied
     * @param requestedTerm       the period asked for, if any
     * @param currentRoles        the roles granted now (a change); copied
     * @param currentEndsAt       the end date in force (a change), if any
     * @param invitationExpiresAt until when the link can be answered
     * @param autoRenewalAllowed  whether automatic renewal may be approved
     * @param partnerName         the partner's display name, if it has one
     */
    public InvitationReview {
        requestedRoles = List.copyOf(requestedRoles);
        currentRoles = List.copyOf(currentRoles);
        partnerName = Objects.requireNonNull(partnerName, "partnerName");
    }

    /**
     * A review without the partner's display name.
     *
     * @param delegationId        the delegation
     * @param kind                a new delegation or a change
     * @param partnerAccountNumber the partner's account number, if known
     * @param partnerEmail        the partner's administrator email, if known
     * @param customerEmail       the invited account
     * @param requestedRoles      the roles asked for; copied
     * @param requestedTerm       the period asked for, if any
     * @param currentRoles        the roles granted now (a change); copied
     * @param currentEndsAt       the end date in force (a change), if any
     * @param invitationExpiresAt until when the link can be answered
     * @param autoRenewalAllowed  whether automatic renewal may be approved
     */
    public InvitationReview(DelegationId delegationId, Kind kind, Optional<AccountNumber> partnerAccountNumber,
                            Optional<EmailAddress> partnerEmail, EmailAddress customerEmail,
                            List<DelegableRole> requestedRoles, Optional<Duration> requestedTerm,
                            List<DelegableRole> currentRoles, Optional<Instant> currentEndsAt, Instant invitationExpiresAt,
                            boolean autoRenewalAllowed) {
        this(delegationId, kind, partnerAccountNumber, partnerEmail, customerEmail, requestedRoles, requestedTerm, currentRoles,
                currentEndsAt, invitationExpiresAt, autoRenewalAllowed, Optional.empty());
    }
}
