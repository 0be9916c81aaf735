package org.partnerdelegation.core.domain;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

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
 * @param grant                 the roles and period granted (while PENDING: requested), and the customer's rules
 * @param requestedChange       a change of the grant the partner requested and the customer has not answered yet
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
        AccessGrant grant,
        Optional<GrantChange> requestedChange,
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
     * @param grant                 the roles and period granted, or requested while PENDING
     * @param requestedChange       the partner's unanswered change request; empty when there is none
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
        Validation.requireNonNull(grant, "grant");
        Validation.requireNonNull(requestedChange, "requestedChange");
        if (version < 0) {
            throw DelegationException.invalidInput("version", "must not be negative");
        }
    }

    /**
     * A delegation granting the seed's {@link AccessGrant#administrator() whole tenant} without an
     * end date, and no change request: the shape of every delegation before roles and end dates.
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
    public Delegation(DelegationId id, TenantId partnerTenant, TenantId customerTenant, EmailAddress customerEmail,
                      AccountNumber customerAccountNumber, DelegationStatus status, Instant createdAt, Instant updatedAt,
                      Optional<Instant> acceptedAt, long version) {
        this(id, partnerTenant, customerTenant, customerEmail, customerAccountNumber, status, createdAt, updatedAt, acceptedAt,
                AccessGrant.administrator(), Optional.empty(), version);
    }

    /**
     * A new PENDING delegation of {@code partner} to {@code customer} requesting {@code requested}, at version 0.
     *
     * @param id        the new delegation's id
     * @param partner   the partner tenant adding the customer
     * @param customer  the customer tenant, whose administrator email and account number the delegation keeps
     * @param requested the roles and term the partner requests
     * @param now       when the partner added the customer
     * @return the PENDING delegation, not yet accepted
     */
    public static Delegation pending(DelegationId id, TenantId partner, Tenant customer, AccessGrant requested, Instant now) {
        return new Delegation(id, partner, customer.id(), customer.administratorEmail(), customer.accountNumber(),
                DelegationStatus.PENDING, now, now, Optional.empty(), requested, Optional.empty(), 0);
    }

    /**
     * A new PENDING delegation of {@code partner} to {@code customer}, requesting the seed's whole tenant, at version 0.
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
        return accept(now, false, false);
    }

    /**
     * PENDING to CONNECTED, with the customer's rules: the requested grant is approved as a whole,
     * and its end date, if it has a term, is counted from {@code now}.
     *
     * @param now            when the customer accepted
     * @param autoRenew      whether the customer approves one automatic renewal (ignored without a term)
     * @param reasonRequired whether sessions holding a sensitive role need a reason
     * @return the CONNECTED delegation, accepted at {@code now}, one version higher
     * @throws DelegationException {@code NOT_PENDING} when the delegation is not PENDING
     */
    public Delegation accept(Instant now, boolean autoRenew, boolean reasonRequired) {
        requireStatus(DelegationStatus.PENDING, ErrorCode.NOT_PENDING);
        return new Delegation(id, partnerTenant, customerTenant, customerEmail, customerAccountNumber,
                DelegationStatus.CONNECTED, createdAt, now, Optional.of(now), grant.approvedAt(now, autoRenew, reasonRequired),
                Optional.empty(), version + 1);
    }

    /**
     * CONNECTED to ENDED: the end date passed.
     *
     * @param now when the end is recorded
     * @return the ENDED delegation, one version higher
     * @throws DelegationException {@code NOT_CONNECTED} when the delegation is not CONNECTED
     */
    public Delegation end(Instant now) {
        requireStatus(DelegationStatus.CONNECTED, ErrorCode.NOT_CONNECTED);
        return new Delegation(id, partnerTenant, customerTenant, customerEmail, customerAccountNumber,
                DelegationStatus.ENDED, createdAt, now, acceptedAt, grant, Optional.empty(), version + 1);
    }

    /**
     * The same delegation with another grant (renewed, reduced, new rules, notice sent), one version higher.
     *
     * @param newGrant the grant now in force
     * @return the changed delegation; its status and change request stay
     */
    public Delegation withGrant(AccessGrant newGrant) {
        Validation.requireNonNull(newGrant, "grant");
        return new Delegation(id, partnerTenant, customerTenant, customerEmail, customerAccountNumber, status, createdAt,
                updatedAt, acceptedAt, newGrant, requestedChange, version + 1);
    }

    /**
     * The customer's reduction: the cut grant in force, and any unanswered change request dropped
     * (a request sent before the cut must not bring back what the customer took away), one version higher.
     *
     * @param reduced the grant after the cut
     * @return the changed delegation
     */
    public Delegation reducedTo(AccessGrant reduced) {
        Validation.requireNonNull(reduced, "grant");
        return new Delegation(id, partnerTenant, customerTenant, customerEmail, customerAccountNumber, status, createdAt,
                updatedAt, acceptedAt, reduced, Optional.empty(), version + 1);
    }

    /**
     * The same CONNECTED delegation with a change request waiting for the customer (replacing any earlier one), or without one.
     *
     * @param change the partner's request; empty to drop it
     * @return the changed delegation, one version higher; the grant in force stays
     * @throws DelegationException {@code NOT_CONNECTED} when a request is set on a delegation that is not CONNECTED
     */
    public Delegation withRequestedChange(Optional<GrantChange> change) {
        Validation.requireNonNull(change, "requestedChange");
        if (change.isPresent()) {
            requireStatus(DelegationStatus.CONNECTED, ErrorCode.NOT_CONNECTED);
        }
        return new Delegation(id, partnerTenant, customerTenant, customerEmail, customerAccountNumber, status, createdAt,
                updatedAt, acceptedAt, grant, change, version + 1);
    }

    /**
     * The customer approves the change request at {@code now}: it becomes the grant in force.
     * A reason the customer required before stays required; automatic renewal is as approved now.
     *
     * @param now            when the customer approved
     * @param autoRenew      whether the customer approves one automatic renewal of the new period (ignored without one)
     * @param reasonRequired whether sessions holding a sensitive role need a reason (kept when it was required already)
     * @return the delegation with the new grant and no request, one version higher
     * @throws DelegationException {@code NOT_CONNECTED} when it is not CONNECTED, {@code INVITATION_INVALID}
     *                             when there is no change request
     */
    public Delegation approveChange(Instant now, boolean autoRenew, boolean reasonRequired) {
        requireStatus(DelegationStatus.CONNECTED, ErrorCode.NOT_CONNECTED);
        GrantChange change = requestedChange.orElseThrow(() -> new DelegationException(ErrorCode.INVITATION_INVALID,
                "There is no change request waiting for an answer."));
        AccessGrant changed = change.applyTo(grant, now);
        AccessGrant ruled = changed.withRules(autoRenew && changed.endsAt().isPresent() && changed.term().isPresent(),
                reasonRequired || grant.reasonRequired());
        return new Delegation(id, partnerTenant, customerTenant, customerEmail, customerAccountNumber, status, createdAt,
                updatedAt, acceptedAt, ruled, Optional.empty(), version + 1);
    }

    /**
     * Whether a session may act under this delegation at {@code now}: CONNECTED, and within its
     * grant's period (renewal included).
     *
     * @param now the instant to check at
     * @return true when CONNECTED and the grant gives access at {@code now}
     */
    public boolean grantsAccessAt(Instant now) {
        return isConnected() && grant.grantsAccessAt(now);
    }

    /** {@return the roles granted (while PENDING: requested)} */
    public Set<RoleKey> roles() {
        return grant.roles();
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
                target, createdAt, now, acceptedAt, grant, Optional.empty(), version + 1);
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
