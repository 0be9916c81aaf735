package org.partnerdelegation.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.usecase.AuditQuery;
import org.partnerdelegation.examples.SeedTenants;

/**
 * Delete Account, Disassociate, End (a live session) and the operator's Revoke ask first: a page
 * that says what will happen, with an optional reason that goes into the audit trail; only its
 * button acts. Every form answers with a redirect, a refused one back to its page with what was
 * typed, a stale CSRF token included.
 */
class ConfirmationPagesTest {

    @TempDir
    Path data;
    DemoServer server;
    WebClient jane;
    String row;

    @BeforeEach
    void initechConnectedToJane() {
        server = DemoServer.start(data, true, 0);
        jane = new WebClient(server.url());
        jane.signIn("jane");
        row = DemoFlows.initechConnectedTo(server, jane);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void deleteAccountSaysWhatWillHappenAndChangesNothingUntilConfirmed() {
        HttpResponse<String> asked = jane.get("/accounts/" + row + "/delete");

        assertThat(asked.statusCode()).isEqualTo(200);
        assertThat(Html.text(asked.body(), "confirm-question")).hasValue("Delete the customer account admin@initech.example (C-2001)?");
        assertThat(Html.text(asked.body(), "confirm-effects")).hasValueSatisfying(e -> assertThat(e)
                .contains("stops managing admin@initech.example", "Every live delegated session into it ends", "told by mail"));
        assertThat(Html.has(asked.body(), "reason")).isTrue();
        assertThat(Html.href(asked.body(), "confirm-cancel")).hasValue("/accounts");
        assertThat(statusOfInitech()).isEqualTo("Connected");
    }

    @Test
    void aConfirmedDeleteRecordsTheReasonInTheAuditTrail() {
        jane.get("/accounts/" + row + "/delete");

        HttpResponse<String> deleted = jane.post("/accounts/" + row + "/delete", "reason", "  Contract ended, TICKET-4711 ");

        assertThat(deleted.statusCode()).isEqualTo(302);
        assertThat(Html.text(jane.followRedirect(deleted).body(), "notice")).hasValueSatisfying(n -> assertThat(n).startsWith("The account was deleted"));
        assertThat(reasonOf(AuditEventType.ACCOUNT_DELETED)).hasValue("Contract ended, TICKET-4711");
    }

    @Test
    void anEmptyReasonIsNoReason() {
        jane.get("/accounts/" + row + "/delete");

        assertThat(jane.post("/accounts/" + row + "/delete", "reason", "   ").statusCode()).isEqualTo(302);

        assertThat(reasonOf(AuditEventType.ACCOUNT_DELETED)).isEmpty();
    }

    @Test
    void aReasonTooLongIsRefusedOnTheConfirmationPageWhichKeepsWhatWasTypedAndNothingChanges() {
        jane.get("/accounts/" + row + "/delete");
        String typed = "x".repeat(201);

        HttpResponse<String> refused = jane.post("/accounts/" + row + "/delete", "reason", typed, "back", "/accounts/" + row + "/delete");

        assertThat(refused.statusCode()).as("redirected, so a refresh sends nothing again").isEqualTo(302);
        HttpResponse<String> shown = jane.followRedirect(refused);
        assertThat(shown.statusCode()).isEqualTo(400);
        assertThat(Html.text(shown.body(), "confirm-error")).hasValueSatisfying(e -> assertThat(e).contains("at most 200 characters"));
        assertThat(shown.body()).contains("id=\"reason\" value=\"" + typed + "\"");
        assertThat(statusOfInitech()).isEqualTo("Connected");
        // Shown once: reading the page again asks afresh.
        assertThat(Html.has(jane.get("/accounts/" + row + "/delete").body(), "confirm-error")).isFalse();
    }

    @Test
    void aStaleCsrfTokenSendsTheFormBackWithWhatWasTyped() {
        jane.get("/accounts/" + row + "/delete");
        // A form of a page read before the demo restarted (or forged): its token is not this session's.
        HttpResponse<String> refused = jane.postRaw("/accounts/" + row + "/delete",
                java.util.Map.of("csrf", "stale", "reason", "Moving to Globex", "back", "/accounts/" + row + "/delete"));

        assertThat(refused.statusCode()).isEqualTo(302);
        HttpResponse<String> shown = jane.followRedirect(refused);
        assertThat(shown.statusCode()).isEqualTo(403);
        assertThat(Html.text(shown.body(), "confirm-error")).hasValueSatisfying(e -> assertThat(e).contains("CSRF"));
        assertThat(shown.body()).contains("id=\"reason\" value=\"Moving to Globex\"");
        assertThat(statusOfInitech()).isEqualTo("Connected");
    }

    @Test
    void disassociateAsksFirstAndRecordsTheCustomersReason() {
        WebClient initech = new WebClient(server.url());
        initech.signIn("initech");
        assertThat(Html.href(initech.get("/partner-access").body(), "disassociate")).hasValue("/partner-access/disassociate");

        HttpResponse<String> asked = initech.get("/partner-access/disassociate");
        assertThat(Html.text(asked.body(), "confirm-question")).hasValueSatisfying(q -> assertThat(q).startsWith("Disassociate ")
                .contains("P-1001"));
        assertThat(initech.get("/partner-access").body()).contains("Connected partner");

        assertThat(initech.post("/partner-access/disassociate", "reason", "We changed reseller").statusCode()).isEqualTo(302);

        assertThat(reasonOf(AuditEventType.PARTNER_DISASSOCIATED)).hasValue("We changed reseller");
    }

    @Test
    void endingALiveSessionAsksFirstAndRecordsTheCustomersReason() {
        jane.get("/accounts");
        jane.post("/accounts/" + row + "/login");
        WebClient initech = new WebClient(server.url());
        initech.signIn("initech");
        String end = find(initech.get("/partner-access").body(), "href=\"(/partner-access/sessions/[0-9a-f-]+/end)\"");

        HttpResponse<String> asked = initech.get(end);
        assertThat(Html.text(asked.body(), "confirm-question")).hasValue("End the delegated session of jane@acme-reseller.example?");
        assertThat(jane.get("/console").statusCode()).as("still live until confirmed").isEqualTo(200);

        assertThat(initech.post(end, "reason", "Not announced").statusCode()).isEqualTo(302);

        assertThat(jane.get("/console").statusCode()).isEqualTo(302);
        assertThat(reasonOf(AuditEventType.SESSION_ENDED)).hasValue("Not announced");
    }

    @Test
    void theOperatorsRevokeAsksFirstAndShowsTheReasonInThePermissionAuditTrail() {
        WebClient operator = new WebClient(server.url());
        operator.signIn("operator");
        String page = operator.get("/operator").body();
        assertThat(Html.href(page, "revoke-acme-reseller")).hasValue("/operator/revoke?tenant=acme-reseller");

        HttpResponse<String> asked = operator.get("/operator/revoke?tenant=acme-reseller");
        assertThat(Html.text(asked.body(), "confirm-effects")).hasValueSatisfying(e -> assertThat(e).contains("can no longer add or manage"));
        assertThat(server.backend().delegation().tenantDirectory().findById(TenantId.of("acme-reseller")).orElseThrow()
                .partnerPermission()).isTrue();

        HttpResponse<String> revoked = operator.post("/operator/revoke", "tenant", "acme-reseller", "reason", "Agreement terminated");

        assertThat(revoked.statusCode()).isEqualTo(302);
        List<List<String>> trail = Html.rows(operator.followRedirect(revoked).body(), "permission-trail");
        assertThat(trail.get(0)).containsExactly(trail.get(0).get(0), "Partner permission revoked", "acme-reseller",
                "operator@app.example.com", "Agreement terminated");
    }

    @Test
    void nobodyElseReachesTheConfirmationPages() {
        WebClient gary = new WebClient(server.url());
        gary.signIn("gary");
        assertThat(gary.get("/accounts/" + row + "/delete").statusCode()).isEqualTo(404);
        assertThat(gary.get("/operator/revoke?tenant=acme-reseller").statusCode()).isEqualTo(403);
        assertThat(gary.get("/partner-access/disassociate").statusCode()).isEqualTo(409);
        gary.get("/accounts");
        assertThat(gary.submit("/accounts/" + row + "/delete", "reason", "mine").statusCode()).isEqualTo(404);
        assertThat(statusOfInitech()).isEqualTo("Connected");
    }

    private String statusOfInitech() {
        return Html.rows(jane.get("/accounts").body(), "accounts").stream().filter(r -> r.get(0).equals("admin@initech.example"))
                .map(r -> r.get(2)).findFirst().orElse("none");
    }

    private Optional<String> reasonOf(AuditEventType type) {
        List<AuditEvent> trail = server.backend().delegation().auditTrail(SeedTenants.operator(), DelegationId.parse(row),
                AuditQuery.firstPage()).items();
        return trail.stream().filter(e -> e.type() == type).reduce((a, b) -> b).orElseThrow().reason();
    }

    private static String find(String page, String regex) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(page);
        assertThat(m.find()).as(regex).isTrue();
        return m.group(1);
    }
}
