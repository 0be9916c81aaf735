package org.partnerdelegation.examples.spring;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.partnerdelegation.core.domain.RoleCatalogue;
import org.partnerdelegation.core.outbox.OutboxDispatcher;
import org.partnerdelegation.core.port.Notifier;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.core.usecase.StepUpPolicy;
import org.partnerdelegation.jdbi.JdbiStorage;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * TODO(issue 19): remove once PartnerDelegationAutoConfiguration is on main; it backs off by itself
 * as soon as that class is on the class path. Until then it wires by hand what the starter's
 * auto-configuration will: the storage on the host's DataSource with its schema, the facade, and
 * the outbox dispatcher delivering to the host's {@link Notifier}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnMissingClass("org.partnerdelegation.spring.boot.autoconfigure.PartnerDelegationAutoConfiguration")
class InterimDelegationConfiguration {

    @Bean
    JdbiStorage partnerDelegationStorage(DataSource dataSource) {
        JdbiStorage storage = JdbiStorage.using(dataSource);
        storage.installSchema();
        return storage;
    }

    @Bean
    PartnerDelegation partnerDelegation(JdbiStorage storage, RoleCatalogue roles) {
        return PartnerDelegation.builder()
                .tenantDirectory(storage.tenantDirectory())
                .delegationStore(storage.delegationStore())
                .sessionIssuer(storage.sessionIssuer())
                .roleCatalogue(roles)
                .stepUpPolicy(StepUpPolicy.defaults().allowingSingleFactor()) // partner-delegation.step-up.requirement=any-factor
                .clock(Clock.systemUTC())
                .random(new SecureRandom())
                .build();
    }

    @Bean(destroyMethod = "close")
    OutboxDispatcher partnerDelegationOutboxDispatcher(PartnerDelegation delegation, Notifier notifier) {
        OutboxDispatcher dispatcher = OutboxDispatcher.builder(delegation).notifier(notifier).build();
        dispatcher.start(Duration.ofMillis(500));
        return dispatcher;
    }
}
