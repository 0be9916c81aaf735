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
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.usecase.AccountListEntry;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.Page;
import org.partnerdelegation.core.usecase.PartnerDelegation;

/**
 * {@code listAccounts}, the partner's account list, for a partner with {@value #CUSTOMERS} open
 * (Pending) customer accounts, {@value AccountQuery#DEFAULT_LIMIT} rows a page: the first page,
 * and page {@value #LATER_PAGE} reached with the cursor of the page before it (keyset paging: the
 * store seeks to the cursor rather than skipping the rows before it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class ListAccountsBenchmark {

    static final int CUSTOMERS = 1_000;
    static final int LATER_PAGE = 11;

    @Param({BenchmarkStorage.MEMORY, BenchmarkStorage.H2})
    public String storage;

    private BenchmarkStorage adapters;
    private PartnerDelegation delegation;
    private Principal partnerAdmin;
    private AccountQuery firstPage;
    private AccountQuery laterPage;

    @Setup(Level.Trial)
    public void addCustomers() {
        adapters = BenchmarkStorage.open(storage);
        delegation = adapters.facade();
        Tenant partner = adapters.register(BenchmarkStorage.partner(1));
        partnerAdmin = BenchmarkStorage.adminOf(partner);
        for (int n = 1; n <= CUSTOMERS; n++) {
            Tenant customer = adapters.register(BenchmarkStorage.customer(n));
            delegation.addCustomerAccount(partnerAdmin, customer.administratorEmail());
        }
        firstPage = AccountQuery.firstPage();
        AccountQuery query = firstPage;
        for (int page = 1; page < LATER_PAGE; page++) {
            query = query.after(delegation.listAccounts(partnerAdmin, query).nextCursor()
                    .orElseThrow(() -> new IllegalStateException("the account list ended early")));
        }
        laterPage = query;
        if (delegation.listAccounts(partnerAdmin, firstPage).items().size() != AccountQuery.DEFAULT_LIMIT
                || delegation.listAccounts(partnerAdmin, laterPage).items().size() != AccountQuery.DEFAULT_LIMIT) {
            throw new IllegalStateException("the pages do not hold " + AccountQuery.DEFAULT_LIMIT + " rows");
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        adapters.close();
    }

    @Benchmark
    public Page<AccountListEntry> firstPage() {
        return delegation.listAccounts(partnerAdmin, firstPage);
    }

    @Benchmark
    public Page<AccountListEntry> laterPageByCursor() {
        return delegation.listAccounts(partnerAdmin, laterPage);
    }
}
