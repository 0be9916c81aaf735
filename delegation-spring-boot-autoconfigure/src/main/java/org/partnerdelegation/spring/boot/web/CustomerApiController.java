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
import org.partnerdelegation.core.domain.SessionId;
import org.partnerdelegation.core.usecase.GrantRules;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.core.usecase.PartnerLink;
import org.partnerdelegation.core.usecase.SessionQuery;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The customer side: answering an invitation, the current partner and its access, the delegated
 * sessions, ending the link, the audit export. Invitation tokens come in bodies, never in URLs.
 */
@ApiResponse(responseCode = "default", description = "An RFC 9457 problem with the stable error code in code",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiJson.Problem.class)))
@RestController
@RequestMapping(ApiPaths.BASE + "/customer")
@Tag(name = "customer", description = "A customer tenant's partner, its access and its sessions")
final class CustomerApiController {

    private final PartnerDelegation delegation;
    private final Callers callers;

    CustomerApiController(PartnerDelegation delegation, Callers callers) {
        this.delegation = delegation;
        this.callers = callers;
    }

    @PostMapping("/invitation/review")
    @Operation(summary = "Read what an invitation (or a change request) asks", description = "Changes nothing.")
    @ApiResponse(responseCode = "200", description = "OK")
    ApiJson.Review reviewInvitation(@RequestBody ApiJson.InvitationToken body, HttpServletRequest request) {
        Principal actor = callers.require(request);
        return ApiJson.Review.of(delegation.reviewInvitation(actor, Inputs.token(Inputs.body(body, "body").token())));
    }

    @PostMapping("/invitation/accept")
    @Operation(summary = "Accept an invitation (or approve a change request)")
    @ApiResponse(responseCode = "200", description = "OK")
    ApiJson.Partner acceptInvitation(@RequestBody ApiJson.Accept body, HttpServletRequest request) {
        Principal actor = callers.require(request);
        String token = Inputs.token(Inputs.body(body, "body").token());
        PartnerLink link = body.autoRenew() == null && body.requireReasonForSensitiveRoles() == null
                ? delegation.acceptInvitation(actor, token)
                : delegation.acceptInvitation(actor, token, GrantRules.asRequested()
                        .withAutoRenew(Boolean.TRUE.equals(body.autoRenew()))
                        .withReasonRequired(Boolean.TRUE.equals(body.requireReasonForSensitiveRoles())));
        return ApiJson.Partner.of(link);
    }

    @PostMapping("/invitation/decline")
    @Operation(summary = "Decline an invitation (or a change request)")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @ApiResponse(responseCode = "204", description = "Done")
    void declineInvitation(@RequestBody ApiJson.InvitationToken body, HttpServletRequest request) {
        Principal actor = callers.require(request);
        delegation.declineInvitation(actor, Inputs.token(Inputs.body(body, "body").token()));
    }

    @GetMapping("/partner")
    @Operation(summary = "The customer's partner", responses = {
            @ApiResponse(responseCode = "200", description = "The partner"),
            @ApiResponse(responseCode = "204", description = "No partner has access", content = @Content)})
    ResponseEntity<ApiJson.Partner> currentPartner(HttpServletRequest request) {
        Principal actor = callers.require(request);
        return delegation.currentPartner(actor).map(ApiJson.Partner::of).map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.noContent().build());
    }

    @PostMapping("/partner/restrict")
    @Operation(summary = "Cut the partner's roles or bring its end date forward", description = "Takes effect at once.")
    @ApiResponse(responseCode = "200", description = "OK")
    ApiJson.Partner restrictPartnerAccess(@RequestBody ApiJson.Restrict body, HttpServletRequest request) {
        Principal actor = callers.require(request);
        Inputs.body(body, "body");
        return ApiJson.Partner.of(delegation.restrictPartnerAccess(actor, Inputs.roles(body.roles()),
                Inputs.instant(body.endsAt(), "endsAt")));
    }

    @DeleteMapping("/partner")
    @Operation(summary = "Disassociate the partner", description = "Ends the link at once and revokes its sessions; the reason is optional.")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @ApiResponse(responseCode = "204", description = "Done")
    void disassociatePartner(@RequestBody(required = false) ApiJson.EndingReason body, HttpServletRequest request) {
        Principal actor = callers.require(request);
        Optional<Reason> reason = Inputs.reason(body);
        if (reason.isPresent()) {
            delegation.disassociatePartner(actor, reason.get());
        } else {
            delegation.disassociatePartner(actor);
        }
    }

    @GetMapping("/sessions")
    @Operation(summary = "The delegated sessions into the customer's tenant", description = "Newest first, paged with nextCursor.")
    @ApiResponse(responseCode = "200", description = "OK")
    ApiJson.SessionPage delegatedSessions(@RequestParam(name = "limit", required = false) Integer limit,
                                 @RequestParam(name = "cursor", required = false) String cursor, HttpServletRequest request) {
        Principal actor = callers.require(request);
        SessionQuery query = SessionQuery.firstPage();
        if (limit != null) {
            query = query.withLimit(limit);
        }
        if (cursor != null) {
            query = query.after(cursor);
        }
        return ApiJson.SessionPage.of(delegation.delegatedSessions(actor, query));
    }

    @DeleteMapping("/sessions/{sessionId}")
    @Operation(summary = "End one delegated session", description = "ended is false when it had ended before.")
    @ApiResponse(responseCode = "200", description = "OK")
    ApiJson.SessionEnded endDelegatedSession(@PathVariable("sessionId") String sessionId,
                                    @RequestBody(required = false) ApiJson.EndingReason body, HttpServletRequest request) {
        Principal actor = callers.require(request);
        SessionId id = Inputs.sessionId(sessionId);
        Optional<Reason> reason = Inputs.reason(body);
        return new ApiJson.SessionEnded(reason.isPresent()
                ? delegation.endDelegatedSession(actor, id, reason.get())
                : delegation.endDelegatedSession(actor, id));
    }

    @DeleteMapping("/sessions")
    @Operation(summary = "End every delegated session into the tenant", description = "The link stays; the partner may log in again.")
    @ApiResponse(responseCode = "200", description = "OK")
    ApiJson.SessionsEnded endSessionsIntoTenant(HttpServletRequest request) {
        Principal actor = callers.require(request);
        return new ApiJson.SessionsEnded(delegation.endSessionsIntoTenant(actor));
    }

    @GetMapping("/audit")
    @ApiResponse(responseCode = "200", description = "JSON Lines, one audit event a line",
            content = @Content(mediaType = AuditStream.JSON_LINES, schema = @Schema(type = "string")))
    @Operation(summary = "Export the tenant's audit trail as JSON Lines",
            description = "One JSON object per line, from (required) to to (default: now), ISO-8601 instants; streamed.")
    void exportCustomerAuditTrail(@RequestParam(name = "from", required = false) String from, @RequestParam(name = "to", required = false) String to,
               HttpServletRequest request, HttpServletResponse response) throws IOException {
        Principal actor = callers.require(request);
        AuditStream.export(delegation, actor, actor.tenantId(), from, to, response);
    }
}
