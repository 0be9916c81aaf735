package org.partnerdelegation.examples.web;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Reason;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.examples.web.Views.OperatorView;
import org.partnerdelegation.examples.web.Views.Option;
import org.partnerdelegation.examples.web.Views.TenantLine;
import org.partnerdelegation.examples.web.Views.TrailLine;
import org.partnerdelegation.examples.web.WebSessions.Flash;

/**
 * The operator's page: grant and revoke the partner permission, with the permission audit trail.
 */
final class OperatorPages {

    private final Pages pages;

    OperatorPages(Pages pages) {
        this.pages = pages;
    }

    void operator(Context ctx) {
        Optional<Flash> flash = Pages.flash(ctx);
        renderOperator(ctx, pages.principal(ctx), Pages.notice(ctx, flash), flash.map(Flash::error).orElse(null));
    }

    private void renderOperator(Context ctx, Principal operator, String notice, String error) {
        List<TenantLine> tenants = new ArrayList<>();
        List<AuditEvent> events = new ArrayList<>();
        for (Tenant seeded : DemoBackend.seedTenants()) {
            events.addAll(pages.delegation().permissionAuditTrail(operator, seeded.id()));
            Tenant t = pages.delegation().tenantDirectory().findById(seeded.id()).orElse(seeded);
            tenants.add(new TenantLine(t.id().value(), t.accountNumber().value(), t.administratorEmail().value(), t.partnerPermission()));
        }
        List<TrailLine> trail = events.stream().sorted(Comparator.comparing(AuditEvent::occurredAt).reversed())
                .map(e -> new TrailLine(Views.time(e.occurredAt()),
                        e.type() == AuditEventType.PARTNER_PERMISSION_GRANTED ? "Partner permission granted"
                                : e.type() == AuditEventType.PARTNER_PERMISSION_REVOKED ? "Partner permission revoked" : e.type().name(),
                        e.targetTenant().value(), e.actorUser().value(), e.reason().orElse("")))
                .toList();
        pages.render(ctx, "operator.jte", Map.of("chrome", pages.chrome(ctx, "Operator"), "view", new OperatorView(tenants, trail, notice, error)));
    }

    void grant(Context ctx) {
        TenantId tenant = tenant(ctx.formParam("tenant"));
        pages.act(ctx, operator -> pages.delegation().grantPartnerPermission(operator, tenant), "/operator?notice=granted", null);
    }

    /** Revoke asks first: what the partner loses, and an optional reason for the permission audit trail. */
    void confirmRevoke(Context ctx) {
        Optional<Flash> flash = Pages.flash(ctx);
        Principal operator = pages.principal(ctx);
        TenantId id = tenant(ctx.queryParam("tenant"));
        requireOperator(operator);
        Tenant tenant = pages.delegation().tenantDirectory().findById(id)
                .orElseThrow(() -> new Refusal(404, "Operator", "There is no such tenant."));
        String name = tenant.id().value() + " (" + tenant.accountNumber().value() + ")";
        requireHeld(tenant);
        pages.confirm(ctx, "Revoke the partner permission", "Revoke the partner permission of " + name + "?",
                List.of(name + " can no longer add or manage customers, nor log in to them.",
                        "Every live delegated session of its users ends at once, and none issued before ever works again,"
                                + " even if the permission is granted back.",
                        "Its customer links stay: granting the permission back restores them, and the customers can still"
                                + " disassociate."),
                "/operator/revoke", "Revoke", "/operator", List.of(new Option("tenant", tenant.id().value(), false)), flash);
    }

    void revoke(Context ctx) {
        TenantId tenant = tenant(ctx.formParam("tenant"));
        Optional<Reason> reason = Pages.reason(ctx);
        pages.act(ctx, operator -> {
            // A confirmation page read before someone else revoked it: nothing to revoke, and nothing recorded again.
            requireOperator(operator);
            pages.delegation().tenantDirectory().findById(tenant).ifPresent(OperatorPages::requireHeld);
            if (reason.isPresent()) {
                pages.delegation().revokePartnerPermission(operator, tenant, reason.get());
            } else {
                pages.delegation().revokePartnerPermission(operator, tenant);
            }
        }, "/operator?notice=revoked", null);
    }

    /**
     * The operator check before the directory is read, so that the page tells no one else which
     * tenants exist (the library checks again when it acts).
     */
    private static void requireOperator(Principal principal) {
        if (!principal.isOperator()) {
            throw new Refusal(403, "Operator", "Only an operator of Example Cloud can do this.");
        }
    }

    private static void requireHeld(Tenant tenant) {
        if (!tenant.partnerPermission()) {
            throw new Refusal(409, "Operator", tenant.id().value() + " does not hold the partner permission (any more):"
                    + " there is nothing to revoke.");
        }
    }

    private static TenantId tenant(String value) {
        try {
            return TenantId.of(Objects.requireNonNullElse(value, ""));
        } catch (DelegationException e) {
            throw new Refusal(400, "Operator", "There is no such tenant.");
        }
    }
}
