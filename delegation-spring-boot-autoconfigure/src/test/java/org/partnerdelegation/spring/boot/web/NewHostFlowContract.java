package org.partnerdelegation.spring.boot.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.jdbi.JdbiStorage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The seed's flow over HTTP against a new host made of the starter, a DataSource and one principal
 * bean ({@link NewHostOnTheStarter}): the partner adds a customer, the invitation arrives by SMTP
 * (GreenMail on a free loopback port) through the auto-configured outbox dispatcher, the customer
 * reviews and accepts with the mailed link's token, the partner lists and logs in, the customer
 * sees and ends the session, the partner deletes, and the operator grants and revokes the partner
 * permission. Run once per database by its subclasses.
 */
@SpringBootTest(classes = NewHostOnTheStarter.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Its dispatcher stops with the class, before another class could find the SMTP server gone.
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class NewHostFlowContract {

    /** Started before the class's context, on a free loopback port; stopped after its tests. */
    static GreenMail SMTP;
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Pattern LINK_TOKEN = Pattern.compile("https://host\\.example/accept\\?token=([A-Za-z0-9_-]+)");

    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbiStorage storage;
    @Autowired
    PartnerDelegation facade;

    ApiClient api;

    /** The host's configuration: only properties, besides the one bean. */
    static void hostProperties(DynamicPropertyRegistry registry, String jdbcUrl) {
        registry.add("spring.datasource.url", () -> jdbcUrl);
        registry.add("spring.main.banner-mode", () -> "off");
        registry.add("partner-delegation.mail.host", () -> "127.0.0.1");
        registry.add("partner-delegation.mail.port", () -> SMTP.getSmtp().getPort());
        registry.add("partner-delegation.mail.tls-mode", () -> "none");
        registry.add("partner-delegation.mail.sender", () -> "partner-access@host.example");
        registry.add("partner-delegation.mail.accept-url-base", () -> "https://host.example/accept?token=");
        registry.add("partner-delegation.jobs.outbox.period", () -> "100ms");
    }

    @BeforeAll
    static void startSmtp() {
        SMTP = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        SMTP.start();
    }

    @AfterAll
    static void stopSmtp() {
        SMTP.stop();
    }

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void theSeedsFlowRunsOverHttpOnTheStarterAlone() throws Exception {
        Tenant partner = register("partner", true);
        Tenant customer = register("customer", false);

        ApiClient.Answer added = api.post("/partner/accounts", admin(partner), ApiClient.json("email", customer.administratorEmail().value()));
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        String delegationId = added.json().get("delegationId").asString();

        String token = mailedToken(customer.administratorEmail());
        ApiClient.Answer review = api.post("/customer/invitation/review", admin(customer), ApiClient.json("token", token));
        assertThat(review.status()).as(review.body()).isEqualTo(200);
        assertThat(review.json().get("partnerEmail").asString()).isEqualTo(partner.administratorEmail().value());
        ApiClient.Answer accepted = api.post("/customer/invitation/accept", admin(customer), ApiClient.json("token", token));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.json().get("status").asString()).isEqualTo("CONNECTED");

        ApiClient.Answer listed = api.get("/partner/accounts?limit=10", admin(partner));
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        assertThat(listed.json().get("items").get(0).get("status").asString()).isEqualTo("CONNECTED");

        ApiClient.Answer login = api.post("/partner/accounts/" + delegationId + "/login", admin(partner), "{}");
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        String bearer = login.json().get("token").asString();
        assertThat(facade.validateSession(bearer)).hasValueSatisfying(session ->
                assertThat(session.principal().tenantId()).isEqualTo(customer.id()));
        String sessionId = login.json().get("sessionId").asString();

        ApiClient.Answer sessions = api.get("/customer/sessions", admin(customer));
        assertThat(sessions.json().get("items").get(0).get("sessionId").asString()).isEqualTo(sessionId);
        assertThat(api.delete("/customer/sessions/" + sessionId, admin(customer), null).json().get("ended").asBoolean()).isTrue();
        assertThat(facade.validateSession(bearer)).isEmpty();

        assertThat(api.delete("/partner/accounts/" + delegationId, admin(partner), null).status()).isEqualTo(204);
        assertThat(api.get("/customer/partner", admin(customer)).status()).isEqualTo(204);

        Tenant newPartner = register("customer", false);
        ApiClient.Answer granted = api.put("/operator/tenants/" + newPartner.id().value() + "/partner-permission", "operator");
        assertThat(granted.json().get("partnerPermission").asBoolean()).isTrue();
        ApiClient.Answer revoked = api.delete("/operator/tenants/" + newPartner.id().value() + "/partner-permission", "operator",
                ApiClient.json("reason", "Reseller contract ended"));
        assertThat(revoked.json().get("partnerPermission").asBoolean()).isFalse();

        awaitEveryNotificationDelivered();
        assertThat(storage.operationalFigures().figuresAt(Instant.now()).failedNotifications()).isZero();
    }

    /** The dispatcher has mailed everything due (acceptance and removal notices too); the SMTP server stays up until then. */
    private void awaitEveryNotificationDelivered() throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (storage.operationalFigures().figuresAt(Instant.now()).outboxBacklog() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The outbox still holds notifications after 20 s");
            }
            Thread.sleep(50);
        }
    }

    private Tenant register(String kind, boolean partner) {
        int n = COUNTER.incrementAndGet();
        String id = kind + "-" + getClass().getSimpleName().toLowerCase() + "-" + n;
        return storage.tenantDirectory().register(new Tenant(TenantId.of(id), AccountNumber.of("N-" + n),
                EmailAddress.of("admin@" + id + ".example"), partner));
    }

    private static String admin(Tenant tenant) {
        return "admin:" + tenant.id().value();
    }

    /** The token of the accept link in the invitation mailed to the address, as the customer's mail client shows it. */
    private static String mailedToken(EmailAddress to) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (MimeMessage message : SMTP.getReceivedMessagesForDomain(to.value())) {
                boolean toThem = Arrays.stream(message.getAllRecipients()).anyMatch(a -> a.toString().contains(to.value()));
                Matcher link = LINK_TOKEN.matcher(GreenMailUtil.getBody(message).replace("=\r\n", "").replace("=3D", "="));
                if (toThem && link.find()) {
                    return link.group(1);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("No invitation reached " + to + " within 20 s");
    }
}
