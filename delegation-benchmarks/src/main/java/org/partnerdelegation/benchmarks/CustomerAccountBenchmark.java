package org.partnerdelegation.benchmarks;

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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.usecase.AccountListEntry;

/**
 * {@code addCustomerAccount} then {@code deleteAccount} of a customer the partner never had, on a
 * fresh database of {@link SessionData}: one operation is both use cases (the PENDING delegation,
 * its audit event and the invitation in the outbox; then the removal, its audit event and the
 * removal notice to the partner; the customer, whose invitation was never mailed since the outbox
 * is never drained here, is told nothing). The customers are {@link FreshCustomers}, made ahead of
 * the measured iterations ({@link Consumables}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class CustomerAccountBenchmark {

    @Param({BenchmarkDatabase.H2, BenchmarkDatabase.POSTGRESQL})
    public String storage;

    @Param({BenchmarkStorage.LIBRARY, BenchmarkStorage.FLOOR})
    public String impl;

    private BenchmarkDatabase db;
    private BenchmarkStorage target;
    private UseCases calls;
    private Principal partnerAdmin;
    private Consumables<Tenant> customers;

    @Setup(Level.Trial)
    public void open() {
        db = SessionData.fresh(storage, "accounts");
        target = BenchmarkStorage.open(db, impl);
        calls = target.calls();
        partnerAdmin = SessionData.partnerAdmin();
        FreshCustomers fresh = new FreshCustomers(db, 1_000_001);
        customers = new Consumables<>("CustomerAccountBenchmark", fresh::make);
        customers.make(storage.equals(BenchmarkDatabase.H2) ? 5_000 : 1_000);
    }

    @Setup(Level.Iteration)
    public void topUp(IterationParams iteration) {
        customers.beforeIteration(iteration);
    }

    @TearDown(Level.Iteration)
    public void iterationDone(BenchmarkParams benchmark, IterationParams iteration) {
        customers.afterIteration(benchmark, iteration);
    }

    @TearDown(Level.Trial)
    public void close() {
        target.close();
        db.drop();
    }

    @Benchmark
    public AccountListEntry addThenDelete(Shortfall shortfall) {
        Tenant customer = customers.take();
        shortfall.madeInMeasuredCalls = customers.madeInline();
        AccountListEntry row = calls.addCustomerAccount(partnerAdmin, customer.administratorEmail());
        calls.deleteAccount(partnerAdmin, row.delegationId());
        return row;
    }
}
