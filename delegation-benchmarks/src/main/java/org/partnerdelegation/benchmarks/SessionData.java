package org.partnerdelegation.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.Delegation;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.SessionId;
import org.partnerdelegation.core.domain.Tenant;

/**
 * The data of validateSession and loginToCustomer, also the base every write benchmark starts
 * from: partner 1 CONNECTED to customers 1 to {@value #CUSTOMERS}, with one live session of its
 * administrator into each (valid for a day, the length of any run). The benchmarks use customer
 * {@value #BENCHMARKED}'s delegation and session. Ids and tokens are derived from the customer's
 * number, so any process can name them.
 */
public final class SessionData {

    /** Customers connected to partner 1. */
    public static final int CUSTOMERS = 1_000;
    /** The customer whose session is validated and whose tenant the partner logs in to. */
    public static final int BENCHMARKED = 500;

    private SessionData() {
    }

    /** The shared database of the validateSession benchmarks (on H2, a fresh one), loaded. */
    public static BenchmarkDatabase shared(String storage) {
        return BenchmarkDatabase.shared(storage, "pd_sessions", SessionData::load);
    }

    /** A fresh database with this data, for a benchmark that writes. */
    public static BenchmarkDatabase fresh(String storage, String purpose) {
        BenchmarkDatabase db = BenchmarkDatabase.fresh(storage, purpose);
        load(db);
        return db;
    }

    /** Loads the partner, its customers, their CONNECTED delegations and the sessions, then refreshes the statistics. */
    public static void load(BenchmarkDatabase db) {
        Tenant partner = Fixtures.partner(1);
        Principal admin = partnerAdmin();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        List<Tenant> tenants = new ArrayList<>(CUSTOMERS + 1);
        List<Delegation> delegations = new ArrayList<>(CUSTOMERS);
        List<DelegatedSession> sessions = new ArrayList<>(CUSTOMERS);
        tenants.add(partner);
        for (int n = 1; n <= CUSTOMERS; n++) {
            Tenant customer = Fixtures.customer(n);
            Delegation connected = Delegation.pending(delegationId(n), partner.id(), customer, now).accept(now);
            tenants.add(customer);
            delegations.add(connected);
            sessions.add(new DelegatedSession(SessionId.of(UUID.randomUUID()), Fixtures.token("session-" + n).hash(), connected.id(),
                    customer.id(), customer.administratorEmail(), partner.id(), admin.userId(), DelegatedSession.TENANT_ADMINISTRATOR_SCOPE,
                    0, now, now.plus(Duration.ofDays(1)), Optional.empty()));
        }
        try (DataLoader loader = DataLoader.open(db)) {
            loader.tenants(tenants).delegations(delegations).sessions(sessions).analyze();
        }
    }

    /** Partner 1's administrator. */
    public static Principal partnerAdmin() {
        return Fixtures.adminOf(Fixtures.partner(1));
    }

    /**
     * Administrator number {@code n} of partner 1: the login benchmarks log in as another user each call, as many
     * people do; one user logging in again and again would meet the login rate (30 a minute) and the cap on live
     * sessions (5), which the benchmark does not measure. Each has just stepped up (a password and a one-time code,
     * now), as a delegated login asks; library and floor check it alike.
     */
    public static Principal loginUser(long n) {
        return Principal.administrator(Fixtures.partner(1).id(), org.partnerdelegation.core.domain.UserId.of("admin-" + n + "-of-partner-1"))
                .withAuthentication(org.partnerdelegation.core.domain.Authentication.of(java.time.Instant.now(), "pwd", "otp"));
    }

    /** The id of partner 1's delegation to customer {@code n}. */
    public static DelegationId delegationId(int n) {
        return DelegationId.of(UUID.nameUUIDFromBytes(("delegation-" + n).getBytes(StandardCharsets.UTF_8)));
    }

    /** The bearer token of the live session into customer {@value #BENCHMARKED}. */
    public static String validToken() {
        return Fixtures.token("session-" + BENCHMARKED).reveal();
    }

    /** A well-formed token no session has. */
    public static String unknownToken() {
        return Fixtures.token("no-such-session").reveal();
    }
}
