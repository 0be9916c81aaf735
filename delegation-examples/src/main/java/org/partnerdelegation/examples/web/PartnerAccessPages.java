package org.partnerdelegation.examples.web;

import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.DelegableRole;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Reason;
import org.partnerdelegation.core.domain.RoleCatalogue;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.SessionId;
import org.partnerdelegation.core.usecase.AuditRange;
import org.partnerdelegation.core.usecase.DelegatedSessionView;
import org.partnerdelegation.core.usecase.Page;
import org.partnerdelegation.core.usecase.PartnerLink;
import org.partnerdelegation.core.usecase.SessionQuery;
import org.partnerdelegation.examples.web.Views.LoginLine;
import org.partnerdelegation.examples.web.Views.Option;
import org.partnerdelegation.examples.web.Views.PartnerAccessView;
import org.partnerdelegation.examples.web.Views.SessionLine;
import org.partnerdelegation.examples.web.WebSessions.Flash;

/**
 * The customer's Partner access page: the connected partner, its roles and end date (which the
 * customer can reduce), the delegated logins from the audit trail, the live sessions with a
 * button to end each, and Disassociate.
 */
final class PartnerAccessPages {

    private final Pages pages;

    PartnerAccessPages(Pages pages) {
        this.pages = pages;
    }

    void partnerAccess(Context ctx) {
        Optional<Flash> flash = Pages.flash(ctx);
        renderPartnerAccess(ctx, pages.principal(ctx), Pages.notice(ctx, flash), flash.map(Flash::error).orElse(null));
    }

    private void renderPartnerAccess(Context ctx, Principal actor, String notice, String error) {
        List<DelegatedSessionView> sessionViews = liveSessions(actor);
        Optional<PartnerLink> link = pages.delegation().currentPartner(actor);
        if (link.isEmpty()) {
            pages.render(ctx, "partner-access.jte", Map.of("chrome", pages.chrome(ctx, "Partner access"), "view",
                    new PartnerAccessView(false, null, null, null, List.of(), List.of(), List.of(), notice, error)));
            return;
        }
        PartnerLink l = link.get();
        RoleCatalogue catalogue = pages.delegation().roleCatalogue();
        List<SessionLine> live = sessionViews.stream()
                .map(s -> new SessionLine(s.sessionId().value().toString(), s.actorUser().value(), Views.time(s.issuedAt()),
                        Views.time(s.expiresAt()), Pages.roleNames(catalogue, s.roles()), s.reason().orElse("")))
                .toList();
        List<LoginLine> logins = delegatedLogins(actor).stream()
                .map(e -> new LoginLine(Views.time(e.occurredAt()), e.actorUser().value() + " (" + e.actorTenant().value() + ")",
                        Pages.roleNames(catalogue, e.roles()), e.reason().orElse("")))
                .toList();
        List<Option> roles = l.roles().stream().map(r -> new Option(r.key().value(), r.name(), true)).toList();
        pages.render(ctx, "partner-access.jte", Map.of("chrome", pages.chrome(ctx, "Partner access"), "view",
                new PartnerAccessView(true, Pages.partnerName(l.partnerEmail(), l.partnerAccountNumber()), Views.time(l.since()),
                        Views.time(l.accessUntil(), "No end date"), roles, logins, live, notice, error)));
    }

    /**
     * The live sessions into the customer's tenant, newest first: every page of the list up to the
     * first session issued longer ago than a session lives (none older can still be live).
     */
    private List<DelegatedSessionView> liveSessions(Principal actor) {
        Instant oldestLive = pages.delegation().clock().instant().minus(pages.delegation().settings().sessionTtl());
        List<DelegatedSessionView> live = new ArrayList<>();
        SessionQuery query = SessionQuery.firstPage();
        while (true) {
            Page<DelegatedSessionView> page = pages.delegation().delegatedSessions(actor, query);
            page.items().stream().filter(DelegatedSessionView::live).forEach(live::add);
            if (page.nextCursor().isEmpty() || page.items().stream().anyMatch(s -> s.issuedAt().isBefore(oldestLive))) {
                return live;
            }
            query = query.after(page.nextCursor().get());
        }
    }

    /** The delegated logins of the last year from the tenant's audit trail, every page of it, newest first. */
    private List<AuditEvent> delegatedLogins(Principal actor) {
        Instant now = pages.delegation().clock().instant();
        AuditRange range = AuditRange.between(now.minus(Duration.ofDays(366)), now.plusSeconds(60));
        List<AuditEvent> logins = new ArrayList<>();
        while (true) {
            Page<AuditEvent> page = pages.delegation().auditTrailOfTenant(actor, actor.tenantId(), range);
            page.items().stream().filter(e -> e.type() == AuditEventType.DELEGATED_LOGIN).forEach(logins::add);
            if (page.nextCursor().isEmpty()) {
                break;
            }
            range = range.after(page.nextCursor().get());
        }
        // The trail is oldest first, in the order it was recorded (several logins may share a second).
        Collections.reverse(logins);
        return logins;
    }

    void reduce(Context ctx) {
        Principal customer = pages.principal(ctx);
        PartnerLink link = pages.delegation().currentPartner(customer)
                .orElseThrow(() -> new Refusal(409, "Partner access", "No partner manages your tenant."));
        // What the form offers: a subset of the roles the partner holds, at least one. Anything else is refused here in
        // words (the library refuses the same, in its own terms).
        Map<String, RoleKey> held = new HashMap<>();
        link.roles().forEach(r -> held.put(r.key().value(), r.key()));
        List<String> checked = ctx.formParams("roles");
        String problem = checked.isEmpty()
                ? "Keep at least one role checked. To end the partner's access altogether, use Disassociate below."
                : checked.stream().filter(k -> !held.containsKey(k)).findFirst()
                        .map(k -> k.isBlank() ? "A role was sent without a name: check the roles to keep in the list."
                                : "The partner does not hold " + Pages.role(pages.delegation().roleCatalogue(), k)
                                .map(DelegableRole::name).orElse(k) + ": you can only keep roles it holds now.")
                        .orElse(null);
        if (problem != null) {
            throw new Refusal(422, "Partner access", problem);
        }
        Set<RoleKey> keep = new LinkedHashSet<>();
        checked.forEach(k -> keep.add(held.get(k)));
        pages.act(ctx, actor -> pages.delegation().restrictPartnerAccess(actor, keep, link.endsAt()), "/partner-access?notice=reduced",
                null);
    }

    /** End (one live session) asks first: whose session, what happens, and an optional reason. */
    void confirmEndSession(Context ctx) {
        Optional<Flash> flash = Pages.flash(ctx);
        SessionId id = sessionId(ctx);
        DelegatedSessionView session = liveSessions(pages.principal(ctx)).stream().filter(s -> s.sessionId().equals(id)).findFirst()
                .orElseThrow(() -> new Refusal(404, "Not found", "That session is not live (any more): it ended or expired."));
        pages.confirm(ctx, "End session", "End the delegated session of " + session.actorUser().value() + "?",
                List.of("Its next click is refused: the session's token never opens your tenant again.",
                        "The partner keeps its access: it can log in again while it is connected. To end that too, use"
                                + " Disassociate."),
                "/partner-access/sessions/" + id.value() + "/end", "End session", "/partner-access", List.of(), flash);
    }

    void endSession(Context ctx) {
        SessionId id = sessionId(ctx);
        Optional<Reason> reason = Pages.reason(ctx);
        pages.act(ctx, actor -> {
            if (reason.isPresent()) {
                pages.delegation().endDelegatedSession(actor, id, reason.get());
            } else {
                pages.delegation().endDelegatedSession(actor, id);
            }
        }, "/partner-access?notice=session-ended", null);
    }

    /** Disassociate asks first: what ends, and an optional reason. */
    void confirmDisassociate(Context ctx) {
        Optional<Flash> flash = Pages.flash(ctx);
        PartnerLink link = pages.delegation().currentPartner(pages.principal(ctx))
                .orElseThrow(() -> new Refusal(409, "Partner access", "No partner manages your tenant."));
        String partner = Pages.partnerName(link.partnerEmail(), link.partnerAccountNumber());
        pages.confirm(ctx, "Disassociate", "Disassociate " + partner + "?",
                List.of(partner + " loses access to your tenant at once; every live session of its users ends.",
                        "Both sides are told by mail. To work with a partner again, it has to invite you and you accept."),
                "/partner-access/disassociate", "Disassociate", "/partner-access", List.of(), flash);
    }

    void disassociate(Context ctx) {
        Optional<Reason> reason = Pages.reason(ctx);
        pages.act(ctx, actor -> {
            if (reason.isPresent()) {
                pages.delegation().disassociatePartner(actor, reason.get());
            } else {
                pages.delegation().disassociatePartner(actor);
            }
        }, "/partner-access?notice=disassociated", null);
    }

    private static SessionId sessionId(Context ctx) {
        try {
            return SessionId.of(UUID.fromString(ctx.pathParam("id")));
        } catch (IllegalArgumentException e) {
            throw new Refusal(404, "Not found", "That session no longer exists.");
        }
    }
}
