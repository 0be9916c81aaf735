package org.partnerdelegation.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.examples.spring.SampleFlows.GARY;
import static org.partnerdelegation.examples.spring.SampleFlows.INITECH;
import static org.partnerdelegation.examples.spring.SampleFlows.JANE;
import static org.partnerdelegation.examples.spring.SampleFlows.OPERATOR;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.DelegationException;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The sample on its default H2 database, over real HTTP on a random port: each user signs in with
 * the form and uses the pages as a person would. Every test starts from the seed alone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.datasource.url=jdbc:h2:mem:sample-${random.uuid};DB_CLOSE_DELAY=-1")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class H2SampleHostTest {

    @LocalServerPort
    int port;

    @Test
    void partnerAddsACustomerWhoAcceptsAndThePartnerOpensTheCustomersBillingPageActingAsItsAdministrator() {
        Browser jane = SampleFlows.signedIn(port, JANE);
        Browser.Page added = SampleFlows.add(jane, INITECH, "billing:read");
        assertThat(added.redirectPath()).isEqualTo("/accounts");
        assertThat(jane.follow(added).body()).contains("Invited admin@initech.example (C-2001)", "Pending");

        Browser initech = SampleFlows.signedIn(port, INITECH);
        assertThat(initech.get(SampleFlows.invitationLink(initech).replace("&amp;", "&")).body()).as("the review names the role")
                .contains("Billing (read only)");
        SampleFlows.acceptInvitation(initech);
        assertThat(jane.get("/accounts").body()).contains("Connected", ">Login</button>");

        Browser.Page login = jane.post("/accounts/" + SampleFlows.delegationOf(jane, INITECH) + "/login", Map.of());
        assertThat(login.status()).isEqualTo(302);
        assertThat(login.redirectPath()).isEqualTo("/customer/billing");
        Browser.Page billing = jane.follow(login);
        assertThat(billing.status()).isEqualTo(200);
        assertThat(SampleFlows.text(billing)).contains("Acting as admin@initech.example on behalf of jane@acme-reseller.example");

        assertThat(jane.get("/accounts").body()).as("Jane keeps her own sign-in outside /customer")
                .contains("<td>admin@initech.example</td>", "Connected");
        assertThat(initech.get("/partner-access").body()).as("the customer sees the session")
                .contains("<td>jane@acme-reseller.example</td>", "End session");
    }

    @Test
    void aDelegatedSessionWithoutTheBillingRoleIsRefusedTheBillingPage() {
        Browser jane = SampleFlows.signedIn(port, JANE);
        SampleFlows.add(jane, INITECH, "tenant:administrator");
        SampleFlows.acceptInvitation(SampleFlows.signedIn(port, INITECH));

        Browser.Page login = jane.post("/accounts/" + SampleFlows.delegationOf(jane, INITECH) + "/login", Map.of());

        assertThat(login.redirectPath()).isEqualTo("/customer/billing");
        assertThat(jane.follow(login).status()).isEqualTo(403);
    }

    @Test
    void theCustomerEndsTheDelegatedSessionAndItsNextRequestIsRefused() {
        Browser jane = SampleFlows.signedIn(port, JANE);
        SampleFlows.add(jane, INITECH, "billing:read");
        Browser initech = SampleFlows.signedIn(port, INITECH);
        SampleFlows.acceptInvitation(initech);
        jane.post("/accounts/" + SampleFlows.delegationOf(jane, INITECH) + "/login", Map.of());
        assertThat(jane.get("/customer/billing").status()).isEqualTo(200);

        String sessions = initech.get("/partner-access").body();
        java.util.regex.Matcher end = java.util.regex.Pattern.compile("/partner-access/sessions/([0-9a-f-]{36})/end").matcher(sessions);
        assertThat(end.find()).isTrue();
        assertThat(initech.post(end.group(), Map.of()).status()).isEqualTo(302);

        assertThat(jane.get("/customer/billing").status()).isEqualTo(401);
    }

    @Test
    void theBillingPageRefusesASignInWithoutTheBillingRole() {
        Browser jane = SampleFlows.signedIn(port, JANE);

        assertThat(jane.get("/customer/billing").status()).isEqualTo(403);
    }

    @Test
    void aSecondPartnerIsRefusedWithoutThePermissionCannotGrantItItselfAndIsRefusedACustomerLinkedAlready() {
        Browser gary = SampleFlows.signedIn(port, GARY);
        Browser.Page refused = SampleFlows.add(gary, INITECH, "billing:read");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("PARTNER_PERMISSION_REQUIRED");
        Browser.Page selfGranted = gary.post("/operator/tenants/globex-services/grant", Map.of());
        assertThat(selfGranted.status()).as("a partner granting itself the permission").isEqualTo(403);
        assertThat(selfGranted.body()).contains("OPERATOR_REQUIRED");

        Browser operator = SampleFlows.signedIn(port, OPERATOR);
        operator.get("/operator");
        assertThat(operator.post("/operator/tenants/globex-services/grant", Map.of()).status()).isEqualTo(302);
        assertThat(operator.get("/operator").body()).contains("Globex Services");

        Browser jane = SampleFlows.signedIn(port, JANE);
        SampleFlows.add(jane, INITECH, "billing:read");
        SampleFlows.acceptInvitation(SampleFlows.signedIn(port, INITECH));

        Browser.Page linked = SampleFlows.add(gary, INITECH, "billing:read");
        assertThat(linked.status()).isEqualTo(409);
        assertThat(linked.body()).contains("ALREADY_LINKED_TO_ANOTHER_TENANT", DelegationException.ALREADY_LINKED_MESSAGE);
    }

    @Test
    void aMalformedEmailIsRefusedWithTheLibrarysCodeAndNothingIsAdded() {
        Browser jane = SampleFlows.signedIn(port, JANE);

        Browser.Page refused = SampleFlows.add(jane, "not an email", "billing:read");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("INVALID_INPUT");
        assertThat(jane.get("/accounts").body()).contains("No customer accounts yet");
    }

    @Test
    void theCustomerEndsThePartnersAccessAndTheOpenDelegatedSessionStopsAtOnce() {
        Browser jane = SampleFlows.signedIn(port, JANE);
        SampleFlows.add(jane, INITECH, "billing:read");
        Browser initech = SampleFlows.signedIn(port, INITECH);
        SampleFlows.acceptInvitation(initech);
        jane.post("/accounts/" + SampleFlows.delegationOf(jane, INITECH) + "/login", Map.of());
        assertThat(jane.get("/customer/billing").status()).isEqualTo(200);

        initech.get("/partner-access");
        Browser.Page ended = initech.post("/partner-access/disassociate", Map.of());

        assertThat(initech.follow(ended).body()).contains("no longer has access", "No partner manages your tenant.");
        assertThat(jane.get("/accounts").body()).doesNotContain("<td>admin@initech.example</td>");
        assertThat(jane.get("/customer/billing").status()).isEqualTo(401);
    }
}
