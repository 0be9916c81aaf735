package org.partnerdelegation.benchmarks;

import java.util.Objects;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.core.memory.InMemoryDelegationStore;
import org.partnerdelegation.core.memory.InMemorySessionIssuer;
import org.partnerdelegation.core.memory.InMemoryTenantDirectory;
import org.partnerdelegation.core.outbox.OutboxDispatcher;
import org.partnerdelegation.core.port.DelegationStore;
import org.partnerdelegation.core.port.Notifier;
import org.partnerdelegation.core.port.SessionIssuer;
import org.partnerdelegation.core.port.TenantDirectory;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.jdbi.JdbiStorage;

/**
 * The storage a benchmark runs on, named by the {@code storage} parameter: {@value #MEMORY} (the
 * core's in-memory adapters) or {@value #H2} (Jdbi over a private in-memory H2 database, schema
 * installed, through its HikariCP pool). Also the tenants and principals the benchmarks use, as
 * static factories. Not thread-safe to set up; what it hands out is.
 */
final class BenchmarkStorage implements AutoCloseable {

    static final String MEMORY = "memory";
    static final String H2 = "h2";

    private final TenantDirectory tenants;
    private final DelegationStore store;
    private final SessionIssuer sessions;
    private final UnaryOperator<Tenant> register;
    private final Runnable close;

    private BenchmarkStorage(TenantDirectory tenants, DelegationStore store, SessionIssuer sessions,
                             UnaryOperator<Tenant> register, Runnable close) {
        this.tenants = tenants;
        this.store = store;
        this.sessions = sessions;
        this.register = register;
        this.close = close;
    }

    /** Fresh, empty storage of that kind. */
    static BenchmarkStorage open(String kind) {
        Objects.requireNonNull(kind, "kind");
        switch (kind) {
            case MEMORY -> {
                InMemoryTenantDirectory directory = new InMemoryTenantDirectory();
                return new BenchmarkStorage(directory, new InMemoryDelegationStore(), new InMemorySessionIssuer(),
                        directory::register, () -> { });
            }
            case H2 -> {
                // A name of its own, so that no two setups ever share a database.
                JdbiStorage storage = JdbiStorage.inMemory("benchmark-" + UUID.randomUUID());
                return new BenchmarkStorage(storage.tenantDirectory(), storage.delegationStore(), storage.sessionIssuer(),
                        storage.tenantDirectory()::register, storage::close);
            }
            default -> throw new IllegalArgumentException("storage must be " + MEMORY + " or " + H2 + ", got " + kind);
        }
    }

    /** The facade as a host builds it: default SecureRandom, system clock and settings. */
    PartnerDelegation facade() {
        return PartnerDelegation.builder()
                .tenantDirectory(tenants)
                .delegationStore(store)
                .sessionIssuer(sessions)
                .build();
    }

    /**
     * A dispatcher for {@code facade} (its store, directory, clock and settings), delivering the
     * outbox to the given notifier when drained; never started.
     */
    static OutboxDispatcher dispatcher(PartnerDelegation facade, Notifier notifier) {
        return OutboxDispatcher.builder(facade)
                .notifier(notifier)
                .build();
    }

    Tenant register(Tenant tenant) {
        return register.apply(tenant);
    }

    @Override
    public void close() {
        close.run();
    }

    /** Partner number {@code n}: holds the partner permission. */
    static Tenant partner(int n) {
        return new Tenant(TenantId.of("partner-" + n), AccountNumber.of("P-" + (1000 + n)),
                EmailAddress.of("admin@partner" + n + ".example"), true);
    }

    /** Customer number {@code n}: administrator {@code admin@customerN.example}. */
    static Tenant customer(long n) {
        return new Tenant(TenantId.of("customer-" + n), AccountNumber.of("C-" + (2000 + n)),
                EmailAddress.of("admin@customer" + n + ".example"), false);
    }

    /**
     * The tenant's administrator account (the one partners invite), as the host authenticated it:
     * an administrator with the tenant's administrator email as its verified email, so that it
     * may also accept the invitations mailed to that address.
     */
    static Principal adminOf(Tenant tenant) {
        return Principal.administrator(tenant.id(), UserId.of("admin-of-" + tenant.id()))
                .withVerifiedEmail(tenant.administratorEmail());
    }
}
