package org.partnerdelegation.spring.boot.autoconfigure;

import java.time.Clock;
import org.partnerdelegation.core.domain.DelegableRole;
import org.partnerdelegation.core.domain.RoleCatalogue;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.observation.DelegationObserver;
import org.partnerdelegation.core.port.DelegationStore;
import org.partnerdelegation.core.port.SessionCache;
import org.partnerdelegation.core.port.SessionIssuer;
import org.partnerdelegation.core.port.TenantDirectory;
import org.partnerdelegation.core.usecase.DelegationSettings;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.core.usecase.StepUpPolicy;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The {@link PartnerDelegation} facade of a Spring Boot host, from the {@code partner-delegation.*}
 * properties and the host's {@code DataSource}: a host that adds the starter, a {@code DataSource}
 * and a {@link org.partnerdelegation.spring.boot.HostPrincipalResolver} has a working facade with
 * no other code.
 *
 * <p>The storage ({@code JdbiStorage}) runs on the host's single {@code DataSource}, or on a pool
 * of its own when {@code partner-delegation.datasource.url} is set; its ports, the clock, the
 * settings, the step-up policy, the role catalogue and the facade follow. Every bean backs off when
 * the host defines one of its type. It runs after Boot's {@code DataSource} and Flyway
 * auto-configurations, so that the host's own migrations have run before the library's schema
 * step ({@code partner-delegation.schema.mode}).
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
        "org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration"})
@ConditionalOnClass(PartnerDelegation.class)
@EnableConfigurationProperties(PartnerDelegationProperties.class)
// In this order: a dedicated pool wins over the host's DataSource, and the ports follow whichever storage exists.
@Import({DedicatedPoolStorageConfiguration.class, HostDataSourceStorageConfiguration.class, StoragePortsConfiguration.class})
public class PartnerDelegationAutoConfiguration {

    /** Creates the auto-configuration; Spring calls it. */
    public PartnerDelegationAutoConfiguration() {
    }

    /**
     * The clock of the use cases: UTC system time.
     *
     * @return the clock
     */
    @Bean
    @ConditionalOnMissingBean
    public Clock partnerDelegationClock() {
        return Clock.systemUTC();
    }

    /**
     * The limits of the use cases, from the properties; a value out of range fails the start with
     * {@code DelegationSettings}' own message.
     *
     * @param properties the bound properties
     * @return the settings
     */
    @Bean
    @ConditionalOnMissingBean
    public DelegationSettings delegationSettings(PartnerDelegationProperties properties) {
        return new DelegationSettings(properties.getInvitationTtl(), properties.getSessionTtl(), properties.getMaxPageSize(),
                properties.getInvitationCooldown(), properties.getMinTerm(), properties.getMaxTerm(),
                properties.getEndingNotice(), properties.getLoginsPerWindow(), properties.getLoginWindow(),
                properties.getMaxLiveSessions());
    }

    /**
     * The step-up policy, from {@code partner-delegation.step-up.*}.
     *
     * @param properties the bound properties
     * @return the policy
     */
    @Bean
    @ConditionalOnMissingBean
    public StepUpPolicy stepUpPolicy(PartnerDelegationProperties properties) {
        PartnerDelegationProperties.StepUp stepUp = properties.getStepUp();
        StepUpPolicy.Requirement requirement = stepUp.getRequirement() == null ? null
                : StepUpPolicy.Requirement.valueOf(stepUp.getRequirement().name());
        return new StepUpPolicy(requirement, stepUp.getMaxAge(), stepUp.isCustomerActions());
    }

    /**
     * The roles partners may request: those of {@code partner-delegation.roles.definitions}, or the
     * standard catalogue when none is defined.
     *
     * @param properties the bound properties
     * @return the catalogue
     */
    @Bean
    @ConditionalOnMissingBean
    public RoleCatalogue roleCatalogue(PartnerDelegationProperties properties) {
        PartnerDelegationProperties.Roles roles = properties.getRoles();
        if (roles.getDefinitions().isEmpty()) {
            if (!roles.getDefaultRoles().isEmpty()) {
                throw org.partnerdelegation.core.domain.DelegationException.invalidInput("partner-delegation.roles.default-roles",
                        "names roles, but partner-delegation.roles.definitions defines none: define the roles too, or leave"
                                + " both unset for the standard catalogue (tenant:administrator)");
            }
            return RoleCatalogue.standard();
        }
        RoleCatalogue.Builder builder = RoleCatalogue.builder();
        int index = 0;
        for (PartnerDelegationProperties.Role role : roles.getDefinitions()) {
            String prefix = "partner-delegation.roles.definitions[" + index++ + "].";
            RoleKey key = RoleKey.of(org.partnerdelegation.core.domain.DelegationException.requireArgument(role.getKey(),
                    prefix + "key"));
            builder.role(new DelegableRole(key, role.getName(), role.getDescription(), role.isSensitive(), role.isAutoRenewable()));
        }
        if (!roles.getDefaultRoles().isEmpty()) {
            builder.defaultRoles(roles.getDefaultRoles().stream().map(RoleKey::of).toArray(RoleKey[]::new));
        }
        return builder.build();
    }

    /**
     * The facade, on whatever storage ports exist (the auto-configured ones, or the host's own).
     *
     * @param tenants  the tenant directory
     * @param store    the delegation store
     * @param sessions the session issuer
     * @param clock    the clock
     * @param settings the settings
     * @param stepUp   the step-up policy
     * @param roles    the role catalogue
     * @param observer the observer of the use cases, when there is one (see
     *                 {@link PartnerDelegationObservationAutoConfiguration}); the outbox dispatcher takes it from the facade
     * @param sessionCache the node-local cache of session checks, when there is one (see
     *                 {@link PartnerDelegationSessionCacheAutoConfiguration})
     * @return the facade
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean({TenantDirectory.class, DelegationStore.class, SessionIssuer.class})
    public PartnerDelegation partnerDelegation(TenantDirectory tenants, DelegationStore store, SessionIssuer sessions, Clock clock,
                                               DelegationSettings settings, StepUpPolicy stepUp, RoleCatalogue roles,
                                               ObjectProvider<DelegationObserver> observer,
                                               ObjectProvider<SessionCache> sessionCache) {
        PartnerDelegation.Builder builder = PartnerDelegation.builder();
        observer.ifAvailable(builder::observer);
        sessionCache.ifAvailable(builder::sessionCache);
        return builder
                .tenantDirectory(tenants)
                .delegationStore(store)
                .sessionIssuer(sessions)
                .clock(clock)
                .settings(settings)
                .stepUpPolicy(stepUp)
                .roleCatalogue(roles)
                .build();
    }
}
