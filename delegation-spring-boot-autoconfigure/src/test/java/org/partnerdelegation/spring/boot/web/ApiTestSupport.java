package org.partnerdelegation.spring.boot.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.contract.MutableClock;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.memory.InMemoryNotifier;
import org.partnerdelegation.core.outbox.OutboxDispatcher;
import org.partnerdelegation.jdbi.JdbiStorage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** What the API's HTTP tests share: the test host on a random port, fresh tenants, the invitation tokens mailed. */
@SpringBootTest(classes = ApiTestHost.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(locations = "classpath:rest-api-test.properties")
abstract class ApiTestSupport {

    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbiStorage storage;
    @Autowired
    OutboxDispatcher dispatcher;
    @Autowired
    InMemoryNotifier notifier;
    @Autowired
    MutableClock clock;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    Tenant partner() {
        return ApiTestHost.register(storage, "partner", true);
    }

    Tenant customer() {
        return ApiTestHost.register(storage, "customer", false);
    }

    static String admin(Tenant tenant) {
        return "admin:" + tenant.id().value();
    }

    String invitationTokenOf(Tenant customer) {
        dispatcher.drain();
        return notifier.latestInvitationTokenFor(customer.administratorEmail()).orElseThrow().reveal();
    }

    String addAndConnect(Tenant partner, Tenant customer) {
        ApiClient.Answer added = api.post("/partner/accounts", admin(partner), ApiClient.json("email", customer.administratorEmail().value()));
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        ApiClient.Answer accepted = api.post("/customer/invitation/accept", admin(customer),
                ApiClient.json("token", invitationTokenOf(customer)));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        return added.json().get("delegationId").asString();
    }

    static void assertProblem(ApiClient.Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.get("type").asString()).isEqualTo("urn:partner-delegation:error:" + code);
        assertThat(problem.get("code").asString()).isEqualTo(code);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).isNotBlank();
        assertThat(answer.body()).doesNotContain("Exception", "at org.", "SELECT", "tools.jackson");
    }

}
