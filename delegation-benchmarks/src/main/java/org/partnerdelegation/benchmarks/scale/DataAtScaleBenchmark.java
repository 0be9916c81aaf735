package org.partnerdelegation.benchmarks.scale;

import java.util.List;
import java.util.Optional;
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
import org.partnerdelegation.benchmarks.BenchmarkDatabase;
import org.partnerdelegation.benchmarks.SessionData;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.usecase.AccountListEntry;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.Page;
import org.partnerdelegation.core.usecase.PartnerDelegation;

/**
 * The hot paths on a scale database of {@code delegations} delegations and ten audit events each
 * ({@link ScaleShape#of}), the library as a host builds it: {@code validateSession} of one of
 * {@value ScalePlan#LIVE_SESSIONS} live sessions spread over the whole table, in turn;
 * {@code loginToCustomer} of the large partner to one of its CONNECTED customers, in turn, each
 * call another administrator's; its account list's first, middle and last page (keyset paging);
 * and the first page of its audit trail of the last 30 days. The large partner is the same size
 * whatever the database's size, so the ratio between two sizes is what the data around it costs.
 * Each login leaves a session and an audit event behind.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DataAtScaleBenchmark {

    @Param({"10000", "1000000"})
    public int delegations;

    private BenchmarkDatabase db;
    private ScaleData.Library library;
    private PartnerDelegation calls;
    private ScaleData data;
    private int nextToken;
    private long nextUser;

    @Setup(Level.Trial)
    public void open() {
        db = ScaleData.database(delegations, loaded -> { });
        library = ScaleData.library(db);
        calls = library.facade();
        data = ScaleData.of(db, ScaleShape.of(delegations));
        for (AccountQuery page : List.of(data.first(), data.middle(), data.last())) {
            if (calls.listAccounts(data.partnerAdmin(), page).items().size() != AccountQuery.DEFAULT_LIMIT) {
                throw new IllegalStateException("a page does not hold " + AccountQuery.DEFAULT_LIMIT + " rows");
            }
        }
        if (calls.listAccounts(data.partnerAdmin(), data.last()).hasNext()) {
            throw new IllegalStateException("the last page says more rows follow");
        }
        for (String token : data.liveTokens()) {
            if (calls.validateSession(token).isEmpty()) {
                throw new IllegalStateException("a loaded live session does not validate");
            }
        }
        if (calls.auditTrailOfTenant(data.partnerAdmin(), data.partner(), data.auditRange()).items().isEmpty()) {
            throw new IllegalStateException("the large partner's audit trail of the last 30 days is empty");
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        library.close();
    }

    @Benchmark
    public Optional<DelegatedSession> validateSession() {
        String[] tokens = data.liveTokens();
        return calls.validateSession(tokens[nextToken++ % tokens.length]);
    }

    @Benchmark
    public IssuedSession login() {
        long user = nextUser++;
        return calls.loginToCustomer(SessionData.loginUser(user), data.loginTo()[(int) (user % data.loginTo().length)]);
    }

    @Benchmark
    public Page<AccountListEntry> firstPage() {
        return calls.listAccounts(data.partnerAdmin(), data.first());
    }

    @Benchmark
    public Page<AccountListEntry> middlePage() {
        return calls.listAccounts(data.partnerAdmin(), data.middle());
    }

    @Benchmark
    public Page<AccountListEntry> lastPage() {
        return calls.listAccounts(data.partnerAdmin(), data.last());
    }

    @Benchmark
    public Page<AuditEvent> auditPage() {
        return calls.auditTrailOfTenant(data.partnerAdmin(), data.partner(), data.auditRange());
    }
}
