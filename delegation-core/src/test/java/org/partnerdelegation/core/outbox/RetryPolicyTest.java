package org.partnerdelegation.core.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.DelegationException;

class RetryPolicyTest {

    @Test
    void backoffDoublesFromTheInitialWaitUpToTheMaximum() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofSeconds(30), Duration.ofMinutes(5));
        assertThat(policy.backoffAfter(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.backoffAfter(2)).isEqualTo(Duration.ofMinutes(1));
        assertThat(policy.backoffAfter(3)).isEqualTo(Duration.ofMinutes(2));
        assertThat(policy.backoffAfter(4)).isEqualTo(Duration.ofMinutes(4));
        assertThat(policy.backoffAfter(5)).isEqualTo(Duration.ofMinutes(5));
        assertThat(policy.backoffAfter(1000)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void allowsExactlyMaxAttemptsInAll() {
        RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(policy.allowsAnotherAfter(1)).isTrue();
        assertThat(policy.allowsAnotherAfter(2)).isTrue();
        assertThat(policy.allowsAnotherAfter(3)).isFalse();
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(1))).isInstanceOf(DelegationException.class);
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ZERO, Duration.ofSeconds(1))).isInstanceOf(DelegationException.class);
        assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofSeconds(2), Duration.ofSeconds(1))).isInstanceOf(DelegationException.class);
    }
}
