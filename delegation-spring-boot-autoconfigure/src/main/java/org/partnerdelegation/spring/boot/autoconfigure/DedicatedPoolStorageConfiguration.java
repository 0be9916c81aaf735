package org.partnerdelegation.spring.boot.autoconfigure;

import org.partnerdelegation.core.observation.DelegationObserver;
import org.springframework.beans.factory.ObjectProvider;
import org.partnerdelegation.jdbi.DatabaseConfig;
import org.partnerdelegation.jdbi.JdbiStorage;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The storage on a pool of its own, when {@code partner-delegation.datasource.url} is set. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(JdbiStorage.class)
@ConditionalOnProperty(prefix = "partner-delegation.datasource", name = "url")
class DedicatedPoolStorageConfiguration {

    @Bean
    @ConditionalOnMissingBean
    JdbiStorage partnerDelegationStorage(PartnerDelegationProperties properties, ObjectProvider<DelegationObserver> observer) {
        PartnerDelegationProperties.Datasource pool = properties.getDatasource();
        // The schema step is the mode's, below, so that validate and none mean the same on either pool.
        DatabaseConfig config = DatabaseConfig.of(pool.getUrl(), pool.getUsername(), pool.getPassword())
                .withMaximumPoolSize(pool.getMaximumPoolSize())
                .withInstallSchema(false);
        JdbiStorage storage = JdbiStorage.connect(config);
        try {
            SchemaStep.apply(storage, properties.getSchema().getMode());
            // After the schema step, so that the migrations' statements do not start traces of their own.
            observer.ifAvailable(storage::observeStatements);
            return storage;
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
    }
}
