package org.partnerdelegation.spring.boot.autoconfigure;

import org.partnerdelegation.core.observation.DelegationObserver;
import org.springframework.beans.factory.ObjectProvider;
import javax.sql.DataSource;
import org.partnerdelegation.jdbi.JdbiStorage;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The storage on the host's own {@code DataSource}, which it never closes. Checks the pool's
 * planner setting on PostgreSQL ({@link SeqScanCheck}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(JdbiStorage.class)
@ConditionalOnSingleCandidate(DataSource.class)
class HostDataSourceStorageConfiguration {

    @Bean
    @ConditionalOnMissingBean
    JdbiStorage partnerDelegationStorage(DataSource dataSource, PartnerDelegationProperties properties,
                                         ObjectProvider<DelegationObserver> observer) {
        JdbiStorage storage = JdbiStorage.using(dataSource);
        SeqScanCheck.warnIfOff(storage.dialect(), dataSource);
        SchemaStep.apply(storage, properties.getSchema().getMode());
        // After the schema step, so that the migrations' statements do not start traces of their own.
        observer.ifAvailable(storage::observeStatements);
        return storage;
    }
}
