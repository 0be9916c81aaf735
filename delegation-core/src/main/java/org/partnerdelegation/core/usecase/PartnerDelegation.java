package org.partnerdelegation.core.usecase;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.CustomerSettings;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.LoginNotice;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Reason;
import org.partnerdelegation.core.domain.RoleCatalogue;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.SessionId;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.core.observation.CallObservation;
import org.partnerdelegation.core.observation.DelegationObserver;
import org.partnerdelegation.core.observation.Observing;
import org.partnerdelegation.core.observation.UseCase;
import org.partnerdelegation.core.port.DelegationStore;
import org.partnerdelegation.core.port.Revocation;
import org.partnerdelegation.core.port.SessionCache;
import org.partnerdelegation.core.port.SessionIssuer;
import org.partnerdelegation.core.port.TenantDirectory;

/**
 * The use cases of partner delegation: the one entry point a host calls.
 *
 * <p>Every method takes the acting {@link Principal} as the host authenticated it and checks it
 * itself, through one access policy: no chained delegation (a principal acting through a
 * delegated session is refused everything but reading its own link and trail, with
 * {@code DELEGATED_SESSION_NOT_ALLOWED}), the administrator role, the partner permission,
 * ownership of the delegation (anyone else's delegation looks like {@code DELEGATION_NOT_FOUND}),
 * and that only the invited account accepts or declines. Each use case is one transaction of
 * the {@link DelegationStore}, the directory and session reads and writes included where those
 * adapters share its database: its state change, audit event, outbox entries and session
 * revocations commit together, and a failure - a {@link DelegationException} with a stable
 * {@link ErrorCode} - leaves nothing behind, but for {@code OUTCOME_UNKNOWN}: the connection was
 * lost during the commit and the change may be written, so the host retries the same call, which
 * every use case answers safely (an end that happened answers as done, an add returns the open
 * row, an accept of the link it used answers Connected, a login with the same idempotency key
 * returns the same session). Notifications are written to the outbox and
 * delivered afterwards by the {@link org.partnerdelegation.core.outbox.OutboxDispatcher}, which
 * is built from this facade ({@code OutboxDispatcher.builder(facade)}) so that both read one
 * clock and one set of settings.
 *
 * <pre>{@code
 * PartnerDelegation delegation = PartnerDelegation.builder()
 *         .tenantDirectory(tenants)
 *         .delegationStore(store)
 *         .sessionIssuer(sessions)
 *         .build();
 * AccountListEntry row = delegation.addCustomerAccount(partnerAdmin, EmailAddress.of("admin@customer.example"));
 * // ... the invited account follows the link in the invitation mail:
 * delegation.acceptInvitation(invitedAdmin.withVerifiedEmail(EmailAddress.of("admin@customer.example")), tokenFromLink);
 * IssuedSession session = delegation.loginToCustomer(partnerAdmin, row.delegationId());
 * // on every request made with the session's token:
 * Optional<Principal> principal = delegation.validateSession(bearer).map(DelegatedSession::principal);
 * }</pre>
 *
 * <p>The <em>partner checks</em> the partner-side methods refer to are, in this order:
 * {@code DELEGATED_SESSION_NOT_ALLOWED}, {@code ADMINISTRATOR_REQUIRED},
 * {@code ACCOUNT_NOT_FOUND} (the actor's tenant is not in the directory) and
 * {@code PARTNER_PERMISSION_REQUIRED}.
 *
 * <p>Arguments are required: a null one is refused with {@code INVALID_INPUT} naming it, before
 * anything is read or written (a session token is the exception: null reads as an invalid
 * token). Besides the codes each method lists, any of them may fail with
 * {@code STORAGE_UNAVAILABLE} when the storage fails, or with {@code CONCURRENT_UPDATE} when a
 * concurrent change kept winning the retries; both are transient, and the unit of work that
 * failed wrote nothing (the batched maintenance calls keep the batches committed before it). Any
 * of them may also fail with {@code OUTCOME_UNKNOWN} (transient): the change may be written; retry
 * the same call.
 * Nothing returned is null: an absent value is an empty {@link Optional}.
 *
 * <p>Each call of a use case is reported to the {@link Builder#observer observer}: begun, then succeeded,
 * refused with its {@link ErrorCode} or failed, under the {@link UseCase}'s name (nothing else about the call).
 *
 * <p>Instants returned are kept to microseconds, as storage keeps them. Thread-safe: one
 * instance serves the whole application; concurrent calls are isolated by the store's
 * transactions and its invariants (one partner per customer holds across threads and across
 * application nodes sharing a database).
 */
public final class PartnerDelegation {

    private static final System.Logger LOG = System.getLogger(PartnerDelegation.class.getName());

    private final UseCaseSupport support;
    private final PartnerUseCases partnerSide;
    private final CustomerUseCases customerSide;
    private final SessionUseCases sessionChecks;
    private final OperatorUseCases operations;
    private final DelegationObserver observer;
    private final Optional<SessionCache> cache;

    private PartnerDelegation(Builder builder) {
        this.support = new UseCaseSupport(
                Objects.requireNonNull(builder.tenants, "tenantDirectory"),
                Objects.requireNonNull(builder.store, "delegationStore"),
                Objects.requireNonNull(builder.sessions, "sessionIssuer"),
                Objects.requireNonNull(builder.clock, "clock"),
                Objects.requireNonNull(builder.random, "random"),
                Objects.requireNonNull(builder.settings, "settings"),
                Objects.requireNonNull(builder.catalogue, "roleCatalogue"),
                Objects.requireNonNull(builder.stepUp, "stepUpPolicy"));
        if (builder.stepUp.isRelaxed()) {
            // Relaxing the rule is a deliberate act of the host; say so where operators look.
            LOG.log(System.Logger.Level.WARNING, "Step-up before delegated logins is relaxed to {0} (StepUpPolicy): partner"
                    + " users log in to customer tenants without a fresh multi-factor authentication, unless a customer"
                    + " requires one for its tenant", builder.stepUp.requirement());
        }
        Transitions transitions = new Transitions(support);
        this.partnerSide = new PartnerUseCases(support, transitions);
        this.customerSide = new CustomerUseCases(support, transitions);
        this.cache = Optional.ofNullable(builder.sessionCache);
        this.sessionChecks = new SessionUseCases(support, cache);
        this.operations = new OperatorUseCases(support, transitions);
        this.observer = Objects.requireNonNull(builder.observer, "observer");
    }

    /** {@return a new builder, to assemble the facade from its ports without any DI framework} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the settings the use cases (and a dispatcher built from this facade) apply} */
    public DelegationSettings settings() {
        return support.settings;
    }

    /** {@return the host's rule for how fresh and strong a partner user's authentication must be at a delegated login} */
    public StepUpPolicy stepUpPolicy() {
        return support.stepUp;
    }

    /** {@return the roles partners may request, as the host registered them} */
    public RoleCatalogue roleCatalogue() {
        return support.catalogue;
    }

    /** {@return the tenant directory the facade was built with} */
    public TenantDirectory tenantDirectory() {
        return support.tenants;
    }

    /** {@return the delegation store the facade was built with} */
    public DelegationStore delegationStore() {
        return support.store;
    }

    /** {@return the clock the facade reads "now" from} */
    public Clock clock() {
        return support.clock;
    }

    /** {@return the observer every use case reports to (and a dispatcher built from this facade)} */
    public DelegationObserver observer() {
        return observer;
    }

    /** Runs a use case inside its observation: begun, then ended by how the use case returned or what it threw. */
    private <T> T observe(UseCase useCase, Supplier<T> work) {
        CallObservation observation = Observing.useCase(observer, useCase);
        T result;
        try {
            result = work.get();
        } catch (DelegationException e) {
            Observing.refused(observation, e.code());
            throw e;
        } catch (RuntimeException | Error e) {
            Observing.failed(observation, e);
            throw e;
        }
        Observing.succeeded(observation);
        return result;
    }

    /**
     * A use case that may narrow or end sessions: the cache, if any, drops what it may have changed once its unit of
     * work ended, whether it committed or not (a commit whose reply was lost did change it).
     */
    private <T> T observeRevoking(UseCase useCase, Supplier<T> work, Supplier<List<Revocation>> revoked) {
        try {
            return observe(useCase, work);
        } finally {
            if (cache.isPresent()) {
                for (Revocation r : revoked.get()) {
                    cache.get().revoked(r);
                }
            }
        }
    }

    private void runRevoking(UseCase useCase, Runnable work, Supplier<List<Revocation>> revoked) {
        observeRevoking(useCase, () -> {
            work.run();
            return null;
        }, revoked);
    }

    /** Every session into or out of the actor's tenant; nothing for a missing actor (refused before anything is written). */
    private static List<Revocation> ofTenant(Principal actor) {
        return actor == null ? List.of() : List.of(Revocation.tenant(actor.tenantId()));
    }

    private void run(UseCase useCase, Runnable work) {
        observe(useCase, () -> {
            work.run();
            return null;
        });
    }

    // ---------------------------------------------------------------- partner side

    /**
     * A partner adds a customer account by the customer's administrator email. The delegation
     * starts PENDING and the invitation mail goes to that email. Adding a customer the partner
     * already has open returns the existing row unchanged (use {@link #resendInvitation} to mail
     * it again). A new invitation to the same customer (after a removal) within the cool-down
     * ({@link DelegationSettings#invitationCooldown()}) is refused, so the product cannot be used
     * to flood an inbox.
     *
     * <p>A CONNECTED delegation whose access ended ({@code accessUntil} passed) counts as ended from
     * that instant, whether or not {@link #enforceTimeLimits} has recorded it: its partner adding the
     * customer again starts a new PENDING delegation, recording the old one's end first in the same
     * unit of work as the job would (ENDED, sessions revoked, both sides told, audited with this
     * actor); another partner's add is not refused as already linked, and leaves that end for the
     * job or the customer's acceptance to record.
     *
     * @param actor         an administrator of a partner tenant holding the partner permission
     * @param customerEmail the customer's administrator email, as the directory knows it (case ignored)
     * @return the account list row of the new PENDING delegation, or of the pair's open one
     * @throws DelegationException {@code DELEGATED_SESSION_NOT_ALLOWED}, {@code ADMINISTRATOR_REQUIRED},
     *                             {@code PARTNER_PERMISSION_REQUIRED}, {@code ACCOUNT_NOT_FOUND},
     *                             {@code CANNOT_LINK_OWN_ACCOUNT}, {@code ALREADY_LINKED_TO_ANOTHER_TENANT},
     *                             {@code TOO_MANY_REQUESTS} (with {@link DelegationException#retryAt()})
     */
    public AccountListEntry addCustomerAccount(Principal actor, EmailAddress customerEmail) {
        return observe(UseCase.ADD_CUSTOMER_ACCOUNT, () -> partnerSide.addCustomerAccount(actor, customerEmail, GrantRequest.defaults()));
    }

    /**
     * Adds a customer account as {@link #addCustomerAccount(Principal, EmailAddress)} does,
     * requesting specific roles and, optionally, a period after which access ends by itself
     * (counted from the customer's approval). The invitation lists what is requested; the
     * customer approves it as a whole or declines. Adding a customer the partner already has
     * open returns the existing row unchanged, whatever it requested: use
     * {@link #requestGrantChange} once it is connected.
     *
     * @param actor         an administrator of a partner tenant holding the partner permission
     * @param customerEmail the customer's administrator email, as the directory knows it (case ignored)
     * @param request       the roles (from the {@link #roleCatalogue() catalogue}; none for its defaults) and the
     *                      period (within {@link DelegationSettings#minTerm()} and {@link DelegationSettings#maxTerm()})
     * @return the account list row of the new PENDING delegation, or of the pair's open one
     * @throws DelegationException as {@link #addCustomerAccount(Principal, EmailAddress)}, and {@code INVALID_INPUT}
     *                             for a role the catalogue does not offer or a period out of bounds (checked before
     *                             anything is read)
     */
    public AccountListEntry addCustomerAccount(Principal actor, EmailAddress customerEmail, GrantRequest request) {
        return observe(UseCase.ADD_CUSTOMER_ACCOUNT, () -> partnerSide.addCustomerAccount(actor, customerEmail, request));
    }

    /**
     * The partner asks a CONNECTED customer for other roles or a new period: the customer gets a
     * change request mail whose link leads to {@link #reviewInvitation} and {@link #acceptInvitation}
     * (approve) or {@link #declineInvitation}. Until the customer answers, the grant in force
     * stays as it is; a decline, or the link expiring, leaves it unchanged. A newer request
     * replaces an unanswered one (its link stops working), at most once per cool-down.
     *
     * @param actor        an administrator of the partner tenant that owns the delegation
     * @param delegationId the CONNECTED delegation, from the account list
     * @param request      the whole new set of roles, and a new period counted from the approval (none to keep the
     *                     current end date)
     * @return the account list row, still CONNECTED with the grant in force, now with a change requested
     * @throws DelegationException {@code DELEGATION_NOT_FOUND}, {@code NOT_CONNECTED} (also once the end date has passed,
     *                             before {@link #enforceTimeLimits} records it), {@code INVALID_INPUT} (an unknown
     *                             role, a period out of bounds, or nothing new asked), {@code TOO_MANY_REQUESTS}, and
     *                             the partner checks
     */
    public AccountListEntry requestGrantChange(Principal actor, DelegationId delegationId, GrantRequest request) {
        return observe(UseCase.REQUEST_GRANT_CHANGE, () -> partnerSide.requestGrantChange(actor, delegationId, request));
    }

    /**
     * A page of the partner's account list (Email, Account Number, Status, actions), ordered by
     * email. Members of the partner tenant may look; they need not be administrators. A CONNECTED
     * delegation whose access ended ({@code accessUntil} passed) is shown as {@link #enforceTimeLimits}
     * will record it, from that instant: ENDED, without actions, listed under {@code ENDED} and not under
     * the open statuses.
     *
     * @param actor a user of a partner tenant holding the partner permission
     * @param query the statuses, the page size (at most {@link DelegationSettings#maxPageSize()}) and the
     *              cursor of the previous page
     * @return the rows, with a cursor when more follow; empty when the partner has no matching account
     * @throws DelegationException {@code DELEGATED_SESSION_NOT_ALLOWED}, {@code PARTNER_PERMISSION_REQUIRED},
     *                             {@code ACCOUNT_NOT_FOUND} (the actor's tenant is not in the directory),
     *                             {@code INVALID_INPUT} for a bad cursor or limit
     */
    public Page<AccountListEntry> listAccounts(Principal actor, AccountQuery query) {
        return observe(UseCase.LIST_ACCOUNTS, () -> partnerSide.listAccounts(actor, query));
    }

    /**
     * Mails the invitation of a PENDING delegation again, with a new link; the previous link
     * stops working once the new one is sent. At most once per cool-down.
     *
     * @param actor        an administrator of the partner tenant that owns the delegation
     * @param delegationId the delegation, from the account list
     * @return the account list row, still PENDING
     * @throws DelegationException {@code DELEGATION_NOT_FOUND} (also for a CONNECTED one whose access ended, as once
     *                             {@link #enforceTimeLimits} records it), {@code NOT_PENDING}, {@code TOO_MANY_REQUESTS}
     *                             (with {@link DelegationException#retryAt()}), and the partner checks
     */
    public AccountListEntry resendInvitation(Principal actor, DelegationId delegationId) {
        return observe(UseCase.RESEND_INVITATION, () -> partnerSide.resendInvitation(actor, delegationId));
    }

    /**
     * The account list as {@link #listAccounts} gives it, also to a tenant without the partner
     * permission (an operator revoked it, or never granted it): its customer rows are then listed
     * read-only, each with no {@link AccountListEntry#actions() actions}, so that a page can show
     * what the tenant manages once the permission is back, instead of an empty list. With the
     * permission it is {@link #listAccounts} itself.
     *
     * @param actor any user of the tenant, acting in their own tenant
     * @param query which page, statuses and rows to show, as for {@link #listAccounts}
     * @return the rows, with a cursor when more follow; empty when the tenant has no matching account
     * @throws DelegationException {@code DELEGATED_SESSION_NOT_ALLOWED}, {@code ACCOUNT_NOT_FOUND} (a tenant the
     *                             directory does not have), {@code INVALID_INPUT} (cursor, limit)
     */
    public Page<AccountListEntry> viewAccounts(Principal actor, AccountQuery query) {
        return observe(UseCase.VIEW_ACCOUNTS, () -> partnerSide.viewAccounts(actor, query));
    }

    /**
     * A partner administrator logs in to a CONNECTED customer's tenant: the library issues a
     * delegated session whose subject is the customer's administrator account as the directory
     * names it now (if the customer changed its administrator since accepting, the session acts
     * as the new one), and whose actor is the partner user. The login is audited. The partner
     * checks run inside the unit of work, so a login racing a revocation of the permission
     * leaves no live session behind.
     *
     * <p>The actor must have stepped up: by default its {@link Principal#authentication()} states a
     * multi-factor authentication no older than 15 minutes ({@link #stepUpPolicy()}). Checked after the
     * partner checks, the delegation's ownership and status, so that a user who could not log in anyway
     * is told why rather than asked for a second factor. The login's audit event records the methods.
     *
     * @param actor        an administrator of the partner tenant that owns the delegation, stepped up; becomes the
     *                     session's actor
     * @param delegationId the CONNECTED delegation, from the account list
     * @return the bearer token, shown only here, and the session it opens
     * @throws DelegationException {@code DELEGATION_NOT_FOUND}, {@code NOT_CONNECTED}, {@code STEP_UP_REQUIRED} (with
     *                             {@link DelegationException#stepUpChallenge()}), {@code ACCOUNT_NOT_FOUND} (the customer
     *                             left the directory), and the partner checks
     */
    public IssuedSession loginToCustomer(Principal actor, DelegationId delegationId) {
        return loginToCustomer(actor, delegationId, LoginRequest.allGranted());
    }

    /**
     * Logs in as {@link #loginToCustomer(Principal, DelegationId)} does, holding only the roles
     * asked for (per-session elevation) and recording the reason given. The session never
     * outlives the grant: it expires at the grant's end at the latest.
     *
     * <p>With an {@linkplain LoginRequest#withIdempotencyKey idempotency key} the login is safe to
     * retry (after {@code OUTCOME_UNKNOWN}, a timeout, a lost response): the same key, by the same
     * user under the same delegation with the same roles and reason, returns the session the first
     * attempt opened (same id, expiry and roles) with a new token, and the earlier token stops
     * working; nothing is recorded or counted again. Without a key, a retry opens a second session.
     *
     * @param actor        an administrator of the partner tenant that owns the delegation
     * @param delegationId the CONNECTED delegation, from the account list
     * @param request      the roles the session should hold (none for every granted role), the reason and the
     *                     idempotency key, if any
     * @return the bearer token, shown only here, and the session it opens
     * @throws DelegationException as {@link #loginToCustomer(Principal, DelegationId)}; {@code NOT_CONNECTED} also once
     *                             the grant's end has passed; {@code ROLE_NOT_GRANTED} for a role the delegation does not
     *                             grant; {@code REASON_REQUIRED} when the customer requires a reason for a sensitive role
     *                             asked for and none was given; {@code INVALID_INPUT} when the idempotency key was used
     *                             with other roles or another reason, or its session has ended (never reopened)
     */
    public IssuedSession loginToCustomer(Principal actor, DelegationId delegationId, LoginRequest request) {
        // A login may end sessions: the oldest ones past the cap on live sessions, and a keyed retry's earlier token.
        // The node's cache drops what it holds of the delegation, as after every other use case that ends sessions.
        return observeRevoking(UseCase.LOGIN_TO_CUSTOMER, () -> partnerSide.loginToCustomer(actor, delegationId, request),
                () -> delegationId == null ? List.of() : List.of(Revocation.delegation(delegationId)));
    }

    /**
     * Delete Account: the partner ends a PENDING or CONNECTED delegation. Access ends at once:
     * live delegated sessions are revoked in the same unit of work (if revoking fails, the whole
     * call fails with {@code STORAGE_UNAVAILABLE} and the delegation stays as it was), and the
     * invitation link stops working. The customer is told only if an invitation reached it.
     * Deleting the partner's own delegation that was removed already (a retry after
     * {@code OUTCOME_UNKNOWN}) answers as done and writes nothing.
     *
     * @param actor        an administrator of the partner tenant that owns the delegation
     * @param delegationId the PENDING or CONNECTED delegation, from the account list
     * @throws DelegationException {@code DELEGATION_NOT_FOUND} (also for a delegation that ended, expired or was declined, or whose access
     *                             ended before {@link #enforceTimeLimits} recorded it: nothing is recorded), and the
     *                             partner checks
     */
    public void deleteAccount(Principal actor, DelegationId delegationId) {
        runRevoking(UseCase.DELETE_ACCOUNT, () -> partnerSide.deleteAccount(actor, delegationId, Optional.empty()),
                () -> delegationId == null ? List.of() : List.of(Revocation.delegation(delegationId)));
    }

    /**
     * {@link #deleteAccount(Principal, DelegationId) Delete Account} with the partner's reason, which
     * the {@code ACCOUNT_DELETED} audit event records.
     *
     * @param actor        an administrator of the partner tenant that owns the delegation
     * @param delegationId the PENDING or CONNECTED delegation, from the account list
     * @param reason       why, as the person typed it
     * @throws DelegationException as {@link #deleteAccount(Principal, DelegationId)}; {@code INVALID_INPUT} when
     *                             {@code reason} is null
     */
    public void deleteAccount(Principal actor, DelegationId delegationId, Reason reason) {
        runRevoking(UseCase.DELETE_ACCOUNT, () -> partnerSide.deleteAccount(actor, delegationId, Optional.of(DelegationException.requireArgument(reason, "reason"))),
                () -> delegationId == null ? List.of() : List.of(Revocation.delegation(delegationId)));
    }

    /**
     * Ends every live delegated session of one partner user, into every customer (a partner lets
     * an employee go). Allowed to an operator, and to an administrator of that partner tenant
     * (with or without the partner permission). The delegations stay.
     *
     * @param actor         an operator, or an administrator of {@code partnerTenant}
     * @param partnerTenant the partner tenant of the user
     * @param partnerUser   the partner user whose sessions end
     * @return how many sessions were ended
     * @throws DelegationException {@code DELEGATED_SESSION_NOT_ALLOWED}, {@code ADMINISTRATOR_REQUIRED},
     *                             {@code ACCOUNT_NOT_FOUND} (another tenant's users)
     */
    public int endSessionsOfUser(Principal actor, TenantId partnerTenant, UserId partnerUser) {
        return observeRevoking(UseCase.END_SESSIONS_OF_USER, () -> partnerSide.endSessionsOfUser(actor, partnerTenant, partnerUser),
                () -> partnerTenant == null ? List.of() : List.of(Revocation.partner(partnerTenant)));
    }

    // ---------------------------------------------------------------- customer side

    /**
     * The invited account accepts the invitation with the token from the link: the delegation
     * becomes CONNECTED, and both sides are told. Only the account the invitation was mailed to
     * may accept: the principal must be an administrator of the customer tenant whose
     * {@link Principal#verifiedEmail() verified email} is that address (compared in canonical
     * form), as the host states with {@link Principal#withVerifiedEmail} or
     * {@link Principal#withAdministratorAccountOf}. Accepting again with the same link once
     * connected returns the same link (clicking twice, even at once, is not an error).
     *
     * <p>With an expired link the delegation is moved to EXPIRED (audited, the partner told) and
     * then {@code INVITATION_EXPIRED} is thrown: the expiry that was due takes effect.
     *
     * @param actor           the invited account: an administrator of the customer tenant with its verified email
     * @param invitationToken the token from the invitation link; a null or malformed one is {@code INVITATION_INVALID}
     * @return the partner the customer is now connected to
     * @throws DelegationException {@code DELEGATED_SESSION_NOT_ALLOWED}, {@code INVITATION_INVALID},
     *                             {@code INVITATION_EXPIRED}, {@code INVITATION_FOR_ANOTHER_ACCOUNT},
     *                             {@code INVITING_PARTNER_UNAVAILABLE} (the partner left or lost the permission),
     *                             {@code ALREADY_LINKED_TO_ANOTHER_TENANT}
     */
    public PartnerLink acceptInvitation(Principal actor, String invitationToken) {
        return observeRevoking(UseCase.ACCEPT_INVITATION, () -> customerSide.acceptInvitation(actor, invitationToken, GrantRules.asRequested()),
                () -> ofTenant(actor));
    }

    /**
     * Accepts as {@link #acceptInvitation(Principal, String)} does, with the customer's rules for
     * the grant. The link may also be a change request's: approving it puts the requested roles
     * and period in force at once (a reason required before stays required).
     *
     * @param actor           the invited account: an administrator of the customer tenant with its verified email
     * @param invitationToken the token from the invitation or change request link
     * @param rules           automatic renewal and reasons for sensitive roles
     * @return the partner the customer is connected to, with the grant now in force
     * @throws DelegationException as {@link #acceptInvitation(Principal, String)}, {@code STEP_UP_REQUIRED} accepting an
     *                             invitation or approving a change request when the step-up policy covers customer actions
     *                             ({@link StepUpPolicy#forCustomerActionsToo()}), and {@code RENEWAL_NOT_ALLOWED} when
     *                             automatic renewal is asked for a grant without an end date or of a role the host keeps
     *                             from it (nothing is changed), {@code INVITATION_INVALID} for a change request whose
     *                             delegation's end date has passed (the change would bring it back)
     */
    public PartnerLink acceptInvitation(Principal actor, String invitationToken, GrantRules rules) {
        return observeRevoking(UseCase.ACCEPT_INVITATION, () -> customerSide.acceptInvitation(actor, invitationToken, rules),
                () -> ofTenant(actor));
    }

    /**
     * What an invitation or change request link asks, for the accept page: the partner, the roles
     * and period requested, and for a change the grant in force. Reads only; the same account
     * rule as {@link #acceptInvitation(Principal, String)} applies.
     *
     * @param actor           the invited account: an administrator of the customer tenant with its verified email
     * @param invitationToken the token from the link
     * @return what accepting would approve
     * @throws DelegationException {@code DELEGATED_SESSION_NOT_ALLOWED}, {@code INVITATION_INVALID} (also once answered),
     *                             {@code INVITATION_EXPIRED}, {@code INVITATION_FOR_ANOTHER_ACCOUNT}
     */
    public InvitationReview reviewInvitation(Principal actor, String invitationToken) {
        return observe(UseCase.REVIEW_INVITATION, () -> customerSide.reviewInvitation(actor, invitationToken));
    }

    /**
     * The invited account declines the invitation: the delegation becomes DECLINED (final) and
     * the partner is told. The same account rule as {@link #acceptInvitation} applies; a partner
     * that lost its permission can still be declined. As there, an expired link first moves the
     * delegation to EXPIRED. Declining a link this account declined already (a retry after
     * {@code OUTCOME_UNKNOWN}) answers as done and writes nothing.
     *
     * @param actor           the invited account: an administrator of the customer tenant with its verified email
     * @param invitationToken the token from the invitation link; a null or malformed one is {@code INVITATION_INVALID}
     * @throws DelegationException {@code DELEGATED_SESSION_NOT_ALLOWED}, {@code INVITATION_INVALID},
     *                             {@code INVITATION_EXPIRED}, {@code INVITATION_FOR_ANOTHER_ACCOUNT}
     */
    public void declineInvitation(Principal actor, String invitationToken) {
        runRevoking(UseCase.DECLINE_INVITATION, () -> customerSide.declineInvitation(actor, invitationToken),
                () -> ofTenant(actor));
    }

    /**
     * The customer's administrator ends the delegation with its partner. Access ends at once:
     * live delegated sessions are revoked in the same unit of work; both sides are told. When the
     * customer's last connection was removed already (a retry after {@code OUTCOME_UNKNOWN}, or the
     * partner deleted it), it answers as done and writes nothing.
     *
     * @param actor an administrator of the customer tenant, acting in their own tenant
     * @throws DelegationException {@code DELEGATED_SESSION_NOT_ALLOWED}, {@code ADMINISTRATOR_REQUIRED},
     *                             {@code NOT_CONNECTED} when no partner is connected and none was removed, also once the partner's access
     *                             ended (before {@link #enforceTimeLimits} records it; nothing is recorded)
     */
    public void disassociatePartner(Principal actor) {
        runRevoking(UseCase.DISASSOCIATE_PARTNER, () -> customerSide.disassociatePartner(actor, Optional.empty()),
                () -> ofTenant(actor));
    }

    /**
     * {@link #disassociatePartner(Principal) Disassociate} with the customer's reason, which the
     * {@code PARTNER_DISASSOCIATED} audit event records.
     *
     * @param actor  an administrator of the customer tenant, acting in their own tenant
     * @param reason why, as the person typed it
     * @throws DelegationException as {@link #disassociatePartner(Principal)}; {@code INVALID_INPUT} when {@code reason}
     *                             is null
     */
    public void disassociatePartner(Principal actor, Reason reason) {
        runRevoking(UseCase.DISASSOCIATE_PARTNER, () -> customerSide.disassociatePartner(actor, Optional.of(DelegationException.requireArgument(reason, "reason"))),
                () -> ofTenant(actor));
    }

    /**
     * The partner connected to the acting customer tenant, if any. Any user of the tenant may
     * ask, a delegated session included. Never fails for a partner that left the directory: its
     * account number and email are then empty.
     *
     * @param actor any user of the customer tenant, or a delegated session into it
     * @return the CONNECTED link; empty when no partner is connected, or when the link's access ended
     *         (its {@code accessUntil} passed), whether or not the time-limit job has recorded it yet
     */
    public Optional<PartnerLink> currentPartner(Principal actor) {
        return observe(UseCase.CURRENT_PARTNER, () -> customerSide.currentPartner(actor));
    }

    /**
     * The customer's administrator ends every live delegated session into its tenant, keeping
     * the link: the partner may log in again. Audited on the connected delegation when it ended
     * any, so that a retry after {@code OUTCOME_UNKNOWN} (which ends none) records nothing.
     *
     * @param actor an administrator of the customer tenant, acting in their own tenant
     * @return how many sessions were ended
     * @throws DelegationException {@code DELEGATED_SESSION_NOT_ALLOWED}, {@code ADMINISTRATOR_REQUIRED}
     */
    public int endSessionsIntoTenant(Principal actor) {
        return observeRevoking(UseCase.END_SESSIONS_INTO_TENANT, () -> customerSide.endSessionsIntoTenant(actor),
                () -> ofTenant(actor));
    }

    /**
     * The customer cuts its partner's grant at once, without the partner's consent: fewer roles,
     * an earlier end (which also ends automatic renewal). Live sessions lose the removed roles on
     * their next validation, and stop validating at the new end. Audited; the partner is told. An
     * unanswered change request is dropped and its link stops working: approving it later would
     * bring back what was cut; the partner may ask again.
     *
     * @param actor  an administrator of the customer tenant, acting in their own tenant
     * @param roles  the roles kept: a non-empty subset of those granted
     * @param endsAt the new end, in the future and no later than the current one; empty to keep the end
     * @return the link with the reduced grant (unchanged, and nothing recorded, when nothing was cut)
     * @throws DelegationException {@code DELEGATED_SESSION_NOT_ALLOWED}, {@code ADMINISTRATOR_REQUIRED},
     *                             {@code NOT_CONNECTED} (also once the end date has passed), {@code STEP_UP_REQUIRED}
     *                             when the step-up policy covers customer actions
     *                             ({@link StepUpPolicy#forCustomerActionsToo()}), {@code INVALID_INPUT} for a
     *                             role not granted, no role, or an end that is past, later than the current one or
     *                             later than 9999-12-31T23:59:59.999999Z (the latest instant storage keeps)
     */
    public PartnerLink restrictPartnerAccess(Principal actor, Set<RoleKey> roles, Optional<Instant> endsAt) {
        return observeRevoking(UseCase.RESTRICT_PARTNER_ACCESS, () -> customerSide.restrictPartnerAccess(actor, roles, endsAt),
                () -> ofTenant(actor));
    }

    /**
     * The customer changes its rules for the grant in force: automatic renewal at the end date,
     * a reason for sessions holding sensitive roles. Audited.
     *
     * @param actor an administrator of the customer tenant, acting in their own tenant
     * @param rules the rules now
     * @return the link with the rules applied
     * @throws DelegationException {@code DELEGATED_SESSION_NOT_ALLOWED}, {@code ADMINISTRATOR_REQUIRED},
     *                             {@code NOT_CONNECTED} (also once the end date has passed), {@code RENEWAL_NOT_ALLOWED}
     *                             (no end date, or a role the host keeps from automatic renewal), {@code STEP_UP_REQUIRED}
     *                             under {@link StepUpPolicy#forCustomerActionsToo()}
     */
    public PartnerLink changeGrantRules(Principal actor, GrantRules rules) {
        return observeRevoking(UseCase.CHANGE_GRANT_RULES, () -> customerSide.changeGrantRules(actor, rules),
                () -> ofTenant(actor));
    }

    /**
     * The delegated sessions into the acting customer's tenant, newest first: who, when, which
     * roles, the reason, and whether each is still live. Any user of the customer tenant may
     * look; a delegated session may not. Sessions deleted by retention are no longer listed (the
     * audit trail keeps each login).
     *
     * @param actor a user of the customer tenant, acting in their own tenant
     * @param query the page size (at most {@link DelegationSettings#maxPageSize()}) and the cursor of the previous page
     * @return the sessions, newest first, with a cursor when more follow
     * @throws DelegationException {@code DELEGATED_SESSION_NOT_ALLOWED}, {@code INVALID_INPUT} for a bad cursor or limit
     */
    public Page<DelegatedSessionView> delegatedSessions(Principal actor, SessionQuery query) {
        return observe(UseCase.DELEGATED_SESSIONS, () -> customerSide.delegatedSessions(actor, query));
    }

    /**
     * The customer's administrator ends one delegated session into its tenant: its token never
     * validates again. Audited on its delegation, with the session's roles and reason.
     *
     * @param actor     an administrator of the customer tenant, acting in their own tenant
     * @param sessionId the session, from {@link #delegatedSessions}
     * @return true when this call ended it; false when it had ended already
     * @throws DelegationException {@code DELEGATED_SESSION_NOT_ALLOWED}, {@code ADMINISTRATOR_REQUIRED},
     *                             {@code SESSION_NOT_FOUND} (also for a session into another tenant)
     */
    public boolean endDelegatedSession(Principal actor, SessionId sessionId) {
        return observeRevoking(UseCase.END_DELEGATED_SESSION, () -> customerSide.endDelegatedSession(actor, sessionId, Optional.empty()),
                () -> ofTenant(actor));
    }

    /**
     * {@link #endDelegatedSession(Principal, SessionId) Ends one session} with the customer's reason,
     * which the {@code SESSION_ENDED} audit event records in place of the login's reason.
     *
     * @param actor     an administrator of the customer tenant, acting in their own tenant
     * @param sessionId the session, from {@link #delegatedSessions}
     * @param reason    why, as the person typed it
     * @return true when this call ended it; false when it had ended already (nothing is recorded)
     * @throws DelegationException as {@link #endDelegatedSession(Principal, SessionId)}; {@code INVALID_INPUT} when
     *                             {@code reason} is null
     */
    public boolean endDelegatedSession(Principal actor, SessionId sessionId, Reason reason) {
        return observeRevoking(UseCase.END_DELEGATED_SESSION, () -> customerSide.endDelegatedSession(actor, sessionId, Optional.of(DelegationException.requireArgument(reason, "reason"))),
                () -> ofTenant(actor));
    }

    /**
     * The acting customer tenant's settings: how it is told of delegated logins, and its step-up
     * age. Any user of the customer tenant may read them; a delegated session may not (a partner that
     * knew the customer is told only once a day could time its logins). A tenant that never changed
     * them has {@link CustomerSettings#DEFAULTS} (the daily digest).
     *
     * @param actor any user of the customer tenant, acting in their own tenant
     * @return the tenant's settings
     * @throws DelegationException {@code DELEGATED_SESSION_NOT_ALLOWED}, {@code INVALID_INPUT} when {@code actor} is null
     */
    public CustomerSettings customerSettings(Principal actor) {
        return observe(UseCase.CUSTOMER_SETTINGS, () -> customerSide.customerSettings(actor));
    }

    /**
     * The customer's administrator changes the tenant's settings, audited
     * ({@code CUSTOMER_SETTINGS_CHANGED}, without a delegation). Moving onto
     * {@link LoginNotice#DAILY_DIGEST} starts the digest from this moment: a login made while the
     * tenant was told of each login, or of none, is never in a digest. Saving the settings in force
     * changes and records nothing.
     *
     * @param actor    an administrator of the customer tenant, acting in their own tenant
     * @param settings the new settings
     * @return the settings now in force
     * @throws DelegationException {@code DELEGATED_SESSION_NOT_ALLOWED} (a partner cannot change how the customer is
     *                             told of its own logins), {@code ADMINISTRATOR_REQUIRED}, {@code INVALID_INPUT},
     *                             {@code STEP_UP_REQUIRED} under {@link StepUpPolicy#forCustomerActionsToo()}
     */
    public CustomerSettings changeCustomerSettings(Principal actor, CustomerSettings settings) {
        return observeRevoking(UseCase.CHANGE_CUSTOMER_SETTINGS, () -> customerSide.changeCustomerSettings(actor, settings),
                () -> ofTenant(actor));
    }

    // ---------------------------------------------------------------- sessions

    /**
     * Checks a delegated session's bearer token, as the host does on every request made with it.
     * Empty when the token is malformed, unknown, expired or ended, when its delegation is no
     * longer CONNECTED or its grant's end has passed (at once, whether or not {@link #enforceTimeLimits}
     * has run), when the customer removed every role the session held, when the partner no longer
     * holds the partner permission, or when the permission was revoked since the session was issued
     * (even if granted back since). The session returned holds only the roles its delegation still
     * grants: authorize each request with {@link DelegatedSession#hasRole(String)}. When the
     * storage cannot be reached it throws {@code STORAGE_UNAVAILABLE} rather than answering
     * "invalid", so a host can tell an outage from a bad token. With a {@link Builder#sessionCache session cache}
     * the answer may come from memory, never wider than storage's (see {@link SessionCache}).
     *
     * <p>Turn the result into the request's principal with {@link DelegatedSession#principal()}
     * and nothing else: any other mapping (an administrator principal of the customer tenant)
     * lets the partner act beyond what the customer authorized.
     *
     * @param sessionToken the bearer token the request carries; may be null
     * @return the live session; empty when the token does not grant access now
     * @throws DelegationException {@code STORAGE_UNAVAILABLE} when the storage cannot answer
     */
    public Optional<DelegatedSession> validateSession(String sessionToken) {
        // Written out rather than through observe(..): the check on every request allocates no lambda for its observation.
        CallObservation observation = Observing.useCase(observer, UseCase.VALIDATE_SESSION);
        Optional<DelegatedSession> session;
        try {
            session = sessionChecks.validateSession(sessionToken);
        } catch (DelegationException e) {
            Observing.refused(observation, e.code());
            throw e;
        } catch (RuntimeException | Error e) {
            Observing.failed(observation, e);
            throw e;
        }
        Observing.succeeded(observation);
        return session;
    }

    /**
     * Logs one delegated session out: its token never validates again. Idempotent: an unknown,
     * malformed or already ended token is not an error.
     *
     * @param sessionToken the session's bearer token; may be null
     * @return true when this call ended the session; false for a null, malformed, unknown or already ended token
     */
    public boolean endSession(String sessionToken) {
        return observe(UseCase.END_SESSION, () -> sessionChecks.endSession(sessionToken));
    }

    // ---------------------------------------------------------------- operator

    /**
     * An operator of the host gives a tenant the partner permission (for special cases: a tenant
     * that is not a partner by contract). The change and its audit event are one unit of work.
     * Idempotent in effect; each call is audited.
     *
     * @param operator an operator of the host product
     * @param tenantId the tenant to grant the permission to
     * @return the tenant as it is now, holding the permission
     * @throws DelegationException {@code DELEGATED_SESSION_NOT_ALLOWED}, {@code OPERATOR_REQUIRED}, {@code ACCOUNT_NOT_FOUND}
     */
    public Tenant grantPartnerPermission(Principal operator, TenantId tenantId) {
        return observe(UseCase.GRANT_PARTNER_PERMISSION, () -> operations.grantPartnerPermission(operator, tenantId));
    }

    /**
     * An operator takes the partner permission away. In one unit of work with the change and its
     * audit event, every live session of the partner is revoked and the partner's permission
     * epoch moves on, so no session issued before ever validates again, even if the permission
     * is granted back. If any of it fails, the call fails ({@code STORAGE_UNAVAILABLE}) and
     * nothing is reported as done. The delegations stay, so that the permission can be given
     * back, and the customers can still disassociate.
     *
     * @param operator an operator of the host product
     * @param tenantId the tenant to take the permission from
     * @return the tenant as it is now, without the permission
     * @throws DelegationException {@code DELEGATED_SESSION_NOT_ALLOWED}, {@code OPERATOR_REQUIRED}, {@code ACCOUNT_NOT_FOUND}
     */
    public Tenant revokePartnerPermission(Principal operator, TenantId tenantId) {
        return observeRevoking(UseCase.REVOKE_PARTNER_PERMISSION, () -> operations.revokePartnerPermission(operator, tenantId, Optional.empty()),
                () -> tenantId == null ? List.of() : List.of(Revocation.partner(tenantId)));
    }

    /**
     * {@link #revokePartnerPermission(Principal, TenantId) Revokes the partner permission} with the
     * operator's reason, which the {@code PARTNER_PERMISSION_REVOKED} audit event records.
     *
     * @param operator an operator of the host product
     * @param tenantId the tenant to take the permission from
     * @param reason   why, as the person typed it
     * @return the tenant as it is now, without the permission
     * @throws DelegationException as {@link #revokePartnerPermission(Principal, TenantId)}; {@code INVALID_INPUT} when
     *                             {@code reason} is null
     */
    public Tenant revokePartnerPermission(Principal operator, TenantId tenantId, Reason reason) {
        return observeRevoking(UseCase.REVOKE_PARTNER_PERMISSION, () -> operations.revokePartnerPermission(operator, tenantId, Optional.of(DelegationException.requireArgument(reason, "reason"))),
                () -> tenantId == null ? List.of() : List.of(Revocation.partner(tenantId)));
    }

    /**
     * Moves every PENDING delegation whose invitation has expired to EXPIRED and tells its
     * partner. Meant to run on a schedule (the host's, or next to the outbox dispatcher); an
     * expired link is refused with {@code INVITATION_EXPIRED} even before this runs.
     *
     * @param operator an operator of the host product
     * @return how many delegations expired
     * @throws DelegationException {@code DELEGATED_SESSION_NOT_ALLOWED}, {@code OPERATOR_REQUIRED}
     */
    public int expireInvitations(Principal operator) {
        return observe(UseCase.EXPIRE_INVITATIONS, () -> operations.expireInvitations(operator));
    }

    /**
     * Applies every time limit, and is the one job to schedule (every few minutes): what
     * {@link #expireInvitations} does, then drops change requests whose link expired, renews once
     * the delegations whose customer approved it, ends the others whose end date passed (ENDED,
     * sessions revoked, both sides told, audited), and then tells both sides when a delegation's
     * end is within {@link DelegationSettings#endingNotice()} (once per period; a delegation whose
     * end passed before the run is told it ended, not that it is ending). Access already stops at
     * the end date without it (validation checks the end); this records it. Last, it writes the
     * login digests: each customer tenant on {@link LoginNotice#DAILY_DIGEST} with delegated logins
     * not yet reported, whose previous digest is at least a day old (or who never had one), gets one
     * {@code DELEGATED_LOGIN_DIGEST} listing them (at most 500; the rest come in the next digest),
     * and they are marked reported in the same unit of work, so that no login is mailed twice, by
     * two nodes at once or after a restart. Each kind runs in batches of 100, each its own unit of
     * work; several nodes may run it at once.
     *
     * @param operator an operator of the host product
     * @return how many delegations each step changed
     * @throws DelegationException {@code DELEGATED_SESSION_NOT_ALLOWED}, {@code OPERATOR_REQUIRED}
     */
    public TimeLimitResult enforceTimeLimits(Principal operator) {
        return observeRevoking(UseCase.ENFORCE_TIME_LIMITS, () -> operations.enforceTimeLimits(operator), () -> List.of(Revocation.all()));
    }

    /**
     * A page of a tenant's audit trail in a time range, oldest first: the events of its
     * delegations, as customer or as partner, and its partner permission changes (not the events
     * its users merely acted in on other tenants: an operator's tenant does not see every tenant's). For operators, and
     * for an administrator of that tenant.
     *
     * @param actor    an operator, or an administrator of {@code tenantId} acting in their own tenant
     * @param tenantId the tenant, as customer or partner
     * @param range    the time range, the page size (at most {@link DelegationSettings#maxPageSize()}) and the cursor
     * @return the events, oldest first, with a cursor when more follow
     * @throws DelegationException {@code DELEGATED_SESSION_NOT_ALLOWED}, {@code ADMINISTRATOR_REQUIRED},
     *                             {@code ACCOUNT_NOT_FOUND} (another tenant), {@code INVALID_INPUT} for a bad cursor or limit
     */
    public Page<AuditEvent> auditTrailOfTenant(Principal actor, TenantId tenantId, AuditRange range) {
        return observe(UseCase.AUDIT_TRAIL_OF_TENANT, () -> operations.auditTrailOfTenant(actor, tenantId, range));
    }

    /**
     * Writes a tenant's audit trail in a time range as JSON Lines ({@link AuditJsonLines}), from
     * the range's cursor to the end, page by page; same visibility as {@link #auditTrailOfTenant}.
     *
     * @param actor    an operator, or an administrator of {@code tenantId} acting in their own tenant
     * @param tenantId the tenant, as customer or partner
     * @param range    the time range and page size; its cursor, if any, says where to start
     * @param out      where the lines go; not closed
     * @return how many events were written
     * @throws DelegationException as {@link #auditTrailOfTenant}
     * @throws java.io.UncheckedIOException when {@code out} fails
     */
    public long exportAuditTrail(Principal actor, TenantId tenantId, AuditRange range, Appendable out) {
        return observe(UseCase.EXPORT_AUDIT_TRAIL, () -> operations.exportAuditTrail(actor, tenantId, range, out));
    }

    /**
     * A page of the audit trail of a delegation, oldest first. Visible to its partner, its
     * customer and operators; a delegated session sees the trail of its own delegation only. To
     * anyone else the delegation does not exist.
     *
     * @param actor        the delegation's partner or customer, an operator, or a delegated session under it
     * @param delegationId the delegation
     * @param query        the page size (at most {@link DelegationSettings#maxPageSize()}) and the cursor of the
     *                     previous page
     * @return the events, oldest first, with a cursor when more follow
     * @throws DelegationException {@code DELEGATION_NOT_FOUND}, {@code INVALID_INPUT} for a bad cursor or limit
     */
    public Page<AuditEvent> auditTrail(Principal actor, DelegationId delegationId, AuditQuery query) {
        return observe(UseCase.AUDIT_TRAIL, () -> operations.auditTrail(actor, delegationId, query));
    }

    /**
     * The partner permission changes of a tenant, oldest first, for operators.
     *
     * @param operator an operator of the host product
     * @param tenantId the tenant whose permission changed
     * @return the grants and revocations, oldest first; empty when there was none
     * @throws DelegationException {@code DELEGATED_SESSION_NOT_ALLOWED}, {@code OPERATOR_REQUIRED}
     */
    public List<AuditEvent> permissionAuditTrail(Principal operator, TenantId tenantId) {
        return observe(UseCase.PERMISSION_AUDIT_TRAIL, () -> operations.permissionAuditTrail(operator, tenantId));
    }

    /**
     * Deletes what the policy says is old enough, in batches of 500, each its own unit of work:
     * delivered and discarded notifications, ended sessions, and optionally audit events. Meant
     * to run on a schedule. Delegations themselves stay.
     *
     * @param operator an operator of the host product
     * @param policy   what is old enough to go
     * @return how many of each were deleted
     * @throws DelegationException {@code DELEGATED_SESSION_NOT_ALLOWED}, {@code OPERATOR_REQUIRED}
     */
    public RetentionResult applyRetention(Principal operator, RetentionPolicy policy) {
        return observe(UseCase.APPLY_RETENTION, () -> operations.applyRetention(operator, policy));
    }

    /**
     * Assembles a {@link PartnerDelegation} from its ports. The tenant directory, the delegation
     * store and the session issuer are required; the clock defaults to UTC system time, the
     * random source to a {@link SecureRandom}, the settings to {@link DelegationSettings#defaults()}.
     * Not thread-safe; the facade it builds is.
     */
    public static final class Builder {
        private TenantDirectory tenants;
        private DelegationStore store;
        private SessionIssuer sessions;
        private Clock clock = Clock.systemUTC();
        private RandomGenerator random = new SecureRandom();
        private DelegationSettings settings = DelegationSettings.defaults();
        private RoleCatalogue catalogue = RoleCatalogue.standard();
        private StepUpPolicy stepUp = StepUpPolicy.defaults();
        private DelegationObserver observer = DelegationObserver.none();
        private SessionCache sessionCache;

        private Builder() {
        }

        /**
         * Sets the node's cache of session checks: {@link #validateSession} then answers from memory while the
         * cache can vouch for its entries, and the use cases that narrow or end sessions tell it once they are
         * done. None by default: every check reads storage. {@code delegation-session-cache} offers one.
         *
         * @param sessionCache the cache; thread-safe
         * @return this builder
         * @throws NullPointerException when it is null
         */
        public Builder sessionCache(SessionCache sessionCache) {
            this.sessionCache = Objects.requireNonNull(sessionCache, "sessionCache");
            return this;
        }

        /**
         * Sets who is told when each use case begins and how it ends (and each delivery attempt of a
         * dispatcher built from the facade); {@link DelegationObserver#none()}, which costs nothing,
         * otherwise. {@code delegation-micrometer} offers one for Micrometer.
         *
         * @param observer the observer; thread-safe
         * @return this builder
         * @throws NullPointerException when it is null
         */
        public Builder observer(DelegationObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /**
         * Sets the roles partners may request and the default ones; {@link RoleCatalogue#standard()}
         * ({@code tenant:administrator}, the seed's flow) otherwise.
         *
         * @param roleCatalogue the catalogue
         * @return this builder
         * @throws NullPointerException when it is null
         */
        public Builder roleCatalogue(RoleCatalogue roleCatalogue) {
            this.catalogue = Objects.requireNonNull(roleCatalogue, "roleCatalogue");
            return this;
        }

        /**
         * Sets how fresh and how strong a partner user's authentication must be at a delegated login;
         * {@link StepUpPolicy#defaults()} (multi-factor, no older than 15 minutes) otherwise. A relaxed
         * policy is logged as a WARNING when the facade is built.
         *
         * @param stepUpPolicy the policy
         * @return this builder
         * @throws NullPointerException when it is null
         */
        public Builder stepUpPolicy(StepUpPolicy stepUpPolicy) {
            this.stepUp = Objects.requireNonNull(stepUpPolicy, "stepUpPolicy");
            return this;
        }

        /**
         * Sets the host's tenants (required; there is no default).
         *
         * @param tenantDirectory the directory
         * @return this builder
         * @throws NullPointerException when it is null
         */
        public Builder tenantDirectory(TenantDirectory tenantDirectory) {
            this.tenants = Objects.requireNonNull(tenantDirectory, "tenantDirectory");
            return this;
        }

        /**
         * Sets where delegations, invitations, audit and the outbox are kept (required; there is no default).
         *
         * @param delegationStore the store
         * @return this builder
         * @throws NullPointerException when it is null
         */
        public Builder delegationStore(DelegationStore delegationStore) {
            this.store = Objects.requireNonNull(delegationStore, "delegationStore");
            return this;
        }

        /**
         * Sets where delegated sessions are kept (required; there is no default).
         *
         * @param sessionIssuer the issuer
         * @return this builder
         * @throws NullPointerException when it is null
         */
        public Builder sessionIssuer(SessionIssuer sessionIssuer) {
            this.sessions = Objects.requireNonNull(sessionIssuer, "sessionIssuer");
            return this;
        }

        /**
         * Sets the clock every use case reads "now" from; tests pass a controllable one. Defaults to
         * {@link Clock#systemUTC()}.
         *
         * @param clock the clock
         * @return this builder
         * @throws NullPointerException when it is null
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the source of tokens and ids. Tokens are secrets: in production keep the default {@link SecureRandom}.
         *
         * @param random the source; tests pass a seeded one
         * @return this builder
         * @throws NullPointerException when it is null
         */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * Sets the time limits, page sizes and the invitation cool-down; {@link DelegationSettings#defaults()} otherwise.
         *
         * @param settings the settings
         * @return this builder
         * @throws NullPointerException when it is null
         */
        public Builder settings(DelegationSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Builds the facade.
         *
         * @return the facade, ready for use
         * @throws NullPointerException naming the missing port
         */
        public PartnerDelegation build() {
            return new PartnerDelegation(this);
        }
    }
}
