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
import org.partnerdelegation.core.usecase.AccountListEntry;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.Page;

/**
 * {@code listAccounts}: one page of {@value AccountQuery#DEFAULT_LIMIT} rows of a partner with
 * {@code customers} open accounts ({@link ListData}), the first page, the page starting at the
 * middle row and the last page, the later two by the cursor of the row before them (keyset
 * paging: the cost of a page should not depend on how deep it is).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class ListAccountsBenchmark {

    @Param({BenchmarkDatabase.H2, BenchmarkDatabase.POSTGRESQL})
    public String storage;

    @Param({BenchmarkStorage.LIBRARY, BenchmarkStorage.FLOOR})
    public String impl;

    @Param({"1000", "100000"})
    public int customers;

    private BenchmarkDatabase db;
    private BenchmarkStorage target;
    private UseCases calls;
    private ListData pages;

    @Setup(Level.Trial)
    public void open() {
        db = ListData.database(storage, customers);
        target = BenchmarkStorage.open(db, impl);
        calls = target.calls();
        pages = ListData.pages(db, customers);
        for (AccountQuery page : new AccountQuery[] {pages.first(), pages.middle(), pages.last()}) {
            if (calls.listAccounts(pages.partnerAdmin(), page).items().size() != AccountQuery.DEFAULT_LIMIT) {
                throw new IllegalStateException("a page does not hold " + AccountQuery.DEFAULT_LIMIT + " rows");
            }
        }
        if (calls.listAccounts(pages.partnerAdmin(), pages.last()).hasNext()) {
            throw new IllegalStateException("the last page says more rows follow");
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        target.close();
        db.drop();
    }

    @Benchmark
    public Page<AccountListEntry> firstPage() {
        return calls.listAccounts(pages.partnerAdmin(), pages.first());
    }

    @Benchmark
    public Page<AccountListEntry> middlePage() {
        return calls.listAccounts(pages.partnerAdmin(), pages.middle());
    }

    @Benchmark
    public Page<AccountListEntry> lastPage() {
        return calls.listAccounts(pages.partnerAdmin(), pages.last());
    }
}
