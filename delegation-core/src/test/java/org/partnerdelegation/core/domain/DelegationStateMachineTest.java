package org.partnerdelegation.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DelegationStateMachineTest {

    private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);

    private static Delegation pending() {
        Tenant customer = new Tenant(TenantId.of("customer-1"), AccountNumber.of("C-1"), EmailAddress.of("admin@customer1.example"), false);
        return Delegation.pending(DelegationId.of(UUID.randomUUID()), TenantId.of("partner-1"), customer, T0);
    }

    @Test
    void newDelegationIsPendingAtVersionZeroWithTheCustomersAccount() {
        Delegation d = pending();
        assertThat(d.status()).isEqualTo(DelegationStatus.PENDING);
        assertThat(d.version()).isZero();
        assertThat(d.customerEmail().value()).isEqualTo("admin@customer1.example");
        assertThat(d.customerAccountNumber().value()).isEqualTo("C-1");
        assertThat(d.createdAt()).isEqualTo(T0);
        assertThat(d.acceptedAt()).isEmpty();
    }

    @Test
    void acceptingConnectsAndRecordsWhen() {
        Delegation accepted = pending().accept(T1);
        assertThat(accepted.status()).isEqualTo(DelegationStatus.CONNECTED);
        assertThat(accepted.acceptedAt()).contains(T1);
        assertThat(accepted.updatedAt()).isEqualTo(T1);
        assertThat(accepted.version()).isEqualTo(1);
    }

    @Test
    void pendingMayBeDeclinedExpiredOrRemoved() {
        assertThat(pending().decline(T1).status()).isEqualTo(DelegationStatus.DECLINED);
        assertThat(pending().expire(T1).status()).isEqualTo(DelegationStatus.EXPIRED);
        assertThat(pending().remove(T1).status()).isEqualTo(DelegationStatus.REMOVED);
    }

    @Test
    void connectedMayOnlyBeRemoved() {
        Delegation connected = pending().accept(T1);
        assertThat(connected.remove(T1).status()).isEqualTo(DelegationStatus.REMOVED);
        assertThat(connected.remove(T1).acceptedAt()).contains(T1);
        assertThatThrownBy(() -> connected.decline(T1)).isInstanceOf(DelegationException.class)
                .satisfies(e -> assertThat(((DelegationException) e).code()).isEqualTo(ErrorCode.NOT_PENDING));
        assertThatThrownBy(() -> connected.expire(T1)).isInstanceOf(DelegationException.class);
        assertThatThrownBy(() -> connected.accept(T1)).isInstanceOf(DelegationException.class);
    }

    @ParameterizedTest
    @EnumSource(value = DelegationStatus.class, names = {"DECLINED", "EXPIRED", "REMOVED"})
    void finalStatesAllowNoTransition(DelegationStatus finalState) {
        assertThat(finalState.isFinal()).isTrue();
        for (DelegationStatus target : DelegationStatus.values()) {
            assertThat(finalState.canBecome(target)).as("%s -> %s", finalState, target).isFalse();
        }
    }

    @Test
    void transitionTableIsExactlyTheDesignedOne() {
        assertThat(DelegationStatus.PENDING.canBecome(DelegationStatus.CONNECTED)).isTrue();
        assertThat(DelegationStatus.PENDING.canBecome(DelegationStatus.DECLINED)).isTrue();
        assertThat(DelegationStatus.PENDING.canBecome(DelegationStatus.EXPIRED)).isTrue();
        assertThat(DelegationStatus.PENDING.canBecome(DelegationStatus.REMOVED)).isTrue();
        assertThat(DelegationStatus.PENDING.canBecome(DelegationStatus.PENDING)).isFalse();
        assertThat(DelegationStatus.CONNECTED.canBecome(DelegationStatus.REMOVED)).isTrue();
        assertThat(DelegationStatus.CONNECTED.canBecome(DelegationStatus.DECLINED)).isFalse();
        assertThat(DelegationStatus.CONNECTED.canBecome(DelegationStatus.EXPIRED)).isFalse();
        assertThat(DelegationStatus.CONNECTED.canBecome(DelegationStatus.PENDING)).isFalse();
        assertThat(DelegationStatus.OPEN).containsExactlyInAnyOrder(DelegationStatus.PENDING, DelegationStatus.CONNECTED);
    }

    @Test
    void removingAnEndedDelegationLooksLikeNotFound() {
        Delegation removed = pending().remove(T1);
        assertThatThrownBy(() -> removed.remove(T1))
                .isInstanceOf(DelegationException.class)
                .satisfies(e -> assertThat(((DelegationException) e).code()).isEqualTo(ErrorCode.DELEGATION_NOT_FOUND));
    }
}
