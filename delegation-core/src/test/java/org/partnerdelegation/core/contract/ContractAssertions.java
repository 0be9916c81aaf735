package org.partnerdelegation.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.ErrorCode;

/** Assertions and values shared by the port contracts. */
public final class ContractAssertions {

    /**
     * {@link MutableClock#START} plus a fraction of a second, kept to microseconds: databases keep
     * microseconds, so every instant a contract writes can come back exactly.
     */
    public static final Instant T0 = at(0, 123_456);

    private ContractAssertions() {
    }

    /** {@link MutableClock#START} plus the given seconds and microseconds. */
    public static Instant at(long seconds, long micros) {
        return MutableClock.START.plusSeconds(seconds).plus(micros, ChronoUnit.MICROS);
    }

    /**
     * Runs {@code call}, asserts that it throws a {@link DelegationException} with the given code,
     * and returns it for further checks.
     */
    public static DelegationException assertFailsWith(ErrorCode code, ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("expected a DelegationException with code %s", code).isInstanceOf(DelegationException.class);
        DelegationException failure = (DelegationException) thrown;
        assertThat(failure.code()).as("code of %s", failure).isEqualTo(code);
        return failure;
    }

    /** Runs {@code call} and asserts that it throws a {@link DelegationException}, whatever its code. */
    public static DelegationException assertFails(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("expected a DelegationException").isInstanceOf(DelegationException.class);
        return (DelegationException) thrown;
    }
}
