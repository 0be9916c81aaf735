package org.partnerdelegation.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.operator;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.DelegationHarness;
import org.partnerdelegation.core.contract.ErrorCodeContract;
import org.partnerdelegation.core.contract.ScenarioSupport;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.AuditEventType;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.NotificationId;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.OutboxEntry;
import org.partnerdelegation.core.domain.OutboxStatus;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.port.DelegationStore;
import org.partnerdelegation.core.usecase.AccountListEntry;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.contract.AuditTrails;

/**
 * The error codes over the in-memory adapters, plus how the facade handles the adapter-level
 * codes: a unit of work that lost an optimistic race ({@code CONCURRENT_UPDATE}) is run again,
 * a storage failure is not.
 */
class InMemoryErrorCodeTest extends ErrorCodeContract {

    private static final Tenant PARTNER = partner(1);
    /** A customer the contract's world leaves without any delegation. */
    private static final Tenant LONE_CUSTOMER = customer(6);

    private FailingStore store;

    @Override
    protected AdapterFixture newFixture() {
        return new InMemoryAdapterFixture(real -> store = new FailingStore(real), UnaryOperator.identity());
    }

    @Test
    void facadeRetriesAUnitOfWorkThatFailsOnceWithConcurrentUpdate() {
        DelegationHarness h = harness();
        store.failNext(1, ErrorCode.CONCURRENT_UPDATE);

        AccountListEntry row = h.delegation.addCustomerAccount(adminOf(PARTNER), LONE_CUSTOMER.administratorEmail());

        assertThat(store.injected()).isEqualTo(1);
        assertThat(row.status()).isEqualTo(DelegationStatus.PENDING);
        assertThat(AuditTrails.whole(h.delegation, operator(), row.delegationId())).extracting(AuditEvent::type)
                .containsExactly(AuditEventType.CUSTOMER_ADDED);
        List<OutboxEntry> invitations = h.adapters.delegationStore().outboxEntries(OutboxStatus.PENDING, 100).stream()
                .filter(e -> e.recipient().equals(LONE_CUSTOMER.administratorEmail())).toList();
        assertThat(invitations).as("the rolled-back attempt left no outbox entry")
                .singleElement().satisfies(e -> assertThat(e.delegationId()).isEqualTo(row.delegationId()));
        assertThat(ScenarioSupport.mailTypesOf(h, LONE_CUSTOMER)).containsExactly(NotificationType.INVITATION);
    }

    @Test
    void acceptanceSucceedsAfterOneLostRace() {
        DelegationHarness h = harness();
        DelegationId id = h.delegation.addCustomerAccount(adminOf(PARTNER), LONE_CUSTOMER.administratorEmail()).delegationId();
        String token = ScenarioSupport.invitationTokenOf(h, id);
        store.failNext(1, ErrorCode.CONCURRENT_UPDATE);

        assertThat(h.delegation.acceptInvitation(adminOf(LONE_CUSTOMER), token).status()).isEqualTo(DelegationStatus.CONNECTED);

        assertThat(store.injected()).isEqualTo(1);
        assertThat(AuditTrails.whole(h.delegation, operator(), id)).extracting(AuditEvent::type)
                .containsExactly(AuditEventType.CUSTOMER_ADDED, AuditEventType.INVITATION_ACCEPTED);
        assertThat(ScenarioSupport.mailTypesOf(h, LONE_CUSTOMER))
                .containsExactly(NotificationType.INVITATION, NotificationType.ACCEPTANCE_CONFIRMATION);
    }

    @Test
    void loginSucceedsAfterOneLostRace() {
        DelegationHarness h = harness();
        DelegationId id = h.connect(PARTNER, LONE_CUSTOMER);
        store.failNext(1, ErrorCode.CONCURRENT_UPDATE);

        IssuedSession issued = h.delegation.loginToCustomer(adminOf(PARTNER), id);

        assertThat(store.injected()).isEqualTo(1);
        assertThat(h.delegation.validateSession(issued.token().reveal())).contains(issued.session());
        assertThat(AuditTrails.whole(h.delegation, operator(), id)).extracting(AuditEvent::type)
                .containsExactly(AuditEventType.CUSTOMER_ADDED, AuditEventType.INVITATION_ACCEPTED, AuditEventType.DELEGATED_LOGIN);
    }

    @Test
    void facadeGivesUpAfterRepeatedConflictsAndLeavesNothingBehind() {
        DelegationHarness h = harness();

        DelegationException refusal = assertRefusedWithoutChange(ErrorCode.CONCURRENT_UPDATE, () -> {
            store.failNext(Integer.MAX_VALUE, ErrorCode.CONCURRENT_UPDATE);
            try {
                h.delegation.addCustomerAccount(adminOf(PARTNER), LONE_CUSTOMER.administratorEmail());
            } finally {
                store.failNext(0, ErrorCode.CONCURRENT_UPDATE);
            }
        });

        assertThat(store.injected()).as("retried, but not forever").isBetween(2, 10);
        assertThat(refusal.getMessage()).contains("injected");
    }

    @Test
    void storageUnavailableIsNotRetried() {
        DelegationHarness h = harness();

        assertRefusedWithoutChange(ErrorCode.STORAGE_UNAVAILABLE, () -> {
            store.failNext(1, ErrorCode.STORAGE_UNAVAILABLE);
            h.delegation.addCustomerAccount(adminOf(PARTNER), LONE_CUSTOMER.administratorEmail());
        });

        assertThat(store.injected()).isEqualTo(1);
    }

    /**
     * Delegates to the real store; when told to, lets a unit of work do all its writes and then
     * fails it, as a database does when the commit loses a race, so the real store rolls back.
     */
    private static final class FailingStore implements DelegationStore {
        private final DelegationStore delegate;
        private final AtomicInteger remaining = new AtomicInteger();
        private final AtomicInteger injected = new AtomicInteger();
        private volatile ErrorCode code = ErrorCode.CONCURRENT_UPDATE;

        FailingStore(DelegationStore delegate) {
            this.delegate = delegate;
        }

        void failNext(int units, ErrorCode failure) {
            code = failure;
            remaining.set(units);
        }

        int injected() {
            return injected.get();
        }

        @Override
        public <T> T inTransaction(UnitOfWork<T> work) {
            return delegate.inTransaction(tx -> {
                T result = work.run(tx);
                if (remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                    injected.incrementAndGet();
                    throw new DelegationException(code, "injected " + code + " at commit");
                }
                return result;
            });
        }

        @Override
        public List<OutboxEntry> claimDueNotifications(Instant now, Duration lease, int limit) {
            return delegate.claimDueNotifications(now, lease, limit);
        }

        @Override
        public boolean recordFailure(NotificationId id, int attempt, String error, Optional<Instant> retryAt) {
            return delegate.recordFailure(id, attempt, error, retryAt);
        }

        @Override
        public boolean markDiscarded(NotificationId id, int attempt, String reason) {
            return delegate.markDiscarded(id, attempt, reason);
        }

        @Override
        public List<OutboxEntry> outboxEntries(OutboxStatus status, int limit) {
            return delegate.outboxEntries(status, limit);
        }
    }
}
