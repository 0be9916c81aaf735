package org.partnerdelegation.spring.boot.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.memory.InMemoryDelegationStore;
import org.partnerdelegation.core.memory.InMemorySessionIssuer;
import org.partnerdelegation.core.memory.InMemoryTenantDirectory;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.spring.boot.HostPrincipalResolver;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** When the REST API applies, and where its endpoints lie. */
class PartnerDelegationApiAutoConfigurationTest {

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class,
                    PartnerDelegationApiAutoConfiguration.class));

    private static PartnerDelegation inMemory() {
        return PartnerDelegation.builder().tenantDirectory(new InMemoryTenantDirectory()).delegationStore(new InMemoryDelegationStore())
                .sessionIssuer(new InMemorySessionIssuer()).build();
    }

    @Test
    void aServletHostWithTheFacadeGetsTheApiUnderTheDefaultBasePath() {
        web.withBean(PartnerDelegation.class, PartnerDelegationApiAutoConfigurationTest::inMemory)
                .withBean(HostPrincipalResolver.class, () -> request -> Optional.empty())
                .run(context -> {
                    assertThat(context).hasSingleBean(PartnerApiController.class).hasSingleBean(CustomerApiController.class)
                            .hasSingleBean(OperatorApiController.class).hasSingleBean(ApiProblems.class);
                    assertThat(patterns(context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class)))
                            .contains("/partner-delegation/api/partner/accounts", "/partner-delegation/api/customer/invitation/accept",
                                    "/partner-delegation/api/operator/tenants/{tenantId}/partner-permission");
                });
    }

    @Test
    void theBasePathMovesEveryEndpoint() {
        web.withBean(PartnerDelegation.class, PartnerDelegationApiAutoConfigurationTest::inMemory)
                .withPropertyValues("partner-delegation.api.base-path=/internal/pd")
                .run(context -> assertThat(patterns(context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class)))
                        .contains("/internal/pd/partner/accounts", "/internal/pd/openapi.yaml")
                        .noneMatch(p -> p.startsWith("/partner-delegation/")));
    }

    @Test
    void aMalformedBasePathStopsTheStartWithItsName() {
        web.withBean(PartnerDelegation.class, PartnerDelegationApiAutoConfigurationTest::inMemory)
                .withPropertyValues("partner-delegation.api.base-path=api/")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("partner-delegation.api.base-path"));
    }

    @Test
    void theApiCanBeSwitchedOff() {
        web.withBean(PartnerDelegation.class, PartnerDelegationApiAutoConfigurationTest::inMemory)
                .withPropertyValues("partner-delegation.api.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(PartnerApiController.class).doesNotHaveBean(ApiProblems.class));
    }

    @Test
    void withoutTheFacadeThereIsNoApi() {
        web.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(PartnerApiController.class));
    }

    @Test
    void aHostThatIsNoServletWebApplicationGetsNoApi() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PartnerDelegationApiAutoConfiguration.class))
                .withBean(PartnerDelegation.class, PartnerDelegationApiAutoConfigurationTest::inMemory)
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(PartnerApiController.class));
    }

    private static java.util.List<String> patterns(RequestMappingHandlerMapping mapping) {
        return mapping.getHandlerMethods().keySet().stream().flatMap(info -> info.getPatternValues().stream()).toList();
    }
}
