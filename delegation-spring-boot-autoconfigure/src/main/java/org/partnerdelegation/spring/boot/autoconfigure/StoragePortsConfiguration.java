package org.partnerdelegation.spring.boot.autoconfigure;

import org.partnerdelegation.core.port.OperationalFigures;
import org.partnerdelegation.core.port.DelegationStore;
import org.partnerdelegation.core.port.SessionIssuer;
import org.partnerdelegation.core.port.TenantDirectory;
import org.partnerdelegation.jdbi.JdbiStorage;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The storage ports, from whichever {@link JdbiStorage} exists (the library's or the host's). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(JdbiStorage.class)
@ConditionalOnBean(JdbiStorage.class)
class StoragePortsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TenantDirectory partnerDelegationTenantDirectory(JdbiStorage storage) {
        return storage.tenantDirectory();
    }

    @Bean
    @ConditionalOnMissingBean
    DelegationStore partnerDelegationStore(JdbiStorage storage) {
        return storage.delegationStore();
    }

    /** The figures of the gauges and the health indicator; a host with other adapters defines its own. */
    @Bean
    @ConditionalOnMissingBean
    OperationalFigures partnerDelegationOperationalFigures(JdbiStorage storage) {
        return storage.operationalFigures();
    }

    @Bean
    @ConditionalOnMissingBean
    SessionIssuer partnerDelegationSessionIssuer(JdbiStorage storage) {
        return storage.sessionIssuer();
    }
}
