package org.partnerdelegation.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.examples.SeedTenants;

/**
 * What a refused form may not be used for: a form from another site (another port of the same
 * host included) or from a browser with no session changes nothing and is not carried back to any
 * page, so no other site can fill in a form for the visitor; a kept form holds what a person types,
 * not a megabyte; a redirect never leaves the site; a stale Revoke records nothing twice.
 */
class FormSafetyTest {

    @TempDir
    Path data;
    DemoServer server;

    @BeforeEach
    void start() {
        server = DemoServer.start(data, true, 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aFormFromAnotherSiteIsRefusedWhereItWasSentAndFillsInNothing() {
        WebClient operator = signedIn("operator");
        operator.get("/operator");
        String token = operator.csrf();

        for (String[] headers : new String[][] {{"Origin", "http://localhost:1"}, {"Sec-Fetch-Site", "same-site"},
                {"Sec-Fetch-Site", "cross-site"}, {"Origin", "null"}}) {
            HttpResponse<String> forged = operator.postRaw("/operator/revoke", Map.of("csrf", token, "tenant", "acme-reseller",
                    "reason", "Approved by security, click Revoke again", "back", "/operator/revoke?tenant=acme-reseller"), headers);
            assertThat(forged.statusCode()).as(headers[0] + ": " + headers[1]).isEqualTo(403);
            assertThat(forged.body()).contains("sent from another site");
        }

        assertThat(permissionOfAcme()).isTrue();
        assertThat(operator.get("/operator/revoke?tenant=acme-reseller").body()).contains("id=\"reason\" value=\"\"")
                .doesNotContain("Approved by security");
    }

    @Test
    void aFormFromThisSitesOwnPagesPasses() {
        WebClient jane = signedIn("jane");
        jane.get("/accounts?add=1");

        HttpResponse<String> added = jane.postRaw("/accounts/add", Map.of("csrf", jane.csrf(), "email", "admin@initech.example",
                "roles", "tenant:administrator", "days", ""), "Origin", server.url().replace("localhost", "localhost"),
                "Sec-Fetch-Site", "same-origin");

        assertThat(added.statusCode()).isEqualTo(302);
        assertThat(added.headers().firstValue("Location")).hasValue("/accounts?notice=added");
    }

    @Test
    void aFormFromABrowserWithoutASessionIsRefusedAndStartsNone() {
        WebClient stranger = new WebClient(server.url());

        HttpResponse<String> forged = stranger.postRaw("/signout", Map.of("back", "/accounts"));

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.headers().allValues("Set-Cookie")).as("no session, so no one is signed out").isEmpty();
    }

    @Test
    void aRefusedFormKeepsWhatAPersonTypesNotAMegabyte() {
        WebClient jane = signedIn("jane");
        jane.get("/accounts?add=1");
        String huge = "a".repeat(900_000);

        HttpResponse<String> refused = jane.submit("/accounts/add", "email", huge, "roles", "tenant:administrator", "days", "");

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).doesNotContain(huge.substring(0, 1_001)).contains("id=\"email\" value=\"\"");
    }

    @Test
    void aFormsWayBackNeverLeavesTheSite() {
        WebClient jane = signedIn("jane");
        for (String back : new String[] {"//evil.example", "/\\evil.example", "/\t/evil.example", "/\u3000/evil.example",
                "https://evil.example/", "/ok\r\nSet-Cookie: x=y"}) {
            jane.get("/accounts?add=1");
            HttpResponse<String> refused = jane.post("/accounts/add", "email", "not-an-email", "roles", "tenant:administrator",
                    "days", "", "back", back);
            assertThat(refused.headers().firstValue("Location")).as(back).hasValue("/accounts");
        }
    }

    @Test
    void aStaleRevokeIsRefusedAndRecordsNothingTwice() {
        WebClient operator = signedIn("operator");
        operator.get("/operator/revoke?tenant=acme-reseller");
        String staleToken = operator.csrf();
        assertThat(operator.post("/operator/revoke", "tenant", "acme-reseller", "reason", "first").statusCode()).isEqualTo(302);

        HttpResponse<String> again = operator.followRedirect(operator.postRaw("/operator/revoke",
                Map.of("csrf", staleToken, "tenant", "acme-reseller", "reason", "second, from a stale page")));

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(operator.get("/operator/revoke?tenant=acme-reseller").statusCode()).isEqualTo(409);
        assertThat(server.backend().delegation().permissionAuditTrail(SeedTenants.operator(), TenantId.of("acme-reseller")))
                .filteredOn(e -> e.type() == AuditEventType.PARTNER_PERMISSION_REVOKED).hasSize(1);
    }

    private boolean permissionOfAcme() {
        return server.backend().delegation().tenantDirectory().findById(TenantId.of("acme-reseller")).orElseThrow().partnerPermission();
    }

    private WebClient signedIn(String user) {
        return WebClient.signedIn(server, user);
    }
}
