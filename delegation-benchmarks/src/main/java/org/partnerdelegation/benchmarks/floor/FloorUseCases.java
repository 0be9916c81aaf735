package org.partnerdelegation.benchmarks.floor;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import javax.sql.DataSource;
import org.partnerdelegation.benchmarks.UseCases;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.usecase.AccountListEntry;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.DelegationSettings;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.Page;
import org.partnerdelegation.core.usecase.PartnerLink;
import org.partnerdelegation.jdbi.Dialect;

/**
 * The floor: each benchmarked use case as a developer would write it by hand in plain JDBC, on
 * the library's schema and through a pool like the library's, giving the same answer and
 * writing the same rows with the minimum of statements a careful hand would use: reads that
 * serve a request in one SELECT in auto-commit; a change in one transaction of one locking read
 * (everything it checks read along) and its writes, sent as one statement on PostgreSQL
 * ({@link WritePlan}). Same checks and error codes as the library, the same default settings,
 * the same {@code SecureRandom} for tokens. Thread-safe.
 */
public final class FloorUseCases implements UseCases {

    private final SessionFloor sessions;
    private final AccountFloor accounts;
    private final InvitationFloor invitations;

    /**
     * @param pool    a pool configured as {@code JdbiStorage.connect} configures its own
     * @param dialect the database behind it, whose schema the library installed
     */
    public FloorUseCases(DataSource pool, Dialect dialect) {
        DelegationSettings settings = DelegationSettings.defaults();
        this.sessions = new SessionFloor(pool, dialect, new SecureRandom(), settings);
        this.accounts = new AccountFloor(pool, dialect, settings.maxPageSize(), settings.invitationCooldown());
        this.invitations = new InvitationFloor(pool, dialect);
    }

    /** Now, kept to microseconds as the library keeps it (the databases keep no more). */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public Optional<DelegatedSession> validateSession(String sessionToken) {
        return sessions.validateSession(sessionToken);
    }

    @Override
    public Page<AccountListEntry> listAccounts(Principal actor, AccountQuery query) {
        return accounts.listAccounts(actor, query);
    }

    @Override
    public IssuedSession loginToCustomer(Principal actor, DelegationId delegationId) {
        return sessions.loginToCustomer(actor, delegationId);
    }

    @Override
    public AccountListEntry addCustomerAccount(Principal actor, EmailAddress customerEmail) {
        return accounts.addCustomerAccount(actor, customerEmail);
    }

    @Override
    public void deleteAccount(Principal actor, DelegationId delegationId) {
        accounts.deleteAccount(actor, delegationId);
    }

    @Override
    public PartnerLink acceptInvitation(Principal actor, String invitationToken) {
        return invitations.acceptInvitation(actor, invitationToken);
    }
}
