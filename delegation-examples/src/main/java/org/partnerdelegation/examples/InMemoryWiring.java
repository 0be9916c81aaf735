package org.partnerdelegation.examples;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.partnerdelegation.core.memory.InMemoryDelegationStore;
import org.partnerdelegation.core.memory.InMemoryNotifier;
import org.partnerdelegation.core.memory.InMemorySessionIssuer;
import org.partnerdelegation.core.memory.InMemoryTenantDirectory;
import org.partnerdelegation.core.outbox.OutboxDispatcher;
import org.partnerdelegation.core.usecase.DelegationSettings;
import org.partnerdelegation.core.usecase.PartnerDelegation;

/**
 * The one place where the example composes the library, with plain {@code new} and the
 * builders: the in-memory adapters of every port, the {@link PartnerDelegation} facade over
 * them, and an {@link OutboxDispatcher} that hands notifications to an {@link InMemoryNotifier}
 * (the demo's mailbox). A host wires the same classes the same way, swapping in its own
 * tenant directory and the durable adapters.
 *
 * @param tenants    the tenant directory; register the host's tenants here
 * @param store      delegations, invitations, audit and the notification outbox
 * @param sessions   delegated sessions (token hashes only)
 * @param mailbox    what the dispatcher delivered, standing in for the recipients' mailboxes
 * @param delegation the use cases
 * @param dispatcher delivers the outbox to {@code mailbox}; call {@link OutboxDispatcher#drain()}
 */
public record InMemoryWiring(InMemoryTenantDirectory tenants, InMemoryDelegationStore store,
                             InMemorySessionIssuer sessions, InMemoryNotifier mailbox,
                             PartnerDelegation delegation, OutboxDispatcher dispatcher) {

    public InMemoryWiring {
        Objects.requireNonNull(tenants, "tenants");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(mailbox, "mailbox");
        Objects.requireNonNull(delegation, "delegation");
        Objects.requireNonNull(dispatcher, "dispatcher");
    }

    /** Fresh, empty adapters on the given clock, with a {@link SecureRandom} and the default settings. */
    public static InMemoryWiring create(Clock clock) {
        Objects.requireNonNull(clock, "clock");
        RandomGenerator random = new SecureRandom();
        DelegationSettings settings = DelegationSettings.defaults();
        InMemoryTenantDirectory tenants = new InMemoryTenantDirectory();
        InMemoryDelegationStore store = new InMemoryDelegationStore();
        InMemorySessionIssuer sessions = new InMemorySessionIssuer();
        InMemoryNotifier mailbox = new InMemoryNotifier();
        PartnerDelegation delegation = PartnerDelegation.builder()
                .tenantDirectory(tenants)
                .delegationStore(store)
                .sessionIssuer(sessions)
                .clock(clock)
                .random(random)
                .settings(settings)
                .build();
        OutboxDispatcher dispatcher = OutboxDispatcher.builder()
                .delegationStore(store)
                .tenantDirectory(tenants)
                .notifier(mailbox)
                .clock(clock)
                .random(random)
                .settings(settings)
                .build();
        return new InMemoryWiring(tenants, store, sessions, mailbox, delegation, dispatcher);
    }
}
