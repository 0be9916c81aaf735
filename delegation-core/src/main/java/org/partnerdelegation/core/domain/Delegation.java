package org.partnerdelegation.core.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * A partner tenant's delegated access to one customer tenant, and where it stands in the
 * {@link DelegationStatus state machine}. Immutable: every transition returns a new value
 * whose {@link #version()} is one higher, which storage uses for optimistic locking.
 *
 * @param id                    the delegation's id
 * @param partnerTenant         the partner that manages the customer
 * @param customerTenant        the customer whose tenant the partner may log in to
 * @param customerEmail         the customer's administrator account (the Email column; the subject of delegated sessions)
 * @param customerAccountNumber the customer's account number (the Account Number column)
 * @param status                where the delegation stands
 * @param createdAt             when the partner added the customer
 * @param updatedAt             when the status last changed
 * @param acceptedAt            when the customer accepted, if it did
 * @param version               incremented by every change; storage refuses a stale one
 */
public record Delegation(
        DelegationId id,
        TenantId partnerTenant,
        TenantId customerTenant,
        EmailAddress customerEmail,
        AccountNumber customerAccountNumber,
        DelegationStatus status,
        Instant createdAt,
        Instant updatedAt,
        Optional<Instant> acceptedAt,
        long version) {

    /**
     * Checks that every component is present and the version is not negative.
     *
     * @param id                    the delegation's id
     * @param partnerTenant         the partner that manages the customer
     * @param customerTenant        the customer whose tenant the partner may log in to
     * @param customerEmail         the customer's administrator account
     * @param customerAccountNumber the customer's account number
     * @param status                where the delegation stands
     * @param createdAt             when the partner added the customer
     * @param updatedAt             when the status last changed
     * @param acceptedAt            when the customer accepted; empty until it does
     * @param version               0 or more
     * @throws DelegationException {@code INVALID_INPUT} naming the first component that is missing or out of range
     */
    public Delegation {
        Validation.requireNonNull(id, "id");
        Validation.requireNonNull(partnerTenant, "partnerTenant");
        Validation.requireNonNull(customerTenant, "customerTenant");
        Validation.requireNonNull(customerEmail, "customerEmail");
        Validation.requireNonNull(customerAccountNumber, "customerAccountNumber");
        Validation.requireNonNull(status, "status");
        Validation.requireNonNull(createdAt, "createdAt");
        Validation.requireNonNull(updatedAt, "updatedAt");
        Validation.requireNonNull(acceptedAt, "acceptedAt");
        if (version < 0) {
            throw DelegationException.invalidInput("version", "must not be negative");
        }
    }

    /**
     * A new PENDING delegation of {@code partner} to {@code customer}, at version 0.
     *
     * @param id       the new delegation's id
     * @param partner  the partner tenant adding the customer
     * @param customer the customer tenant, whose administrator email and account number the delegation keeps
     * @param now      when the partner added the customer
     * @return the PENDING delegation, not yet accepted
     */
    public static Delegation pending(DelegationId id, TenantId partner, Tenant customer, Instant now) {
        return new Delegation(id, partner, customer.id(), customer.administratorEmail(), customer.accountNumber(),
                DelegationStatus.PENDING, now, now, Optional.empty(), 0);
    }

    /**
     * PENDING to CONNECTED.
     *
     * @param now when the customer accepted
     * @return the CONNECTED delegation, accepted at {@code now}, one version higher
     * @throws DelegationException {@code NOT_PENDING} when the delegation is not PENDING
     */
    public Delegation accept(Instant now) {
        requireStatus(DelegationStatus.PENDING, ErrorCode.NOT_PENDING);
        return new Delegation(id, partnerTenant, customerTenant, customerEmail, customerAccountNumber,
                DelegationStatus.CONNECTED, createdAt, now, Optional.of(now), version + 1);
    }

    /**
     * PENDING to DECLINED.
     *
     * @param now when the customer declined
     * @return the DECLINED delegation, one version higher
     * @throws DelegationException {@code NOT_PENDING} when the delegation is not PENDING
     */
    public Delegation decline(Instant now) {
        return moveTo(DelegationStatus.DECLINED, now);
    }

    /**
     * PENDING to EXPIRED.
     *
     * @param now when the expiry is recorded
     * @return the EXPIRED delegation, one version higher
     * @throws DelegationException {@code NOT_PENDING} when the delegation is not PENDING
     */
    public Delegation expire(Instant now) {
        return moveTo(DelegationStatus.EXPIRED, now);
    }

    /**
     * PENDING or CONNECTED to REMOVED.
     *
     * @param now when the delegation ended
     * @return the REMOVED delegation, one version higher
     * @throws DelegationException {@code DELEGATION_NOT_FOUND} when the delegation has ended already
     */
    public Delegation remove(Instant now) {
        return moveTo(DelegationStatus.REMOVED, now);
    }

    private Delegation moveTo(DelegationStatus target, Instant now) {
        if (!status.canBecome(target)) {
            ErrorCode code = target == DelegationStatus.REMOVED ? ErrorCode.DELEGATION_NOT_FOUND : ErrorCode.NOT_PENDING;
            throw new DelegationException(code, "Delegation " + id + " is " + status.label().toLowerCase()
                    + " and cannot become " + target.label().toLowerCase() + ".");
        }
        return new Delegation(id, partnerTenant, customerTenant, customerEmail, customerAccountNumber,
                target, createdAt, now, acceptedAt, version + 1);
    }

    private void requireStatus(DelegationStatus required, ErrorCode code) {
        if (status != required) {
            throw new DelegationException(code, "Delegation " + id + " is " + status.label().toLowerCase()
                    + ", not " + required.label().toLowerCase() + ".");
        }
    }

    /** {@return true when the delegation is CONNECTED: the partner may log in to the customer} */
    public boolean isConnected() {
        return status == DelegationStatus.CONNECTED;
    }

    /** {@return true when the delegation is PENDING: invited, not yet answered} */
    public boolean isPending() {
        return status == DelegationStatus.PENDING;
    }

    /**
     * Whether {@code tenant} is a side of this delegation (its partner or its customer).
     *
     * @param tenant the tenant to look for
     * @return true when it is the partner or the customer
     */
    public boolean involves(TenantId tenant) {
        return partnerTenant.equals(tenant) || customerTenant.equals(tenant);
    }
}
