package org.partnerdelegation.core.usecase;

import java.time.Instant;
import java.util.Optional;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.TenantId;

/**
 * The customer's view of its partner: who manages its tenant, and since when. Immutable and thread-safe.
 *
 * @param delegationId          the delegation
 * @param partnerTenant         the partner tenant
 * @param partnerAccountNumber  the partner's account number; empty when the partner tenant left the directory
 * @param partnerEmail          the partner's administrator email; empty when the partner tenant left the directory
 * @param status                CONNECTED once accepted
 * @param since                 when the customer accepted
 * @param roles                 the roles granted, as the host's catalogue describes them
 * @param endsAt                when the current period ends; empty without an end date
 * @param accessUntil           when access ends, the approved renewal included; empty without an end date
 * @param rules                 the customer's rules: automatic renewal, reasons for sensitive roles
 * @param requestedChange       the partner's change request awaiting an answer, if any
 */
public record PartnerLink(DelegationId delegationId, TenantId partnerTenant, Optional<AccountNumber> partnerAccountNumber,
                          Optional<EmailAddress> partnerEmail, DelegationStatus status, Instant since,
                          java.util.List<org.partnerdelegation.core.domain.DelegableRole> roles, Optional<Instant> endsAt,
                          Optional<Instant> accessUntil, GrantRules rules,
                          Optional<org.partnerdelegation.core.domain.GrantChange> requestedChange) {

    /**
     * Copies the roles.
     *
     * @param delegationId         the delegation
     * @param partnerTenant        the partner tenant
     * @param partnerAccountNumber the partner's account number, if known
     * @param partnerEmail         the partner's administrator email, if known
     * @param status               where the delegation stands
     * @param since                when the customer accepted
     * @param roles                the roles granted; copied
     * @param endsAt               when the current period ends, if it does
     * @param accessUntil          when access ends, renewal included, if it does
     * @param rules                the customer's rules
     * @param requestedChange      the partner's unanswered change request, if any
     */
    public PartnerLink {
        roles = java.util.List.copyOf(roles);
    }
}
