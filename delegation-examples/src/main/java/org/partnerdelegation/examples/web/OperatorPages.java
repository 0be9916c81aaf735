package org.partnerdelegation.examples.web;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.examples.web.Views.OperatorView;
import org.partnerdelegation.examples.web.Views.TenantLine;
import org.partnerdelegation.examples.web.Views.TrailLine;

/**
 * The operator's page: grant and revoke the partner permission, with the permission audit trail.
 */
final class OperatorPages {

    private final Pages pages;

    OperatorPages(Pages pages) {
        this.pages = pages;
    }

    void operator(Context ctx) {
        renderOperator(ctx, pages.principal(ctx), Pages.notice(ctx.queryParam("notice")), null);
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
                        e.targetTenant().value(), e.actorUser().value()))
                .toList();
        pages.render(ctx, "operator.jte", Map.of("chrome", pages.chrome(ctx, "Operator"), "view", new OperatorView(tenants, trail, notice, error)));
    }

    void grant(Context ctx) {
        permission(ctx, true);
    }

    void revoke(Context ctx) {
        permission(ctx, false);
    }

    private void permission(Context ctx, boolean grant) {
        Principal operator = pages.principal(ctx);
        TenantId tenant;
        try {
            tenant = TenantId.of(Objects.requireNonNullElse(ctx.formParam("tenant"), ""));
        } catch (DelegationException e) {
            throw new Refusal(400, "Operator", "There is no such tenant.");
        }
        if (grant) {
            pages.delegation().grantPartnerPermission(operator, tenant);
        } else {
            pages.delegation().revokePartnerPermission(operator, tenant);
        }
        pages.backend().dispatch();
        ctx.redirect("/operator?notice=" + (grant ? "granted" : "revoked"));
    }
}
