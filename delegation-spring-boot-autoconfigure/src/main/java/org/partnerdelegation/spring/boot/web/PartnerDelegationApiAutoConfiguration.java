package org.partnerdelegation.spring.boot.web;

import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.spring.boot.HostPrincipalResolver;
import org.partnerdelegation.spring.boot.autoconfigure.PartnerDelegationProperties;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * The REST API of partner delegation under {@code partner-delegation.api.base-path} (default
 * {@code /partner-delegation/api}): the partner, customer and operator use cases as JSON endpoints,
 * RFC 9457 problems for every failure, and the OpenAPI 3.1 document at {@code <base-path>/openapi.yaml}.
 *
 * <p>Applies in a servlet web application that has a {@link PartnerDelegation} bean, unless
 * {@code partner-delegation.api.enabled=false}. The caller of each request is the delegated principal
 * when delegation-servlet's filter (or the Spring Security integration) found a delegated session,
 * else what the host's {@link HostPrincipalResolver} bean says; without either every request is
 * answered 401. The controllers check nothing themselves: the library checks every permission.
 */
@AutoConfiguration(afterName = "org.partnerdelegation.spring.boot.autoconfigure.PartnerDelegationAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBean(PartnerDelegation.class)
@ConditionalOnBooleanProperty(name = "partner-delegation.api.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PartnerDelegationProperties.class)
public class PartnerDelegationApiAutoConfiguration {

    /** Creates the auto-configuration; Spring calls it. */
    public PartnerDelegationApiAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    Callers partnerDelegationApiCallers(ObjectProvider<HostPrincipalResolver> hostPrincipals) {
        return new Callers(hostPrincipals);
    }

    @Bean
    @ConditionalOnMissingBean
    PartnerApiController partnerDelegationPartnerApi(PartnerDelegation delegation, Callers callers, ListableBeanFactory beans) {
        return new PartnerApiController(delegation, callers, beans);
    }

    @Bean
    @ConditionalOnMissingBean
    CustomerApiController partnerDelegationCustomerApi(PartnerDelegation delegation, Callers callers) {
        return new CustomerApiController(delegation, callers);
    }

    @Bean
    @ConditionalOnMissingBean
    OperatorApiController partnerDelegationOperatorApi(PartnerDelegation delegation, Callers callers) {
        return new OperatorApiController(delegation, callers);
    }

    @Bean
    @ConditionalOnMissingBean
    ApiDocumentController partnerDelegationApiDocument() {
        return new ApiDocumentController();
    }

    @Bean
    @ConditionalOnMissingBean
    ApiProblems partnerDelegationApiProblems(PartnerDelegation delegation) {
        return new ApiProblems(delegation.clock());
    }

    @Bean
    @ConditionalOnMissingBean(name = "partnerDelegationApiBodyLimit")
    FilterRegistrationBean<RequestBodyLimitFilter> partnerDelegationApiBodyLimit(PartnerDelegationProperties properties) {
        String base = basePath(properties.getApi().getBasePath());
        FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(new RequestBodyLimitFilter());
        registration.addUrlPatterns(base + "/*");
        // Before anything reads the body, Spring Security's filters included.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** A base path must be absolute and not end in '/', so that "{base}/partner" is one well-formed path. */
    static String basePath(String configured) {
        if (configured == null || !configured.startsWith("/") || configured.endsWith("/") || configured.contains("*")
                || configured.contains("{") || configured.contains("?")) {
            throw new IllegalStateException("partner-delegation.api.base-path must start with '/', not end with '/' and hold no"
                    + " '*', '?' or '{', got '" + configured + "'");
        }
        return configured;
    }
}
