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
 */
public record PartnerLink(DelegationId delegationId, TenantId partnerTenant, Optional<AccountNumber> partnerAccountNumber,
                          Optional<EmailAddress> partnerEmail, DelegationStatus status, Instant since) {
}
