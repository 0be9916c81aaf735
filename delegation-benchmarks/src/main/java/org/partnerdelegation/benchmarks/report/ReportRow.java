package org.partnerdelegation.benchmarks.report;

import java.util.List;
import org.partnerdelegation.benchmarks.report.CallCounts.UseCase;

/**
 * The report's rows: which benchmark each timed row is, and which counted calls it is made of
 * (the account list's statements do not depend on its length, so both lengths show the counts
 * taken at 1,000).
 *
 * @param label     as the report shows it
 * @param benchmark {@code Class.method} of the JMH benchmark
 * @param customers the {@code customers} parameter, {@code ""} where there is none
 * @param counted   the counted use cases one operation is made of
 */
record ReportRow(String label, String benchmark, String customers, List<String> counted) {

    static final String FIRST_PAGE = "ListAccountsBenchmark.firstPage";
    static final String MIDDLE_PAGE = "ListAccountsBenchmark.middlePage";
    static final String LAST_PAGE = "ListAccountsBenchmark.lastPage";
    static final String VALID_TOKEN = "ValidateSessionBenchmark.validToken";
    static final String UNKNOWN_TOKEN = "ValidateSessionBenchmark.unknownToken";
    static final String LOGIN = "LoginBenchmark.login";

    static final List<ReportRow> ALL = List.of(
            new ReportRow("validateSession, valid token", VALID_TOKEN, "", List.of(UseCase.VALID_SESSION)),
            new ReportRow("validateSession, unknown token", UNKNOWN_TOKEN, "", List.of(UseCase.UNKNOWN_SESSION)),
            new ReportRow("listAccounts, first page of 1,000", FIRST_PAGE, "1000", List.of(UseCase.FIRST_PAGE)),
            new ReportRow("listAccounts, middle page of 1,000", MIDDLE_PAGE, "1000", List.of(UseCase.MIDDLE_PAGE)),
            new ReportRow("listAccounts, last page of 1,000", LAST_PAGE, "1000", List.of(UseCase.LAST_PAGE)),
            new ReportRow("listAccounts, first page of 100,000", FIRST_PAGE, "100000", List.of(UseCase.FIRST_PAGE)),
            new ReportRow("listAccounts, middle page of 100,000", MIDDLE_PAGE, "100000", List.of(UseCase.MIDDLE_PAGE)),
            new ReportRow("listAccounts, last page of 100,000", LAST_PAGE, "100000", List.of(UseCase.LAST_PAGE)),
            new ReportRow("loginToCustomer", LOGIN, "", List.of(UseCase.LOGIN)),
            new ReportRow("addCustomerAccount + deleteAccount", "CustomerAccountBenchmark.addThenDelete", "",
                    List.of(UseCase.ADD, UseCase.DELETE)),
            new ReportRow("acceptInvitation", "AcceptInvitationBenchmark.accept", "", List.of(UseCase.ACCEPT)));
}
