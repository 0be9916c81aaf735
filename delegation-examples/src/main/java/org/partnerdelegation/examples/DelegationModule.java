package org.partnerdelegation.examples;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.partnerdelegation.core.domain.RoleCatalogue;
import org.partnerdelegation.core.outbox.OutboxDispatcher;
import org.partnerdelegation.core.port.DelegationStore;
import org.partnerdelegation.core.port.Notifier;
import org.partnerdelegation.core.port.SessionIssuer;
import org.partnerdelegation.core.port.TenantDirectory;
import org.partnerdelegation.core.usecase.DelegationSettings;
import org.partnerdelegation.core.usecase.PartnerDelegation;

/**
 * The use cases and the outbox dispatcher, assembled from whatever ports the other modules
 * provide. The core's classes carry no injection annotation: this module calls their builders.
 * The dispatcher is built from the facade ({@code OutboxDispatcher.builder(delegation)}), and takes
 * its store, directory, clock and settings from it; only the notifier comes from elsewhere.
 *
 * <p>The settings are the defaults, the invitation cool-down included: the same partner can
 * invite the same customer (adding it again after a removal, or resending) once per 5 minutes;
 * periods of 1 to 730 days, the ending notice 14 days ahead. The roles are {@link DemoRoles}'.
 */
public final class DelegationModule extends AbstractModule {

    private final Clock clock;

    public DelegationModule(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Provides
    Clock clock() {
        return clock;
    }

    @Provides
    @Singleton
    RandomGenerator random() {
        return new SecureRandom();
    }

    @Provides
    DelegationSettings settings() {
        return DelegationSettings.defaults();
    }

    /** The roles partners may request: {@link DemoRoles#catalogue()}. */
    @Provides
    RoleCatalogue roleCatalogue() {
        return DemoRoles.catalogue();
    }

    @Provides
    @Singleton
    PartnerDelegation partnerDelegation(TenantDirectory tenants, DelegationStore store, SessionIssuer sessions, Clock clock,
                                        RandomGenerator random, DelegationSettings settings, RoleCatalogue roles) {
        return PartnerDelegation.builder()
                .roleCatalogue(roles)
                .tenantDirectory(tenants)
                .delegationStore(store)
                .sessionIssuer(sessions)
                .clock(clock)
                .random(random)
                .settings(settings)
                .build();
    }

    /** Built from the facade, so that both use the same store, directory, clock and settings. */
    @Provides
    @Singleton
    OutboxDispatcher outboxDispatcher(PartnerDelegation delegation, Notifier notifier, RandomGenerator random) {
        return OutboxDispatcher.builder(delegation)
                .notifier(notifier)
                .random(random)
                .build();
    }
}
