package org.partnerdelegation.spring.boot.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Reason;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The operator side: the partner permission of a tenant, and a tenant's audit export. */
@ApiResponse(responseCode = "default", description = "An RFC 9457 problem with the stable error code in code",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiJson.Problem.class)))
@RestController
@RequestMapping(ApiPaths.BASE + "/operator/tenants/{tenantId}")
@Tag(name = "operator", description = "The host's operators")
final class OperatorApiController {

    private final PartnerDelegation delegation;
    private final Callers callers;

    OperatorApiController(PartnerDelegation delegation, Callers callers) {
        this.delegation = delegation;
        this.callers = callers;
    }

    @PutMapping("/partner-permission")
    @Operation(summary = "Grant a tenant the partner permission")
    @ApiResponse(responseCode = "200", description = "OK")
    ApiJson.TenantView grantPartnerPermission(@PathVariable("tenantId") String tenantId, HttpServletRequest request) {
        Principal operator = callers.require(request);
        return ApiJson.TenantView.of(delegation.grantPartnerPermission(operator, TenantId.of(tenantId)));
    }

    @DeleteMapping("/partner-permission")
    @Operation(summary = "Revoke a tenant's partner permission",
            description = "Its delegated sessions stop validating for good; the delegations stay. The reason is optional.")
    @ApiResponse(responseCode = "200", description = "OK")
    ApiJson.TenantView revokePartnerPermission(@PathVariable("tenantId") String tenantId, @RequestBody(required = false) ApiJson.EndingReason body,
                              HttpServletRequest request) {
        Principal operator = callers.require(request);
        TenantId tenant = TenantId.of(tenantId);
        Optional<Reason> reason = Inputs.reason(body);
        return ApiJson.TenantView.of(reason.isPresent()
                ? delegation.revokePartnerPermission(operator, tenant, reason.get())
                : delegation.revokePartnerPermission(operator, tenant));
    }

    @GetMapping("/audit")
    @ApiResponse(responseCode = "200", description = "JSON Lines, one audit event a line",
            content = @Content(mediaType = AuditStream.JSON_LINES, schema = @Schema(type = "string")))
    @Operation(summary = "Export a tenant's audit trail as JSON Lines", description = "For an operator, or an administrator of that tenant.")
    void exportTenantAuditTrail(@PathVariable("tenantId") String tenantId, @RequestParam(name = "from", required = false) String from,
               @RequestParam(name = "to", required = false) String to, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Principal actor = callers.require(request);
        AuditStream.export(delegation, actor, TenantId.of(tenantId), from, to, response);
    }
}
