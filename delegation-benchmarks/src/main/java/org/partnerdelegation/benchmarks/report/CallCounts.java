package org.partnerdelegation.benchmarks.report;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.partnerdelegation.benchmarks.BenchmarkDatabase;
import org.partnerdelegation.benchmarks.BenchmarkStorage;
import org.partnerdelegation.benchmarks.FreshCustomers;
import org.partnerdelegation.benchmarks.ListData;
import org.partnerdelegation.benchmarks.OpenInvitations;
import org.partnerdelegation.benchmarks.SessionData;
import org.partnerdelegation.benchmarks.UseCases;
import org.partnerdelegation.benchmarks.counting.Counts;
import org.partnerdelegation.benchmarks.counting.StatementCounter;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.usecase.AccountListEntry;

/**
 * What one call of each use case sends to the database, library and floor: each use case run a
 * few times through a {@link org.partnerdelegation.benchmarks.counting.CountingPool}, outside
 * JMH, on the benchmarks' data (the account list at 1,000 customers), after a few calls that
 * are not counted. Add and delete are counted apart.
 */
final class CallCounts {

    /** The use cases counted, in the report's order. */
    static final List<String> USE_CASES = List.of(UseCase.VALID_SESSION, UseCase.UNKNOWN_SESSION, UseCase.FIRST_PAGE,
            UseCase.MIDDLE_PAGE, UseCase.LAST_PAGE, UseCase.LOGIN, UseCase.ADD, UseCase.DELETE, UseCase.ACCEPT);

    private static final int WARM = 5;
    private static final int COUNTED = 20;

    private CallCounts() {
    }

    /** Per use case, per implementation ({@code library}, {@code floor}): what one call sends. */
    static Map<String, Map<String, Counts.PerCall>> measure(String storage) {
        Map<String, Map<String, Counts.PerCall>> byUseCase = new LinkedHashMap<>();
        BenchmarkDatabase db = SessionData.fresh(storage, "counts");
        BenchmarkDatabase listDb = ListData.database(storage, 1_000);
        try {
            long first = 1_000_001;
            for (String impl : List.of(BenchmarkStorage.LIBRARY, BenchmarkStorage.FLOOR)) {
                StatementCounter counter = new StatementCounter();
                try (BenchmarkStorage target = BenchmarkStorage.counting(db, impl, counter);
                     BenchmarkStorage lists = BenchmarkStorage.counting(listDb, impl, counter)) {
                    Map<String, Counts.PerCall> counted = count(counter, target.calls(), lists.calls(), db, listDb, first);
                    counted.forEach((useCase, perCall) -> byUseCase.computeIfAbsent(useCase, k -> new LinkedHashMap<>()).put(impl, perCall));
                }
                first += 1_000_000;
            }
        } finally {
            db.drop();
            listDb.drop();
        }
        return byUseCase;
    }

    private static Map<String, Counts.PerCall> count(StatementCounter counter, UseCases calls, UseCases lists, BenchmarkDatabase db,
                                                     BenchmarkDatabase listDb, long first) {
        Map<String, Counts.PerCall> counted = new LinkedHashMap<>();
        Principal admin = SessionData.partnerAdmin();
        counted.put(UseCase.VALID_SESSION, repeat(counter, () -> calls.validateSession(SessionData.validToken())));
        counted.put(UseCase.UNKNOWN_SESSION, repeat(counter, () -> calls.validateSession(SessionData.unknownToken())));
        ListData pages = ListData.pages(listDb, 1_000);
        counted.put(UseCase.FIRST_PAGE, repeat(counter, () -> lists.listAccounts(admin, pages.first())));
        counted.put(UseCase.MIDDLE_PAGE, repeat(counter, () -> lists.listAccounts(admin, pages.middle())));
        counted.put(UseCase.LAST_PAGE, repeat(counter, () -> lists.listAccounts(admin, pages.last())));
        long[] loginUser = {0};
        counted.put(UseCase.LOGIN, repeat(counter, () -> calls.loginToCustomer(SessionData.loginUser(loginUser[0]++),
                SessionData.delegationId(SessionData.BENCHMARKED))));

        List<Tenant> customers = new FreshCustomers(db, first).make(WARM + COUNTED);
        Counts added = new Counts(0, 0, 0, 0, 0);
        Counts deleted = added;
        for (int i = 0; i < customers.size(); i++) {
            Counts before = counter.snapshot();
            AccountListEntry row = calls.addCustomerAccount(admin, customers.get(i).administratorEmail());
            Counts between = counter.snapshot();
            calls.deleteAccount(admin, row.delegationId());
            if (i >= WARM) {
                added = sum(added, between.minus(before));
                deleted = sum(deleted, counter.snapshot().minus(between));
            }
        }
        counted.put(UseCase.ADD, added.per(COUNTED));
        counted.put(UseCase.DELETE, deleted.per(COUNTED));

        List<OpenInvitations.Invite> invites = new OpenInvitations(db, first + 500_000).make(WARM + COUNTED);
        int[] next = {0};
        counted.put(UseCase.ACCEPT, repeat(counter, () -> {
            OpenInvitations.Invite invite = invites.get(next[0]++);
            return calls.acceptInvitation(invite.invited(), invite.token());
        }));
        return counted;
    }

    private static Counts.PerCall repeat(StatementCounter counter, Supplier<?> call) {
        for (int i = 0; i < WARM; i++) {
            call.get();
        }
        Counts before = counter.snapshot();
        for (int i = 0; i < COUNTED; i++) {
            call.get();
        }
        return counter.snapshot().minus(before).per(COUNTED);
    }

    private static Counts sum(Counts a, Counts b) {
        return new Counts(a.statements() + b.statements(), a.commits() + b.commits(), a.rollbacks() + b.rollbacks(),
                a.transactions() + b.transactions(), a.roundTrips() + b.roundTrips());
    }

    /** Tries it out: {@code CallCounts [h2|postgresql]}. */
    public static void main(String[] args) {
        for (String storage : args.length == 0 ? new String[] {BenchmarkDatabase.H2} : args) {
            measure(storage).forEach((useCase, byImpl) -> System.out.println(storage + " " + useCase + " " + byImpl));
        }
        System.out.println(ManagementFactory.getRuntimeMXBean().getUptime() + " ms");
        System.exit(0);
    }

    /** Names of the use cases as the report shows them. */
    static final class UseCase {
        static final String VALID_SESSION = "validateSession, valid token";
        static final String UNKNOWN_SESSION = "validateSession, unknown token";
        static final String FIRST_PAGE = "listAccounts, first page";
        static final String MIDDLE_PAGE = "listAccounts, middle page";
        static final String LAST_PAGE = "listAccounts, last page";
        static final String LOGIN = "loginToCustomer";
        static final String ADD = "addCustomerAccount";
        static final String DELETE = "deleteAccount";
        static final String ACCEPT = "acceptInvitation";

        private UseCase() {
        }
    }
}
