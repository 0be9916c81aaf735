package org.partnerdelegation.benchmarks;

import java.security.SecureRandom;
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
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.usecase.PartnerDelegation;

/**
 * {@code validateSession}, which a host calls on every request a delegated session makes: with the
 * bearer token of a live session (parse, hash, look the session up, check its delegation is
 * CONNECTED, its partner still holds the permission and has not lost it since the login: the
 * permission epoch), and with a well-formed token no session has (parse, hash, one lookup that
 * finds nothing). The setup accepts the invitation as the invited account (an administrator with
 * the customer's administrator email verified) and builds the dispatcher from the facade.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class ValidateSessionBenchmark {

    @Param({BenchmarkStorage.MEMORY, BenchmarkStorage.H2})
    public String storage;

    private BenchmarkStorage adapters;
    private PartnerDelegation delegation;
    private String validToken;
    private String unknownToken;

    /** One partner connected to one customer, and a partner administrator logged in to it. */
    @Setup(Level.Trial)
    public void logIn() {
        adapters = BenchmarkStorage.open(storage);
        delegation = adapters.facade();
        InvitationInbox inbox = new InvitationInbox();
        Tenant partner = adapters.register(BenchmarkStorage.partner(1));
        Tenant customer = adapters.register(BenchmarkStorage.customer(1));
        DelegationId id = delegation.addCustomerAccount(BenchmarkStorage.adminOf(partner), customer.administratorEmail())
                .delegationId();
        BenchmarkStorage.dispatcher(delegation, inbox).drain();
        delegation.acceptInvitation(BenchmarkStorage.adminOf(customer),
                inbox.take(customer.administratorEmail()).orElseThrow(() -> new IllegalStateException("no invitation")));
        validToken = delegation.loginToCustomer(BenchmarkStorage.adminOf(partner), id).token().reveal();
        unknownToken = SecretToken.generate(new SecureRandom()).reveal();
        if (delegation.validateSession(validToken).isEmpty() || delegation.validateSession(unknownToken).isPresent()) {
            throw new IllegalStateException("the session tokens do not validate as the benchmark expects");
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        adapters.close();
    }

    @Benchmark
    public Optional<DelegatedSession> validToken() {
        return delegation.validateSession(validToken);
    }

    @Benchmark
    public Optional<DelegatedSession> unknownToken() {
        return delegation.validateSession(unknownToken);
    }
}
