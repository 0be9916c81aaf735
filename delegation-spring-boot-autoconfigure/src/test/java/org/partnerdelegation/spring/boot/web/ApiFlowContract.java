package org.partnerdelegation.spring.boot.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.Tenant;

/**
 * The whole flow of the library over HTTP against a real Tomcat, and the API's refusals; run once per
 * database by its subclasses.
 */
abstract class ApiFlowContract extends ApiTestSupport {

    @Test
    void partnerAndCustomerGoThroughTheWholeFlowOverHttp() {
        Tenant partner = partner();
        Tenant customer = customer();
        Tenant second = customer();
        Tenant third = customer();

        ApiClient.Answer added = api.post("/partner/accounts", admin(partner), ApiClient.json("email", customer.administratorEmail().value()));
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(added.json().get("status").asString()).isEqualTo("PENDING");
        assertThat(added.json().get("email").asString()).isEqualTo(customer.administratorEmail().value());
        String delegationId = added.json().get("delegationId").asString();
        assertThat(api.post("/partner/accounts", admin(partner), ApiClient.json("email", second.administratorEmail().value())).status())
                .isEqualTo(200);
        assertThat(api.post("/partner/accounts", admin(partner), ApiClient.json("email", third.administratorEmail().value())).status())
                .isEqualTo(200);

        String token = invitationTokenOf(customer);
        ApiClient.Answer review = api.post("/customer/invitation/review", admin(customer), ApiClient.json("token", token));
        assertThat(review.status()).as(review.body()).isEqualTo(200);
        assertThat(review.json().get("delegationId").asString()).isEqualTo(delegationId);
        assertThat(review.json().get("partnerEmail").asString()).isEqualTo(partner.administratorEmail().value());
        ApiClient.Answer accepted = api.post("/customer/invitation/accept", admin(customer), ApiClient.json("token", token));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.json().get("status").asString()).isEqualTo("CONNECTED");

        ApiClient.Answer first = api.get("/partner/accounts?limit=2", admin(partner));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().get("items").size()).isEqualTo(2);
        String cursor = first.json().get("nextCursor").asString();
        ApiClient.Answer rest = api.get("/partner/accounts?limit=2&cursor=" + cursor, admin(partner));
        assertThat(rest.status()).as(rest.body()).isEqualTo(200);
        assertThat(rest.json().get("items").size()).isEqualTo(1);
        assertThat(rest.json().get("nextCursor").isNull()).isTrue();
        List<String> emails = new ArrayList<>();
        first.json().get("items").forEach(item -> emails.add(item.get("email").asString()));
        rest.json().get("items").forEach(item -> emails.add(item.get("email").asString()));
        assertThat(emails).containsExactlyInAnyOrder(customer.administratorEmail().value(), second.administratorEmail().value(),
                third.administratorEmail().value());

        ApiClient.Answer login = api.post("/partner/accounts/" + delegationId + "/login", admin(partner), "{}");
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        assertThat(login.header("Cache-Control")).contains("no-store");
        assertThat(login.json().get("token").asString()).hasSize(43);
        assertThat(Instant.parse(login.json().get("expiresAt").asString())).isAfter(clock.instant());
        String sessionId = login.json().get("sessionId").asString();

        ApiClient.Answer sessions = api.get("/customer/sessions", admin(customer));
        assertThat(sessions.status()).as(sessions.body()).isEqualTo(200);
        assertThat(sessions.json().get("items").get(0).get("sessionId").asString()).isEqualTo(sessionId);
        assertThat(sessions.json().get("items").get(0).get("live").asBoolean()).isTrue();
        assertThat(sessions.body()).doesNotContain(login.json().get("token").asString());
        ApiClient.Answer ended = api.delete("/customer/sessions/" + sessionId, admin(customer), ApiClient.json("reason", "Done, TICKET-1"));
        assertThat(ended.status()).as(ended.body()).isEqualTo(200);
        assertThat(ended.json().get("ended").asBoolean()).isTrue();
        assertThat(api.delete("/customer/sessions/" + sessionId, admin(customer), null).json().get("ended").asBoolean()).isFalse();

        ApiClient.Answer current = api.get("/customer/partner", admin(customer));
        assertThat(current.status()).isEqualTo(200);
        assertThat(current.json().get("partnerTenant").asString()).isEqualTo(partner.id().value());

        ApiClient.Answer audit = api.get("/customer/audit?from=" + clock.instant().minus(Duration.ofHours(1)), admin(customer));
        assertThat(audit.status()).as(audit.body()).isEqualTo(200);
        assertThat(audit.contentType()).startsWith("application/jsonl");
        assertThat(audit.body().lines()).anyMatch(line -> line.contains("\"type\":\"DELEGATED_LOGIN\""))
                .allMatch(line -> line.startsWith("{") && line.endsWith("}"));

        ApiClient.Answer deleted = api.delete("/partner/accounts/" + delegationId, admin(partner),
                ApiClient.json("reason", "Contract ended, TICKET-4711"));
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertThat(api.get("/partner/accounts", admin(partner)).body()).doesNotContain(delegationId);
        assertThat(api.get("/customer/partner", admin(customer)).status()).isEqualTo(204);
    }

    @Test
    void operatorGrantsAndRevokesThePartnerPermission() {
        Tenant tenant = customer();
        ApiClient.Answer granted = api.put("/operator/tenants/" + tenant.id().value() + "/partner-permission", "operator");
        assertThat(granted.status()).as(granted.body()).isEqualTo(200);
        assertThat(granted.json().get("partnerPermission").asBoolean()).isTrue();
        assertThat(api.get("/partner/accounts", admin(tenant)).status()).isEqualTo(200);

        ApiClient.Answer revoked = api.delete("/operator/tenants/" + tenant.id().value() + "/partner-permission", "operator",
                ApiClient.json("reason", "Reseller contract ended"));
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        assertThat(revoked.json().get("partnerPermission").asBoolean()).isFalse();
        assertProblem(api.get("/partner/accounts", admin(tenant)), 403, "PARTNER_PERMISSION_REQUIRED");
    }

    @Test
    void aRequestWithoutAPrincipalIsUnauthorized() {
        ApiClient.Answer answer = api.get("/partner/accounts", null);
        assertProblem(answer, 401, "AUTHENTICATION_REQUIRED");
        assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void aPartnerActingOnAnotherPartnersDelegationGetsNotFound() {
        Tenant partner = partner();
        Tenant intruder = partner();
        String delegationId = addAndConnect(partner, customer());

        assertProblem(api.delete("/partner/accounts/" + delegationId, admin(intruder), null), 404, "DELEGATION_NOT_FOUND");
        assertProblem(api.post("/partner/accounts/" + delegationId + "/login", admin(intruder), "{}"), 404, "DELEGATION_NOT_FOUND");
        assertProblem(api.post("/partner/accounts/" + delegationId + "/grant-change", admin(intruder),
                ApiClient.json("roles", List.of("tenant:administrator"), "term", "P30D")), 404, "DELEGATION_NOT_FOUND");
        assertThat(api.post("/partner/accounts/" + delegationId + "/login", admin(partner), "{}").status()).isEqualTo(200);
    }

    @Test
    void aLoginRetriedWithTheSameIdempotencyKeyReturnsTheSameSessionAndAKeyReusedForOtherRolesIsRefused() {
        Tenant partner = partner();
        String delegationId = addAndConnect(partner, customer());
        String path = "/partner/accounts/" + delegationId + "/login";

        ApiClient.Answer first = api.post(path, admin(partner), "{}", "Idempotency-Key", "9b2f6c1e-retry");
        ApiClient.Answer retried = api.post(path, admin(partner), "{}", "Idempotency-Key", "9b2f6c1e-retry");

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(retried.status()).as(retried.body()).isEqualTo(200);
        assertThat(retried.json().get("sessionId").asString()).isEqualTo(first.json().get("sessionId").asString());
        assertThat(retried.json().get("expiresAt").asString()).isEqualTo(first.json().get("expiresAt").asString());
        assertThat(retried.json().get("token").asString()).isNotEqualTo(first.json().get("token").asString());
        assertProblem(api.post(path, admin(partner), ApiClient.json("roles", List.of("tenant:administrator"), "reason", "TICKET-9"),
                "Idempotency-Key", "9b2f6c1e-retry"), 400, "INVALID_INPUT");
        assertProblem(api.post(path, admin(partner), "{}", "Idempotency-Key", "x".repeat(256)), 400, "INVALID_INPUT");
    }

    @Test
    void aSecondResendWithinTheCooldownIsTooManyRequestsWithRetryAfter() {
        Tenant partner = partner();
        Tenant customer = customer();
        String id = api.post("/partner/accounts", admin(partner), ApiClient.json("email", customer.administratorEmail().value()))
                .json().get("delegationId").asString();
        clock.advance(Duration.ofMinutes(6));
        ApiClient.Answer resent = api.post("/partner/accounts/" + id + "/resend-invitation", admin(partner), null);
        assertThat(resent.status()).as(resent.body()).isEqualTo(200);

        clock.advance(Duration.ofSeconds(60));
        ApiClient.Answer again = api.post("/partner/accounts/" + id + "/resend-invitation", admin(partner), null);
        assertProblem(again, 429, "TOO_MANY_REQUESTS");
        assertThat(again.header("Retry-After")).isEqualTo("240");
        assertThat(Instant.parse(again.json().get("retryAt").asString())).isEqualTo(clock.instant().plusSeconds(240));
    }

    @Test
    void malformedJsonIsAProblemNotAStackTrace() {
        Tenant partner = partner();
        assertProblem(api.post("/partner/accounts", admin(partner), "{\"email\": "), 400, "INVALID_INPUT");
        assertProblem(api.post("/partner/accounts", admin(partner), "[1,2]"), 400, "INVALID_INPUT");
        assertProblem(api.post("/partner/accounts", admin(partner), null), 400, "INVALID_INPUT");
    }

    @Test
    void aWrongContentTypeIsUnsupportedMediaType() {
        Tenant partner = partner();
        assertProblem(api.send("POST", ApiClient.BASE + "/partner/accounts", admin(partner), null, "text/plain", "email=a@b.example"),
                415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void anUnknownPathUnderTheBasePathIsANotFoundProblem() {
        assertProblem(api.get("/partner/nothing-here", "operator"), 404, "NOT_FOUND");
        assertProblem(api.get("", "operator"), 404, "NOT_FOUND");
    }

    @Test
    void malformedIdsAndValuesAreInvalidInput() {
        Tenant partner = partner();
        assertProblem(api.delete("/partner/accounts/not-a-uuid", admin(partner), null), 400, "INVALID_INPUT");
        assertProblem(api.delete("/customer/sessions/not-a-uuid", admin(customer()), null), 400, "INVALID_INPUT");
        assertProblem(api.get("/partner/accounts?limit=many", admin(partner)), 400, "INVALID_INPUT");
        assertProblem(api.get("/partner/accounts?limit=0", admin(partner)), 400, "INVALID_INPUT");
        assertProblem(api.get("/partner/accounts?status=OPENED", admin(partner)), 400, "INVALID_INPUT");
        assertProblem(api.get("/partner/accounts?cursor=garbage", admin(partner)), 400, "INVALID_INPUT");
        assertProblem(api.post("/partner/accounts", admin(partner), ApiClient.json("email", "not an email")), 400, "INVALID_INPUT");
        assertProblem(api.post("/partner/accounts", admin(partner), ApiClient.json("email", customer().administratorEmail().value(),
                "term", "thirty days")), 400, "INVALID_INPUT");
        assertProblem(api.get("/customer/audit?from=yesterday", admin(customer())), 400, "INVALID_INPUT");
    }
}
