package org.partnerdelegation.core.usecase;

import java.time.Instant;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.TenantId;

/**
 * The customer's view of its partner: who manages its tenant, and since when.
 *
 * @param delegationId          the delegation
 * @param partnerTenant         the partner tenant
 * @param partnerAccountNumber  the partner's account number
 * @param partnerEmail          the partner's administrator email
 * @param status                CONNECTED once accepted
 * @param since                 when the customer accepted
 */
public record PartnerLink(DelegationId delegationId, TenantId partnerTenant, AccountNumber partnerAccountNumber,
                          EmailAddress partnerEmail, DelegationStatus status, Instant since) {
}
