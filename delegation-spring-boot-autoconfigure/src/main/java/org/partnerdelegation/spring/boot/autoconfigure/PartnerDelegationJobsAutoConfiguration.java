package org.partnerdelegation.spring.boot.autoconfigure;

import java.security.SecureRandom;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.core.outbox.OutboxDispatcher;
import org.partnerdelegation.core.port.Notifier;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The background jobs, as lifecycle beans: the {@link OutboxDispatcher} (when a {@link Notifier}
 * exists) and the {@link TimeLimitJob}, each on or off and timed by
 * {@code partner-delegation.jobs.*}. They start once the context is refreshed and stop before the
 * pool closes.
 */
@AutoConfiguration(after = {PartnerDelegationAutoConfiguration.class, PartnerDelegationMailAutoConfiguration.class})
@ConditionalOnBean(PartnerDelegation.class)
@EnableConfigurationProperties(PartnerDelegationProperties.class)
public class PartnerDelegationJobsAutoConfiguration {

    /** Creates the auto-configuration; Spring calls it. */
    public PartnerDelegationJobsAutoConfiguration() {
    }

    /**
     * The outbox dispatcher, when a notifier exists: a host that runs it elsewhere (turning the
     * schedule off) can still call {@code drain()} on it.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(Notifier.class)
    static class OutboxConfiguration {

        @Bean
        @ConditionalOnMissingBean
        OutboxDispatcher partnerDelegationOutboxDispatcher(PartnerDelegation delegation, Notifier notifier) {
            return OutboxDispatcher.builder(delegation).notifier(notifier).random(new SecureRandom()).build();
        }

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnProperty(prefix = "partner-delegation.jobs.outbox", name = "enabled", havingValue = "true",
                matchIfMissing = true)
        OutboxDispatcherLifecycle partnerDelegationOutboxLifecycle(OutboxDispatcher dispatcher, PartnerDelegationProperties properties) {
            return new OutboxDispatcherLifecycle(dispatcher, properties.getJobs().getOutbox().getPeriod());
        }
    }

    /** The time-limit job. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "partner-delegation.jobs.time-limits", name = "enabled", havingValue = "true",
            matchIfMissing = true)
    static class TimeLimitConfiguration {

        @Bean
        @ConditionalOnMissingBean
        TimeLimitJob partnerDelegationTimeLimitJob(PartnerDelegation delegation, PartnerDelegationProperties properties) {
            PartnerDelegationProperties.TimeLimits job = properties.getJobs().getTimeLimits();
            Principal operator = Principal.operator(TenantId.of(job.getOperatorTenant()), UserId.of(job.getOperatorUser()));
            return new TimeLimitJob(delegation, operator, job.getPeriod());
        }
    }
}
