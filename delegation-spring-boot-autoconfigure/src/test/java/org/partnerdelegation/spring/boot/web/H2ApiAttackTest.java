package org.partnerdelegation.spring.boot.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.Tenant;
import org.springframework.test.context.TestPropertySource;

/**
 * What an attacker tries over HTTP: other tenants' ids and tokens, a delegated session reaching for
 * the partner's or the operator's rights, oversized input. Each gets the library's code, never a 500.
 */
@TestPropertySource(properties = "pd.test.database=h2")
class H2ApiAttackTest extends ApiTestSupport {

    @Test
    void aPartnerSeesNothingOfAnotherPartnersDelegation() {
        Tenant partner = partner();
        Tenant intruder = partner();
        String delegationId = addAndConnect(partner, customer());

        assertProblem(api.post("/partner/accounts/" + delegationId + "/resend-invitation", admin(intruder), null), 404,
                "DELEGATION_NOT_FOUND");
        assertProblem(api.delete("/partner/accounts/" + delegationId, admin(intruder), null), 404, "DELEGATION_NOT_FOUND");
        assertThat(api.get("/partner/accounts?status=CONNECTED&status=PENDING", admin(intruder)).body()).doesNotContain(delegationId);
        assertThat(api.get("/partner/accounts", admin(partner)).body()).contains(delegationId);
    }

    @Test
    void aCustomerCannotAcceptWithTheTokenOfAnotherCustomer() {
        Tenant partner = partner();
        Tenant victim = customer();
        Tenant attacker = customer();
        api.post("/partner/accounts", admin(partner), ApiClient.json("email", victim.administratorEmail().value()));
        String victimsToken = invitationTokenOf(victim);

        assertProblem(api.post("/customer/invitation/accept", admin(attacker), ApiClient.json("token", victimsToken)), 403,
                "INVITATION_FOR_ANOTHER_ACCOUNT");
        assertProblem(api.post("/customer/invitation/review", admin(attacker), ApiClient.json("token", victimsToken)), 403,
                "INVITATION_FOR_ANOTHER_ACCOUNT");
        assertThat(api.get("/customer/partner", admin(attacker)).status()).isEqualTo(204);
        assertThat(api.post("/customer/invitation/accept", admin(victim), ApiClient.json("token", victimsToken)).status()).isEqualTo(200);
    }

    @Test
    void aDelegatedSessionIsRefusedPartnerAndOperatorActionsEvenBesideTheHostLogin() {
        Tenant partner = partner();
        Tenant customer = customer();
        String delegationId = addAndConnect(partner, customer);
        String token = api.post("/partner/accounts/" + delegationId + "/login", admin(partner), "{}").json().get("token").asString();
        String base = ApiClient.BASE;

        // The partner's own host login rides along (same browser): the delegated session still decides who acts.
        assertProblem(api.send("GET", base + "/partner/accounts", admin(partner), token, null, null), 403,
                "DELEGATED_SESSION_NOT_ALLOWED");
        assertProblem(api.send("POST", base + "/partner/accounts", admin(partner), token, "application/json",
                ApiClient.json("email", customer().administratorEmail().value())), 403, "DELEGATED_SESSION_NOT_ALLOWED");
        assertProblem(api.send("POST", base + "/partner/accounts/" + delegationId + "/login", null, token, "application/json", "{}"),
                403, "DELEGATED_SESSION_NOT_ALLOWED");
        assertProblem(api.send("PUT", base + "/operator/tenants/" + partner.id().value() + "/partner-permission", "operator", token,
                null, null), 403, "DELEGATED_SESSION_NOT_ALLOWED");
        assertProblem(api.send("DELETE", base + "/customer/partner", null, token, null, null), 403, "DELEGATED_SESSION_NOT_ALLOWED");
        // What a delegated session may do: see whom it acts for.
        assertThat(api.send("GET", base + "/customer/partner", null, token, null, null).status()).isEqualTo(200);
    }

    @Test
    void aLoginIntoTheCookieKeepsTheTokenOutOfTheBody() {
        Tenant partner = partner();
        String delegationId = addAndConnect(partner, customer());
        ApiClient.Answer login = api.post("/partner/accounts/" + delegationId + "/login", admin(partner),
                ApiClient.json("cookie", true));
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        assertThat(login.json().get("token").isNull()).isTrue();
        assertThat(login.header("Set-Cookie")).startsWith("pd_delegated_session=").containsIgnoringCase("HttpOnly");
    }

    @Test
    void aHugeBodyIsRefusedBeforeItIsRead() {
        Tenant partner = partner();
        String huge = ApiClient.json("email", "a".repeat(RequestBodyLimitFilter.MAX_BODY_BYTES) + "@x.example");
        assertProblem(api.post("/partner/accounts", admin(partner), huge), 413, "PAYLOAD_TOO_LARGE");
        assertProblem(api.sendChunked(ApiClient.BASE + "/partner/accounts", admin(partner), huge.getBytes(StandardCharsets.UTF_8)),
                413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void aBodyJustAtTheCapIsReadAndJudgedByTheLibrary() {
        Tenant partner = partner();
        String prefix = "{\"email\":\"";
        String suffix = "@x.example\"}";
        String atCap = prefix + "a".repeat(RequestBodyLimitFilter.MAX_BODY_BYTES - prefix.length() - suffix.length()) + suffix;
        assertThat(atCap.getBytes(StandardCharsets.UTF_8)).hasSize(RequestBodyLimitFilter.MAX_BODY_BYTES);
        assertProblem(api.post("/partner/accounts", admin(partner), atCap), 400, "INVALID_INPUT");
        assertProblem(api.sendChunked(ApiClient.BASE + "/partner/accounts", admin(partner), atCap.getBytes(StandardCharsets.UTF_8)),
                400, "INVALID_INPUT");
        String overCap = prefix + "a" + atCap.substring(prefix.length());
        assertProblem(api.post("/partner/accounts", admin(partner), overCap), 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void longStringsAreInvalidInputNotServerErrors() {
        Tenant partner = partner();
        Tenant customer = customer();
        String delegationId = addAndConnect(partner, customer);
        assertProblem(api.post("/partner/accounts", admin(partner), ApiClient.json("email", "a".repeat(10_000) + "@x.example")), 400,
                "INVALID_INPUT");
        assertProblem(api.delete("/partner/accounts/" + delegationId, admin(partner), ApiClient.json("reason", "r".repeat(5_000))),
                400, "INVALID_INPUT");
        assertProblem(api.post("/customer/invitation/accept", admin(customer), ApiClient.json("token", "t".repeat(20_000))), 404,
                "INVITATION_INVALID");
        assertProblem(api.post("/partner/accounts/" + delegationId + "/login", admin(partner),
                ApiClient.json("roles", java.util.Collections.nCopies(1_000, "tenant:administrator"))), 400, "INVALID_INPUT");
        assertProblem(api.put("/operator/tenants/" + "t".repeat(5_000) + "/partner-permission", "operator"), 400, "INVALID_INPUT");
        // Still connected: none of it changed anything.
        assertThat(api.get("/customer/partner", admin(customer)).status()).isEqualTo(200);
    }

    @Test
    void anInvitationTokenInTheUrlIsNeverRead() {
        Tenant partner = partner();
        Tenant customer = customer();
        api.post("/partner/accounts", admin(partner), ApiClient.json("email", customer.administratorEmail().value()));
        String token = invitationTokenOf(customer);
        assertProblem(api.post("/customer/invitation/accept?token=" + token, admin(customer), null), 400, "INVALID_INPUT");
        assertThat(api.get("/customer/partner", admin(customer)).status()).isEqualTo(204);
    }

    @Test
    void aClientThatTakesNoJsonGetsNotAcceptableNotAServerError() {
        Tenant partner = partner();
        ApiClient.Answer answer = api.getAccepting("/partner/accounts", admin(partner), "text/html");
        assertThat(answer.status()).isEqualTo(406);
        assertThat(answer.body()).isEmpty();
        assertThat(api.getAccepting("/partner/accounts", admin(partner), "application/json").status()).isEqualTo(200);
    }

    @Test
    void aTenantCannotExportAnotherTenantsAuditTrailButTheOperatorCan() {
        Tenant partner = partner();
        Tenant customer = customer();
        addAndConnect(partner, customer);
        String path = "/operator/tenants/" + customer.id().value() + "/audit?from=" + clock.instant().minusSeconds(3600);

        ApiClient.Answer refused = api.get(path, admin(customer()));
        assertProblem(refused, 404, "ACCOUNT_NOT_FOUND");
        ApiClient.Answer exported = api.get(path, "operator");
        assertThat(exported.status()).as(exported.body()).isEqualTo(200);
        assertThat(exported.body().lines()).anyMatch(line -> line.contains("\"toStatus\":\"CONNECTED\""));
        assertThat(api.get(path, admin(customer)).status()).isEqualTo(200);
    }

    @Test
    void aPostThatIsNotJsonIsRefusedBeforeItActsSoAPageElsewhereCannotForgeALoginOrAResend() {
        Tenant partner = partner();
        Tenant customer = customer();
        String delegationId = addAndConnect(partner, customer);
        String login = ApiClient.BASE + "/partner/accounts/" + delegationId + "/login";
        String resend = ApiClient.BASE + "/partner/accounts/" + delegationId + "/resend-invitation";

        // What a cross-site page sends without a preflight: no body and no type, a form, or text.
        assertProblem(api.send("POST", login, admin(partner), null, null, null), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertProblem(api.send("POST", login, admin(partner), null, "text/plain", "{}"), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertProblem(api.send("POST", login, admin(partner), null, "application/x-www-form-urlencoded", "cookie=true"), 415,
                "UNSUPPORTED_MEDIA_TYPE");
        assertProblem(api.send("POST", resend, admin(partner), null, "multipart/form-data; boundary=x", "--x--"), 415,
                "UNSUPPORTED_MEDIA_TYPE");
        assertThat(api.get("/customer/sessions", admin(customer)).json().get("items").size()).isZero();

        assertThat(api.send("POST", login, admin(partner), null, "application/json; charset=utf-8", "{}").status()).isEqualTo(200);
        assertThat(api.get("/customer/sessions", admin(customer)).json().get("items").size()).isEqualTo(1);
    }

    @Test
    void aQueryStringTheServerCannotDecodeIsABadRequestNotAServerError() {
        Tenant customer = customer();
        ApiClient.Answer answer = api.send("GET", ApiClient.BASE + "/customer/sessions?cursor=%00%ff%fe", admin(customer), null, null, null);
        assertProblem(answer, 400, "INVALID_INPUT");
    }
}
