package org.partnerdelegation.spring.boot.autoconfigure;

import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.servlet.DelegatedSessionFilter;
import org.partnerdelegation.spring.boot.security.DelegatedSessionExpressions;
import org.partnerdelegation.spring.boot.security.PartnerDelegationConfigurer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/**
 * Spring Security's side, when {@code spring-security-web} and {@code delegation-servlet} are on the
 * class path of a servlet application with a {@link PartnerDelegation}: the {@code delegatedSession}
 * bean for SpEL ({@link DelegatedSessionExpressions}). The filter itself joins a chain only where the
 * host adds {@link PartnerDelegationConfigurer#delegatedSessions()}: which paths a delegated session
 * may reach is the host's decision.
 */
@AutoConfiguration(after = PartnerDelegationAutoConfiguration.class)
@ConditionalOnClass({PartnerDelegationConfigurer.class, DelegatedSessionFilter.class,
        org.springframework.security.web.SecurityFilterChain.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(PartnerDelegation.class)
public class PartnerDelegationSecurityAutoConfiguration {

    /** Creates the auto-configuration; Spring calls it. */
    public PartnerDelegationSecurityAutoConfiguration() {
    }

    /**
     * The expressions {@code @PreAuthorize} reads as {@code @delegatedSession}.
     *
     * @return the expressions
     */
    @Bean(name = "delegatedSession")
    @ConditionalOnMissingBean
    public DelegatedSessionExpressions delegatedSession() {
        return new DelegatedSessionExpressions();
    }
}
