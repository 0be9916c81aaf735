package org.partnerdelegation.benchmarks;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.usecase.AccountListEntry;
import org.partnerdelegation.core.usecase.PartnerDelegation;

/**
 * {@code addCustomerAccount} then {@code deleteAccount} of a customer the partner never had: one
 * operation is both use cases (two units of work: the PENDING delegation, its audit event and the
 * invitation in the outbox; then the removal, its audit event and the removal notice to the
 * partner; the customer, whose invitation was never mailed since the outbox is never drained here,
 * is told nothing). A customer the partner never had, so the invitation cool-down never applies,
 * though its check (the pair's last invitation) is part of what is measured.
 *
 * <p>Nothing is deleted from the store during a run (no retention is applied): a removed
 * delegation stays in history with its audit events and outbox entries. So that the benchmark does not measure an ever fuller store, every
 * iteration starts on fresh storage. And so that no customer accumulates history of its own (the
 * open-delegation lookup reads the customer's delegations), each operation takes a customer that
 * was registered before the iteration started, not timed: the pool holds twice as many as the
 * previous iteration used. A first warmup iteration that runs out registers more inline; a
 * measurement iteration that had to is reported on standard error.
 *
 * <p>Ten warmup iterations rather than the five of the other benchmarks: on H2 an operation runs
 * fifteen statements (eight to add, the cool-down check among them, and seven to delete), so few
 * run per second that the JIT compiler is still speeding it up after five seconds (it settles
 * after about eight).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
public class CustomerAccountBenchmark {

    private static final int FIRST_POOL = 5_000;

    @Param({BenchmarkStorage.MEMORY, BenchmarkStorage.H2})
    public String storage;

    private BenchmarkStorage adapters;
    private PartnerDelegation delegation;
    private Principal partnerAdmin;
    private final ArrayDeque<Tenant> unlinked = new ArrayDeque<>();
    private long customersRegistered;
    private int used;
    private int usedInPreviousIteration;
    private int registeredInline;
    private IterationType iterationType;

    @Setup(Level.Iteration)
    public void openStorage(IterationParams iteration) {
        adapters = BenchmarkStorage.open(storage);
        delegation = adapters.facade();
        partnerAdmin = BenchmarkStorage.adminOf(adapters.register(BenchmarkStorage.partner(1)));
        unlinked.clear();
        customersRegistered = 0;
        int pool = Math.max(FIRST_POOL, 2 * usedInPreviousIteration);
        for (int i = 0; i < pool; i++) {
            unlinked.add(registerCustomer());
        }
        used = 0;
        registeredInline = 0;
        iterationType = iteration.getType();
    }

    @TearDown(Level.Iteration)
    public void closeStorage() {
        usedInPreviousIteration = used;
        if (registeredInline > 0 && iterationType == IterationType.MEASUREMENT) {
            System.err.printf("CustomerAccountBenchmark: %d of %d customers were registered inside the measured calls%n",
                    registeredInline, used);
        }
        adapters.close();
    }

    @Benchmark
    public AccountListEntry addThenDelete() {
        Tenant customer = unlinked.poll();
        if (customer == null) {
            customer = registerCustomer();
            registeredInline++;
        }
        used++;
        AccountListEntry row = delegation.addCustomerAccount(partnerAdmin, customer.administratorEmail());
        delegation.deleteAccount(partnerAdmin, row.delegationId());
        return row;
    }

    private Tenant registerCustomer() {
        return adapters.register(BenchmarkStorage.customer(++customersRegistered));
    }
}
