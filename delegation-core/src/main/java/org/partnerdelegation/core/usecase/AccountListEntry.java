package org.partnerdelegation.core.usecase;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.EmailAddress;

/**
 * One row of a partner's account list: Email, Account Number, Status and the actions offered.
 * Immutable and thread-safe.
 *
 * @param delegationId  pass it back to log in, resend or delete
 * @param email         the customer's administrator account (the account a login acts as)
 * @param accountNumber the customer's account number
 * @param status        Pending, then Connected (or a final status when asked for history)
 * @param actions       what the partner may do with the row now
 * @param addedAt       when the partner added the customer
 * @param roles         the roles granted (while Pending: requested)
 * @param endsAt        when access ends by itself (renewal included); empty without an end date, or while Pending
 * @param changeRequested whether a change request of the partner awaits the customer's answer
 * @param term          how long access lasts from the customer's approval (while Pending: the period requested, so a
 *                      page can say "30 days from approval"); empty without an end date
 */
public record AccountListEntry(DelegationId delegationId, EmailAddress email, AccountNumber accountNumber,
                              DelegationStatus status, Set<AccountAction> actions, Instant addedAt, Set<RoleKey> roles,
                              Optional<Instant> endsAt, boolean changeRequested, Optional<Duration> term) {

    /**
     * A row; the actions are kept in their declared order, as an unmodifiable set.
     *
     * @param delegationId  the delegation the row shows
     * @param email         the customer's administrator account
     * @param accountNumber the customer's account number
     * @param status        where the delegation stands
     * @param actions       what the partner may do with the row now; copied
     * @param addedAt       when the partner added the customer
     * @param roles         the roles granted or requested; copied
     * @param endsAt        when access ends, if it does
     * @param changeRequested whether a change request awaits the customer
     * @param term          how long access lasts from approval, if it ends
     */
    public AccountListEntry {
        org.partnerdelegation.core.domain.DelegationException.requireArgument(term, "term");
        roles = Set.copyOf(roles);
        // An EnumSet keeps the actions in their declared order, so hosts can show them as they come.
        EnumSet<AccountAction> ordered = EnumSet.noneOf(AccountAction.class);
        ordered.addAll(actions);
        actions = java.util.Collections.unmodifiableSet(ordered);
    }

    /**
     * A row without its term, as rows were before the term was listed.
     *
     * @param delegationId  the delegation the row shows
     * @param email         the customer's administrator account
     * @param accountNumber the customer's account number
     * @param status        where the delegation stands
     * @param actions       what the partner may do with the row now; copied
     * @param addedAt       when the partner added the customer
     * @param roles         the roles granted or requested; copied
     * @param endsAt        when access ends, if it does
     * @param changeRequested whether a change request awaits the customer
     */
    public AccountListEntry(DelegationId delegationId, EmailAddress email, AccountNumber accountNumber, DelegationStatus status,
                            Set<AccountAction> actions, Instant addedAt, Set<RoleKey> roles, Optional<Instant> endsAt,
                            boolean changeRequested) {
        this(delegationId, email, accountNumber, status, actions, addedAt, roles, endsAt, changeRequested, Optional.empty());
    }

    /** The same row without actions: what a tenant without the partner permission may see, not do. */
    AccountListEntry withoutActions() {
        return new AccountListEntry(delegationId, email, accountNumber, status, Set.of(), addedAt, roles, endsAt, changeRequested, term);
    }

    /** What a partner may do with a row in that status, in the order the actions are declared. */
    private static Set<AccountAction> actions(DelegationStatus status) {
        Set<AccountAction> actions = EnumSet.noneOf(AccountAction.class);
        if (status == DelegationStatus.CONNECTED) {
            actions.add(AccountAction.LOGIN);
        }
        if (status == DelegationStatus.PENDING) {
            actions.add(AccountAction.RESEND_INVITATION);
        }
        if (status == DelegationStatus.CONNECTED) {
            actions.add(AccountAction.REQUEST_CHANGE);
        }
        if (status.isOpen()) {
            actions.add(AccountAction.DELETE_ACCOUNT);
        }
        return actions;
    }

    /**
     * The row as it stands at {@code now}, as {@link #of(Delegation)} shows {@code Transitions.asOf}:
     * a CONNECTED row whose access ended is ENDED, without actions, end date or change request.
     */
    static AccountListEntry of(org.partnerdelegation.core.port.JoinedQueries.ListedAccount row, Instant now) {
        boolean ended = row.status() == DelegationStatus.CONNECTED && row.accessUntil().map(until -> !now.isBefore(until)).orElse(false);
        DelegationStatus status = ended ? DelegationStatus.ENDED : row.status();
        return new AccountListEntry(row.id(), row.customerEmail(), row.customerAccountNumber(), status, actions(status), row.createdAt(),
                row.roles(), status == DelegationStatus.CONNECTED ? row.accessUntil() : Optional.empty(),
                !ended && row.changeRequested(), row.term());
    }

    static AccountListEntry of(Delegation d) {
        return new AccountListEntry(d.id(), d.customerEmail(), d.customerAccountNumber(), d.status(), actions(d.status()), d.createdAt(),
                d.roles(), d.isConnected() ? d.grant().accessUntil() : Optional.empty(), d.requestedChange().isPresent(),
                d.grant().term());
    }
}
