package org.partnerdelegation.spring.boot.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.partnerdelegation.core.domain.DelegableRole;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.usecase.AccountListEntry;
import org.partnerdelegation.core.usecase.DelegatedSessionView;
import org.partnerdelegation.core.usecase.InvitationReview;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.Page;
import org.partnerdelegation.core.usecase.PartnerLink;

/**
 * The API's own JSON shapes. Ids, instants (ISO-8601, UTC) and durations (ISO-8601) are strings
 * made here rather than by the host's Jackson settings, so the wire format does not move with them;
 * the core's records never reach Jackson, so no secret can be serialized by accident.
 */
final class ApiJson {

    private ApiJson() {
    }

    /** One row of the partner's account list. */
    record Account(@Schema(format = "uuid") String delegationId, @Schema(format = "email") String email, String accountNumber, @Schema(allowableValues = {"PENDING", "CONNECTED", "DECLINED", "EXPIRED", "REMOVED", "ENDED"}) String status,
                   @Schema(description = "LOGIN, RESEND_INVITATION, REQUEST_CHANGE, DELETE_ACCOUNT: what the row offers now") List<String> actions,
                   @Schema(format = "date-time") String addedAt, List<String> roles, @Schema(format = "date-time") String endsAt, boolean changeRequested, @Schema(format = "duration", example = "P90D") String term) {

        static Account of(AccountListEntry e) {
            return new Account(e.delegationId().toString(), e.email().value(), e.accountNumber().value(), e.status().name(),
                    e.actions().stream().map(Enum::name).sorted().toList(), e.addedAt().toString(), roleKeys(e.roles()),
                    text(e.endsAt()), e.changeRequested(), duration(e.term()));
        }
    }

    /** A page of the account list; {@code nextCursor} is null on the last page. */
    record AccountPage(List<Account> items,
                       @Schema(description = "Pass as cursor for the next page; null on the last page") String nextCursor) {

        static AccountPage of(Page<AccountListEntry> page) {
            return new AccountPage(page.items().stream().map(Account::of).toList(), page.nextCursor().orElse(null));
        }
    }

    /** Adds a customer account: its administrator's email, and optionally the roles and the term asked for. */
    record AddAccount(@Schema(format = "email", requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 254) String email,
                      @Schema(description = "Role keys of the host's catalogue; the default roles when absent") List<String> roles,
                      @Schema(format = "duration", example = "P90D") String term) {
    }

    /** Asks the customer for other roles or another term. */
    record GrantChange(List<String> roles, @Schema(format = "duration", example = "P90D") String term) {
    }

    /** Why something ends; optional. */
    record EndingReason(@Schema(maxLength = 200, example = "Contract ended, TICKET-4711") String reason) {
    }

    /** A delegated login: the roles the session holds (all granted when empty), a reason, whether to set the cookie. */
    record Login(@Schema(description = "The roles the session holds; every granted role when absent") List<String> roles,
                 @Schema(maxLength = 200) String reason,
                 @Schema(description = "Set delegation-servlet's HttpOnly cookie instead of returning the token") Boolean cookie) {
    }

    /** The issued session. {@code token} is shown this once, and is null when it went into the cookie instead. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record LoginResult(@Schema(description = "The session's secret token, shown this once (null when it went into the cookie):"
                               + " send it as Authorization: Bearer, never in a URL") String token,
                       @Schema(format = "uuid") String sessionId, @Schema(format = "uuid") String delegationId, @Schema(format = "email") String subject,
                       List<String> roles, @Schema(format = "date-time") String issuedAt, @Schema(format = "date-time") String expiresAt) {

        static LoginResult of(IssuedSession issued, boolean tokenInBody) {
            var s = issued.session();
            return new LoginResult(tokenInBody ? issued.token().reveal() : null, s.id().toString(), s.delegationId().toString(),
                    s.subject().value(), roleKeys(s.roles()), s.issuedAt().toString(), s.expiresAt().toString());
        }
    }

    /** An invitation token, carried in a body so that it never lands in a URL, a log or a Referer header. */
    record InvitationToken(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String token) {
    }

    /** Accepts an invitation, with the customer's rules for the grant (both false when absent). */
    record Accept(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String token, Boolean autoRenew, Boolean requireReasonForSensitiveRoles) {
    }

    /** One role of a grant, as the host's role catalogue names it. */
    record Role(String key, String name, boolean sensitive) {

        static List<Role> of(List<DelegableRole> roles) {
            return roles.stream().map(r -> new Role(r.key().value(), r.name(), r.sensitive())).toList();
        }
    }

    /** What an invitation (or a change request) asks of the customer. */
    record Review(@Schema(format = "uuid") String delegationId, @Schema(allowableValues = {"NEW_DELEGATION", "CHANGE_OF_GRANT"}) String kind, String partnerAccountNumber, String partnerEmail, String partnerName,
                  String customerEmail, List<Role> requestedRoles, @Schema(format = "duration", example = "P90D") String requestedTerm, List<Role> currentRoles,
                  @Schema(format = "date-time") String currentEndsAt, @Schema(format = "date-time") String invitationExpiresAt, boolean autoRenewalAllowed) {

        static Review of(InvitationReview r) {
            return new Review(r.delegationId().toString(), r.kind().name(), r.partnerAccountNumber().map(a -> a.value()).orElse(null),
                    r.partnerEmail().map(e -> e.value()).orElse(null), r.partnerName().orElse(null), r.customerEmail().value(),
                    Role.of(r.requestedRoles()), duration(r.requestedTerm()), Role.of(r.currentRoles()), text(r.currentEndsAt()),
                    r.invitationExpiresAt().toString(), r.autoRenewalAllowed());
        }
    }

    /** A change the partner asked for and the customer has not answered. */
    record RequestedChange(List<String> roles, @Schema(format = "duration", example = "P90D") String term, @Schema(format = "date-time") String requestedAt) {
    }

    /** The customer's partner. */
    record Partner(@Schema(format = "uuid") String delegationId, String partnerTenant, String partnerAccountNumber, String partnerEmail, @Schema(allowableValues = {"PENDING", "CONNECTED", "DECLINED", "EXPIRED", "REMOVED", "ENDED"}) String status,
                   @Schema(format = "date-time") String since, List<Role> roles, @Schema(format = "date-time") String endsAt, @Schema(format = "date-time") String accessUntil, boolean autoRenew,
                   boolean requireReasonForSensitiveRoles, RequestedChange requestedChange) {

        static Partner of(PartnerLink l) {
            return new Partner(l.delegationId().toString(), l.partnerTenant().value(),
                    l.partnerAccountNumber().map(a -> a.value()).orElse(null), l.partnerEmail().map(e -> e.value()).orElse(null),
                    l.status().name(), l.since().toString(), Role.of(l.roles()), text(l.endsAt()), text(l.accessUntil()),
                    l.rules().autoRenew(), l.rules().requireReasonForSensitiveRoles(),
                    l.requestedChange().map(c -> new RequestedChange(roleKeys(c.roles()), duration(c.term()), c.requestedAt().toString()))
                            .orElse(null));
        }
    }

    /** Cuts the partner's grant: the roles kept (at least one) and an end no later than the current one. */
    record Restrict(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<String> roles, @Schema(format = "date-time") String endsAt) {
    }

    /** One delegated session into the customer's tenant. */
    record Session(@Schema(format = "uuid") String sessionId, @Schema(format = "uuid") String delegationId, String actorTenant, String actorUser, String subject,
                   List<String> roles, String reason, @Schema(format = "date-time") String issuedAt, @Schema(format = "date-time") String expiresAt, @Schema(format = "date-time") String revokedAt,
                   boolean live) {

        static Session of(DelegatedSessionView v) {
            return new Session(v.sessionId().toString(), v.delegationId().toString(), v.actorTenant().value(), v.actorUser().value(),
                    v.subject().value(), roleKeys(v.roles()), v.reason().orElse(null), v.issuedAt().toString(), v.expiresAt().toString(),
                    text(v.revokedAt()), v.live());
        }
    }

    /** A page of delegated sessions, newest first; {@code nextCursor} is null on the last page. */
    record SessionPage(List<Session> items,
                       @Schema(description = "Pass as cursor for the next page; null on the last page") String nextCursor) {

        static SessionPage of(Page<DelegatedSessionView> page) {
            return new SessionPage(page.items().stream().map(Session::of).toList(), page.nextCursor().orElse(null));
        }
    }

    /** Whether this call ended the session (false: it had ended before). */
    record SessionEnded(boolean ended) {
    }

    /** How many sessions this call ended. */
    record SessionsEnded(int ended) {
    }

    /** A tenant as the operator sees it. */
    record TenantView(String tenantId, String accountNumber, String administratorEmail, boolean partnerPermission) {

        static TenantView of(Tenant t) {
            return new TenantView(t.id().value(), t.accountNumber().value(), t.administratorEmail().value(), t.partnerPermission());
        }
    }

    /**
     * An RFC 9457 problem: the standard members and the extension {@code code}, the stable error code;
     * {@code retryAt} only for 429.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Problem(@Schema(format = "uri", example = "urn:partner-delegation:error:DELEGATION_NOT_FOUND") String type, String title,
                   int status, @Schema(description = "The library's message, for a person") String detail,
                   @Schema(format = "uri-reference") String instance,
                   @Schema(description = "The stable error code", example = "DELEGATION_NOT_FOUND") String code,
                   @Schema(format = "date-time", description = "429 only: the earliest moment to try again") String retryAt) {
    }

    static List<String> roleKeys(Collection<RoleKey> roles) {
        return roles.stream().map(RoleKey::value).sorted().toList();
    }

    static String text(Optional<Instant> instant) {
        return instant.map(Instant::toString).orElse(null);
    }

    static String duration(Optional<Duration> duration) {
        return duration.map(Duration::toString).orElse(null);
    }
}
