package org.partnerdelegation.spring.boot.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import org.partnerdelegation.core.observation.DelegationObserver;
import org.partnerdelegation.core.port.OperationalFigures;
import org.partnerdelegation.micrometer.DelegationGauges;
import org.partnerdelegation.micrometer.MicrometerDelegationObserver;
import org.partnerdelegation.spring.boot.actuate.PartnerDelegationHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer and Actuator for partner delegation, each part when the host has what it needs:
 *
 * <ul>
 * <li>with an {@link ObservationRegistry} bean (Boot's observation auto-configuration) and
 *     delegation-micrometer: a {@link MicrometerDelegationObserver} as the {@link DelegationObserver}
 *     bean, which the facade, its outbox dispatcher and the auto-configured storage's statements report
 *     to ({@code partner-delegation.observation.enabled=false} turns it off);</li>
 * <li>with a {@link MeterRegistry} bean: the {@link DelegationGauges}, a {@code MeterBinder} that Boot
 *     binds to it;</li>
 * <li>with Boot's health module: the {@code partnerDelegation} health indicator
 *     ({@link PartnerDelegationHealthIndicator}), off with {@code management.health.partner-delegation.enabled=false}.</li>
 * </ul>
 *
 * <p>Every bean backs off when the host defines one of its type: a host's own {@code DelegationObserver}
 * is the one the facade and the storage use.
 */
@AutoConfiguration(after = PartnerDelegationAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@EnableConfigurationProperties(PartnerDelegationProperties.class)
public class PartnerDelegationObservationAutoConfiguration {

    /** Creates the auto-configuration; Spring calls it. */
    public PartnerDelegationObservationAutoConfiguration() {
    }

    /** The observer, on the host's observation registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({MicrometerDelegationObserver.class, ObservationRegistry.class})
    @ConditionalOnBean(ObservationRegistry.class)
    @ConditionalOnProperty(prefix = "partner-delegation.observation", name = "enabled", havingValue = "true", matchIfMissing = true)
    static class ObserverConfiguration {

        @Bean
        @ConditionalOnMissingBean
        DelegationObserver partnerDelegationObserver(ObservationRegistry observations) {
            return new MicrometerDelegationObserver(observations);
        }
    }

    /** The outbox and session gauges. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({DelegationGauges.class, MeterRegistry.class})
    @ConditionalOnBean({MeterRegistry.class, OperationalFigures.class})
    static class GaugesConfiguration {

        @Bean
        @ConditionalOnMissingBean
        DelegationGauges partnerDelegationGauges(OperationalFigures figures, Clock clock, PartnerDelegationProperties properties) {
            return new DelegationGauges(figures, clock, properties.getMetrics().getFiguresCache());
        }
    }

    /** The health indicator, named partnerDelegation after its bean. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnBean(OperationalFigures.class)
    @ConditionalOnEnabledHealthIndicator("partner-delegation")
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "partnerDelegationHealthIndicator")
        PartnerDelegationHealthIndicator partnerDelegationHealthIndicator(OperationalFigures figures, Clock clock,
                                                                          PartnerDelegationProperties properties) {
            return new PartnerDelegationHealthIndicator(figures, clock, properties.getHealth().getOutboxMaxAge());
        }
    }
}
