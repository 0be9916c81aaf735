package org.partnerdelegation.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Flows through the demo's pages that several page tests start from, done by clicks over HTTP. */
final class DemoFlows {

    private DemoFlows() {
    }

    /**
     * Jane (signed in on {@code jane}) adds Initech for the whole tenant and 90 days, and Initech's
     * administrator accepts through the link in the mail.
     *
     * @return the id of the Connected row on Jane's Account Management page
     */
    static String initechConnectedTo(DemoServer server, WebClient jane) {
        jane.get("/accounts?add=1");
        assertThat(jane.post("/accounts/add", "email", "admin@initech.example", "roles", "tenant:administrator", "days", "90")
                .statusCode()).isEqualTo(302);
        Matcher token = Pattern.compile("/accept\\?token=([A-Za-z0-9_-]+)")
                .matcher(jane.mailText("admin@initech.example", "asks to manage your account"));
        assertThat(token.find()).isTrue();
        WebClient initech = new WebClient(server.url());
        initech.signIn("initech");
        initech.get("/accept?token=" + token.group(1));
        assertThat(initech.submit("/accept", "token", token.group(1), "answer", "accept").body()).contains("You accepted");
        Matcher id = Pattern.compile("data-email=\"admin@initech.example\" data-id=\"([0-9a-f-]+)\"").matcher(jane.get("/accounts").body());
        assertThat(id.find()).isTrue();
        return id.group(1);
    }
}
