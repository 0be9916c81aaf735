package org.partnerdelegation.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.examples.SeedTenants;

/**
 * Measures the Account Management page with 1,000 customers (Pending) on the demo's embedded H2:
 * {@code mvn -B -pl delegation-examples -am verify -Dpd.measure=true -Dtest=AccountPageTimingTest
 * -Dsurefire.failIfNoSpecifiedTests=false}. Prints the median and 95th percentile of N GETs of the
 * first page (50 rows) and of the next page (keyset cursor), over HTTP on the loopback interface.
 */
@EnabledIfSystemProperty(named = "pd.measure", matches = "true")
class AccountPageTimingTest {

    private static final int CUSTOMERS = 1000;
    private static final int WARMUP = 50;
    private static final int MEASURED = 200;

    @TempDir
    Path data;

    @Test
    void accountManagementWithAThousandCustomers() {
        try (DemoServer server = DemoServer.start(data, true, 0)) {
            var delegation = server.backend().delegation();
            var tenants = server.backend().wiring().tenants();
            long seeding = System.nanoTime();
            for (int i = 0; i < CUSTOMERS; i++) {
                Tenant customer = new Tenant(TenantId.of("customer-" + i), AccountNumber.of(String.format("C-%05d", i)),
                        EmailAddress.of("admin@customer-" + i + ".example"), false);
                tenants.register(customer);
                delegation.addCustomerAccount(SeedTenants.janeAtAcme(), customer.administratorEmail());
            }
            System.out.printf("Seeded %d delegations in %d ms%n", CUSTOMERS, (System.nanoTime() - seeding) / 1_000_000);
            WebClient jane = new WebClient(server.url());
            jane.signIn("jane");
            HttpResponse<String> first = jane.get("/accounts");
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(Pattern.compile("<tr data-email").matcher(first.body()).results().count()).isEqualTo(50);
            Matcher next = Pattern.compile("href=\"(/accounts\\?status=open&(?:amp;)?after=[^\"]+)\"").matcher(first.body());
            assertThat(next.find()).isTrue();
            String nextPage = next.group(1).replace("&amp;", "&");
            report("first page (50 of 1,000 rows)", jane, "/accounts");
            report("next page (keyset cursor)", jane, nextPage);
        }
    }

    private static void report(String what, WebClient client, String path) {
        for (int i = 0; i < WARMUP; i++) {
            client.get(path);
        }
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < MEASURED; i++) {
            long start = System.nanoTime();
            HttpResponse<String> page = client.get(path);
            micros.add((System.nanoTime() - start) / 1000);
            assertThat(page.statusCode()).isEqualTo(200);
        }
        Collections.sort(micros);
        System.out.printf("Account Management, %s: median %.1f ms, p95 %.1f ms, max %.1f ms over %d GETs%n", what,
                micros.get(MEASURED / 2) / 1000.0, micros.get(MEASURED * 95 / 100) / 1000.0, micros.get(MEASURED - 1) / 1000.0,
                MEASURED);
    }
}
