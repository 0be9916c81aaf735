package org.partnerdelegation.spring.boot.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * docs/openapi.yaml is what springdoc makes of the running API: regenerated here and compared, so the
 * committed document cannot drift from the controllers. Rewrite it with {@code -Dpd.openapi.write=true}.
 */
@TestPropertySource(properties = "pd.test.database=h2")
class OpenApiDocumentTest extends ApiTestSupport {

    @Test
    void theCommittedDocumentIsTheOneTheApiGenerates() throws IOException {
        ApiClient.Answer generated = api.send("GET", "/v3/api-docs.yaml", null, null, null, null);
        assertThat(generated.status()).as(generated.body()).isEqualTo(200);
        assertThat(generated.body()).startsWith("openapi: 3.1.0");
        Path committed = ProblemTypesTest.repositoryRoot().resolve("docs/openapi.yaml");
        if (Boolean.getBoolean("pd.openapi.write")) {
            Files.writeString(committed, generated.body());
        }
        assertThat(Files.exists(committed) ? Files.readString(committed) : "")
                .as("docs/openapi.yaml differs from the API; rewrite it with: mvn -B -pl delegation-spring-boot-autoconfigure -am verify"
                        + " -Dtest=OpenApiDocumentTest -Dsurefire.failIfNoSpecifiedTests=false -Dpd.openapi.write=true")
                .isEqualTo(generated.body());
    }

    @Test
    void theApiServesTheCommittedDocumentWithoutSpringdoc() throws IOException {
        ApiClient.Answer served = api.send("GET", ApiClient.BASE + "/openapi.yaml", null, null, null, null);
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.contentType()).startsWith("application/yaml");
        assertThat(served.body()).isEqualTo(Files.readString(ProblemTypesTest.repositoryRoot().resolve("docs/openapi.yaml")));
    }
}
