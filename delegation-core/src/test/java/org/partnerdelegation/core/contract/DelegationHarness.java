package org.partnerdelegation.core.contract;

import java.time.Duration;
import java.util.Random;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.RoleCatalogue;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.memory.InMemoryNotifier;
import org.partnerdelegation.core.observation.DelegationObserver;
import org.partnerdelegation.core.outbox.OutboxDispatcher;
import org.partnerdelegation.core.outbox.RetryPolicy;
import org.partnerdelegation.core.usecase.DelegationSettings;
import org.partnerdelegation.core.usecase.GrantRequest;
import org.partnerdelegation.core.usecase.GrantRules;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.core.usecase.StepUpPolicy;

/**
 * The facade and the outbox dispatcher assembled over one {@link AdapterFixture}, with a
 * {@link MutableClock} and an {@link InMemoryNotifier} standing in for the customer's mailbox.
 */
public final class DelegationHarness {

    public final AdapterFixture adapters;
    public final MutableClock clock;
    public final InMemoryNotifier notifier = new InMemoryNotifier();
    public final PartnerDelegation delegation;
    public final OutboxDispatcher dispatcher;

    /**
     * The default settings but for the invitation cool-down, which is off: most contracts resend
     * and re-add at one instant of the test clock. The cool-down has contracts of its own.
     */
    public DelegationHarness(AdapterFixture adapters) {
        this(adapters, relaxedSettings());
    }

    public DelegationHarness(AdapterFixture adapters, DelegationSettings settings) {
        this(adapters, settings, RoleCatalogue.standard());
    }

    /** The facade with the host's role catalogue, and the settings of {@link #DelegationHarness(AdapterFixture)}. */
    public static DelegationHarness withCatalogue(AdapterFixture adapters, RoleCatalogue catalogue) {
        return new DelegationHarness(adapters, relaxedSettings(), catalogue);
    }

    /** The default settings with the invitation cool-down off, as {@link #DelegationHarness(AdapterFixture)} uses them. */
    public static DelegationSettings relaxedSettings() {
        return DelegationSettings.defaults().withInvitationCooldown(Duration.ZERO);
    }

    /**
     * The facade with these settings and the host's role catalogue ({@link RoleCatalogue#standard()} elsewhere), with
     * step-up not required: the contracts that are not about step-up build principals without an authentication, and
     * their clock moves by days. {@link StepUpContract} uses {@link #withStepUpPolicy} instead.
     */
    public DelegationHarness(AdapterFixture adapters, DelegationSettings settings, RoleCatalogue catalogue) {
        this(adapters, settings, catalogue, 42);
    }

    /**
     * The facade with these settings and catalogue, its ids drawn from {@code seed}: a second facade over the same
     * adapters (another node) needs another seed, or it mints the ids the first one did.
     */
    public DelegationHarness(AdapterFixture adapters, DelegationSettings settings, RoleCatalogue catalogue, long seed) {
        this(adapters, settings, catalogue, seed, StepUpPolicy.notRequired(), DelegationObserver.none());
    }

    /** The facade with the relaxed settings, the standard catalogue and this step-up policy. */
    public static DelegationHarness withStepUpPolicy(AdapterFixture adapters, StepUpPolicy stepUp) {
        return new DelegationHarness(adapters, relaxedSettings(), RoleCatalogue.standard(), 42, stepUp, DelegationObserver.none());
    }

    /** The facade and dispatcher of {@link #DelegationHarness(AdapterFixture)}, reporting to {@code observer}. */
    public static DelegationHarness observedBy(AdapterFixture adapters, DelegationObserver observer) {
        return new DelegationHarness(adapters, relaxedSettings(), RoleCatalogue.standard(), 42, StepUpPolicy.notRequired(), observer);
    }

    private DelegationHarness(AdapterFixture adapters, DelegationSettings settings, RoleCatalogue catalogue, long seed,
                              StepUpPolicy stepUp, DelegationObserver observer) {
        this.adapters = adapters;
        this.clock = MutableClock.startingNow();
        // Seeded for repeatable ids in tests; production uses SecureRandom, the builders' default.
        Random random = new Random(seed);
        this.delegation = PartnerDelegation.builder()
                .tenantDirectory(adapters.tenantDirectory())
                .delegationStore(adapters.delegationStore())
                .sessionIssuer(adapters.sessionIssuer())
                .clock(clock)
                .random(random)
                .settings(settings)
                .roleCatalogue(catalogue)
                .stepUpPolicy(stepUp)
                .observer(observer)
                .build();
        this.dispatcher = OutboxDispatcher.builder(delegation)
                .notifier(notifier)
                .random(random)
                .retryPolicy(new RetryPolicy(3, Duration.ofMinutes(1), Duration.ofMinutes(10)))
                .build();
    }

    public Tenant register(Tenant tenant) {
        return adapters.register(tenant);
    }

    /** Delivers the outbox and returns the token of the latest invitation mailed to the customer. */
    public String invitationTokenFor(Tenant customer) {
        dispatcher.drain();
        return notifier.latestInvitationTokenFor(customer.administratorEmail())
                .map(SecretToken::reveal)
                .orElseThrow(() -> new AssertionError("no invitation was delivered to " + customer.administratorEmail()));
    }

    /** Partner adds customer and customer accepts: returns the CONNECTED delegation's id. */
    public DelegationId connect(Tenant partner, Tenant customer) {
        DelegationId id = delegation.addCustomerAccount(TenantFixtures.adminOf(partner), customer.administratorEmail()).delegationId();
        delegation.acceptInvitation(TenantFixtures.adminOf(customer), invitationTokenFor(customer));
        return id;
    }

    /**
     * Partner adds customer requesting {@code request}, and customer approves it with {@code rules}:
     * returns the CONNECTED delegation's id.
     */
    public DelegationId connect(Tenant partner, Tenant customer, GrantRequest request, GrantRules rules) {
        DelegationId id = delegation.addCustomerAccount(TenantFixtures.adminOf(partner), customer.administratorEmail(), request)
                .delegationId();
        delegation.acceptInvitation(TenantFixtures.adminOf(customer), ScenarioSupport.invitationTokenOf(this, id), rules);
        return id;
    }
}
