package org.partnerdelegation.spring.boot.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Optional;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Reason;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.GrantRequest;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.LoginRequest;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.servlet.DelegatedSessionCookie;
import org.partnerdelegation.servlet.DelegatedSessionFilter;
import org.partnerdelegation.spring.boot.security.PartnerDelegationConfigurer;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.ClassUtils;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The partner side: the account list, adding, resending, changing, logging in to and deleting customer accounts. */
@ApiResponse(responseCode = "default", description = "An RFC 9457 problem with the stable error code in code",
        content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ApiJson.Problem.class)))
@RestController
@RequestMapping(ApiPaths.BASE + "/partner/accounts")
@Tag(name = "partner", description = "A partner tenant's customer accounts")
final class PartnerApiController {

    private static final boolean SERVLET_MODULE = ClassUtils.isPresent(
            "org.partnerdelegation.servlet.DelegatedSessionCookie", PartnerApiController.class.getClassLoader());

    private final PartnerDelegation delegation;
    private final Callers callers;
    private final ListableBeanFactory beans;

    PartnerApiController(PartnerDelegation delegation, Callers callers, ListableBeanFactory beans) {
        this.delegation = delegation;
        this.callers = callers;
        this.beans = beans;
    }

    @GetMapping
    @Operation(summary = "List the partner's customer accounts",
            description = "Keyset-paged: pass the page's nextCursor as cursor for the next page. Open statuses by default.")
    @ApiResponse(responseCode = "200", description = "OK")
    ApiJson.AccountPage listAccounts(@RequestParam(name = "status", required = false) List<String> status,
                             @RequestParam(name = "limit", required = false) Integer limit,
                             @RequestParam(name = "cursor", required = false) String cursor, HttpServletRequest request) {
        Principal actor = callers.require(request);
        AccountQuery query = AccountQuery.firstPage().withStatuses(Inputs.statuses(status));
        if (limit != null) {
            query = query.withLimit(limit);
        }
        if (cursor != null) {
            query = query.after(cursor);
        }
        return ApiJson.AccountPage.of(delegation.listAccounts(actor, query));
    }

    @PostMapping
    @Operation(summary = "Add a customer account by its administrator's email",
            description = "Mails an invitation; adding a customer that is already open returns its row and mails nothing.")
    @ApiResponse(responseCode = "200", description = "OK")
    ApiJson.Account addCustomerAccount(@RequestBody ApiJson.AddAccount body, HttpServletRequest request) {
        Principal actor = callers.require(request);
        EmailAddress email = EmailAddress.of(Inputs.body(body, "body").email());
        GrantRequest grant = new GrantRequest(Inputs.roles(body.roles()), Inputs.duration(body.term(), "term"));
        return ApiJson.Account.of(delegation.addCustomerAccount(actor, email, grant));
    }

    @PostMapping("/{delegationId}/resend-invitation")
    @Operation(summary = "Mail the invitation of a Pending account again", description = "At most once per cool-down (429 with Retry-After).")
    @ApiResponse(responseCode = "200", description = "OK")
    ApiJson.Account resendInvitation(@PathVariable("delegationId") String delegationId, HttpServletRequest request) {
        Principal actor = callers.require(request);
        return ApiJson.Account.of(delegation.resendInvitation(actor, DelegationId.parse(delegationId)));
    }

    @PostMapping("/{delegationId}/grant-change")
    @Operation(summary = "Ask the customer for other roles or another term")
    @ApiResponse(responseCode = "200", description = "OK")
    ApiJson.Account requestGrantChange(@PathVariable("delegationId") String delegationId, @RequestBody ApiJson.GrantChange body,
                                       HttpServletRequest request) {
        Principal actor = callers.require(request);
        DelegationId id = DelegationId.parse(delegationId);
        GrantRequest grant = new GrantRequest(Inputs.roles(Inputs.body(body, "body").roles()), Inputs.duration(body.term(), "term"));
        return ApiJson.Account.of(delegation.requestGrantChange(actor, id, grant));
    }

    @PostMapping("/{delegationId}/login")
    @Operation(summary = "Log in to a Connected customer's tenant",
            description = "Returns the delegated session's token once: keep it secret, never put it in a URL or a log. "
                    + "With cookie=true the token goes into delegation-servlet's HttpOnly cookie instead and the body's token is null. "
                    + "With an Idempotency-Key, a retry of the same login (after a 503 with OUTCOME_UNKNOWN, a timeout, a lost "
                    + "response) returns the same session with a new token, and the earlier token stops working.")
    @ApiResponse(responseCode = "200", description = "OK")
    ResponseEntity<ApiJson.LoginResult> loginToCustomer(@PathVariable("delegationId") String delegationId,
                                              @RequestBody(required = false) ApiJson.Login body,
                                              @Parameter(description = "The client's key for this login: 1 to 255 printable ASCII"
                                                      + " characters, new for each login it means (a UUID). The same key, user,"
                                                      + " customer, roles and reason return the same session; the same key with"
                                                      + " other roles or another reason, or of a session that ended, is refused.")
                                              @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                              HttpServletRequest request, HttpServletResponse response) {
        Principal actor = callers.require(request);
        DelegationId id = DelegationId.parse(delegationId);
        ApiJson.Login login = body == null ? new ApiJson.Login(null, null, null) : body;
        boolean cookie = Boolean.TRUE.equals(login.cookie());
        if (cookie && !SERVLET_MODULE) {
            throw DelegationException.invalidInput("cookie", "needs delegation-servlet on the host's class path");
        }
        LoginRequest loginRequest = new LoginRequest(Inputs.roles(login.roles()), Optional.ofNullable(login.reason()));
        if (idempotencyKey != null) {
            loginRequest = loginRequest.withIdempotencyKey(idempotencyKey);
        }
        IssuedSession issued = delegation.loginToCustomer(actor, id, loginRequest);
        if (cookie) {
            Cookies.write(beans, request, response, issued.token().reveal());
        }
        // The body holds a secret: no cache, proxy or browser history may keep it.
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header("Pragma", "no-cache")
                .body(ApiJson.LoginResult.of(issued, !cookie));
    }

    @DeleteMapping("/{delegationId}")
    @Operation(summary = "Delete a customer account", description = "Ends the link at once and revokes its sessions; the reason is optional.")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @ApiResponse(responseCode = "204", description = "Done")
    void deleteAccount(@PathVariable("delegationId") String delegationId,
                                @RequestBody(required = false) ApiJson.EndingReason body, HttpServletRequest request) {
        Principal actor = callers.require(request);
        DelegationId id = DelegationId.parse(delegationId);
        Optional<Reason> reason = Inputs.reason(body);
        if (reason.isPresent()) {
            delegation.deleteAccount(actor, id, reason.get());
        } else {
            delegation.deleteAccount(actor, id);
        }
    }

    /** Loaded only when delegation-servlet is on the class path. */
    private static final class Cookies {

        static void write(ListableBeanFactory beans, HttpServletRequest request, HttpServletResponse response, String token) {
            // The cookie the request's security chain reads (PartnerDelegationConfigurer's), else the host's filter
            // bean's, else the library's standard cookie: a login must write the cookie the next request is read with.
            DelegatedSessionCookie cookie = request.getAttribute(PartnerDelegationConfigurer.COOKIE_ATTRIBUTE) instanceof DelegatedSessionCookie chain
                    ? chain
                    : beans.getBeanProvider(DelegatedSessionFilter.class).stream().findFirst()
                            .map(DelegatedSessionFilter::cookie).orElseGet(DelegatedSessionCookie::standard);
            response.addCookie(cookie.issue(request, token));
        }
    }
}
