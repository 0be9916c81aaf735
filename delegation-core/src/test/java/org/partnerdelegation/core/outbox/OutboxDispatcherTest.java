package org.partnerdelegation.core.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.contract.DelegationHarness;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.Invitation;
import org.partnerdelegation.core.domain.InvitationStatus;
import org.partnerdelegation.core.domain.Notification;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.OutboxEntry;
import org.partnerdelegation.core.domain.OutboxStatus;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.memory.InMemoryAdapterFixture;
import org.partnerdelegation.core.memory.InMemoryTenantDirectory;
import org.partnerdelegation.core.port.TenantDirectory;
import org.partnerdelegation.core.usecase.PartnerDelegation;

/** The harness's dispatcher retries 3 times in all, after 1 then 2 minutes. */
class OutboxDispatcherTest {

    private final Tenant partner = partner(1);
    private final Tenant customer = customer(1);
    private DelegationHarness world;

    @BeforeEach
    void setUp() {
        world = new DelegationHarness(new InMemoryAdapterFixture());
        world.register(partner);
        world.register(customer);
    }

    @AfterEach
    void tearDown() {
        world.dispatcher.close();
    }

    private DelegationId addCustomer() {
        return world.delegation.addCustomerAccount(adminOf(partner), customer.administratorEmail()).delegationId();
    }

    private List<OutboxEntry> outbox(OutboxStatus status) {
        return world.adapters.delegationStore().outboxEntries(status, 100);
    }

    private List<Invitation> openInvitations(DelegationId id, List<SecretToken> tokens) {
        return world.adapters.delegationStore().inTransaction(tx -> tokens.stream()
                .flatMap(t -> tx.findInvitation(t.hash()).stream())
                .filter(i -> i.delegationId().equals(id) && i.status() == InvitationStatus.OPEN)
                .toList());
    }

    @Test
    void deliversEachNotificationOnceAndMarksItDelivered() {
        addCustomer();

        assertThat(world.dispatcher.drain()).isEqualTo(new DrainResult(1, 0, 0, 0));
        assertThat(world.dispatcher.drain()).isEqualTo(DrainResult.NOTHING);

        assertThat(world.notifier.delivered()).singleElement()
                .satisfies(n -> {
                    assertThat(n.type()).isEqualTo(NotificationType.INVITATION);
                    assertThat(n.recipient()).isEqualTo(customer.administratorEmail());
                    assertThat(n.partnerAccountNumber()).isEqualTo(partner.accountNumber());
                    assertThat(n.customerAccountNumber()).isEqualTo(customer.accountNumber());
                });
        assertThat(outbox(OutboxStatus.DELIVERED)).singleElement()
                .satisfies(e -> assertThat(e.deliveredAt()).contains(world.clock.instant()));
        assertThat(outbox(OutboxStatus.PENDING)).isEmpty();
    }

    @Test
    void invitationTokenIsMintedAtDeliveryAndStoredOnlyAsItsHash() {
        DelegationId id = addCustomer();
        world.dispatcher.drain();

        Notification mail = world.notifier.delivered().get(0);
        SecretToken token = mail.invitationToken().orElseThrow();
        Invitation stored = world.adapters.delegationStore().inTransaction(tx -> tx.findInvitation(token.hash())).orElseThrow();
        assertThat(stored.delegationId()).isEqualTo(id);
        assertThat(stored.status()).isEqualTo(InvitationStatus.OPEN);
        assertThat(stored.expiresAt()).isEqualTo(world.clock.instant().plus(Duration.ofDays(7)));
        assertThat(mail.invitationExpiresAt()).contains(stored.expiresAt());
        assertThat(stored.toString()).doesNotContain(token.reveal());
        assertThat(outbox(OutboxStatus.DELIVERED).toString()).doesNotContain(token.reveal());
    }

    @Test
    void retriesWithGrowingBackoffWhileTheNotifierIsDownAndDeliversOnceItIsBack() {
        addCustomer();
        world.notifier.simulateOutage(true);

        assertThat(world.dispatcher.drain()).isEqualTo(new DrainResult(0, 1, 0, 0));
        OutboxEntry afterFirst = outbox(OutboxStatus.PENDING).get(0);
        assertThat(afterFirst.attempts()).isEqualTo(1);
        assertThat(afterFirst.nextAttemptAt()).isEqualTo(world.clock.instant().plus(Duration.ofMinutes(1)));
        assertThat(afterFirst.lastError()).hasValueSatisfying(e -> assertThat(e).contains("outage"));

        assertThat(world.dispatcher.drain()).as("not due yet").isEqualTo(DrainResult.NOTHING);

        world.clock.advance(Duration.ofMinutes(1));
        assertThat(world.dispatcher.drain()).isEqualTo(new DrainResult(0, 1, 0, 0));
        assertThat(outbox(OutboxStatus.PENDING).get(0).nextAttemptAt()).isEqualTo(world.clock.instant().plus(Duration.ofMinutes(2)));

        world.notifier.simulateOutage(false);
        world.clock.advance(Duration.ofMinutes(2));
        assertThat(world.dispatcher.drain()).isEqualTo(new DrainResult(1, 0, 0, 0));
        assertThat(world.notifier.delivered()).hasSize(1);
        assertThat(world.dispatcher.drain()).isEqualTo(DrainResult.NOTHING);
    }

    @Test
    void givesUpAfterTheLastAttemptAndKeepsTheEntryVisibleAsFailed() {
        addCustomer();
        world.notifier.simulateOutage(true);

        world.dispatcher.drain();
        world.clock.advance(Duration.ofMinutes(1));
        world.dispatcher.drain();
        world.clock.advance(Duration.ofMinutes(2));
        assertThat(world.dispatcher.drain()).isEqualTo(new DrainResult(0, 0, 1, 0));

        assertThat(outbox(OutboxStatus.FAILED)).singleElement().satisfies(e -> {
            assertThat(e.attempts()).isEqualTo(3);
            assertThat(e.type()).isEqualTo(NotificationType.INVITATION);
            assertThat(e.lastError()).isPresent();
        });
        world.notifier.simulateOutage(false);
        world.clock.advance(Duration.ofDays(1));
        assertThat(world.dispatcher.drain()).isEqualTo(DrainResult.NOTHING);
        assertThat(world.notifier.delivered()).isEmpty();
    }

    @Test
    void onlyTheLinkOfTheLatestAttemptWorksAfterARetriedInvitation() {
        DelegationId id = addCustomer();
        List<SecretToken> minted = new java.util.ArrayList<>();
        OutboxDispatcher failingOnce = OutboxDispatcher.builder(world.delegation)
                .retryPolicy(new RetryPolicy(3, Duration.ofMinutes(1), Duration.ofMinutes(10)))
                .notifier(n -> {
                    minted.add(n.invitationToken().orElseThrow());
                    if (minted.size() == 1) {
                        throw new IllegalStateException("connection refused");
                    }
                })
                .build();

        failingOnce.drain();
        world.clock.advance(Duration.ofMinutes(1));
        failingOnce.drain();

        assertThat(minted).hasSize(2);
        assertThat(openInvitations(id, minted)).singleElement()
                .satisfies(i -> assertThat(i.tokenHash()).isEqualTo(minted.get(1).hash()));
        assertThat(world.adapters.delegationStore().<Optional<Invitation>>inTransaction(tx -> tx.findInvitation(minted.get(0).hash())))
                .as("the token of the failed attempt never reached anyone: it is gone").isEmpty();
    }

    @Test
    void aFailedResendLeavesTheLinkOfTheDeliveredMailWorking() {
        DelegationId id = addCustomer();
        world.dispatcher.drain();
        SecretToken delivered = world.notifier.latestInvitationTokenFor(customer.administratorEmail()).orElseThrow();

        world.notifier.simulateOutage(true);
        world.delegation.resendInvitation(adminOf(partner), id);
        assertThat(world.dispatcher.drain().retried()).isEqualTo(1);

        assertThat(openInvitations(id, List.of(delivered))).hasSize(1);
        world.delegation.acceptInvitation(adminOf(customer), delivered.reveal());
        assertThat(world.delegation.currentPartner(adminOf(customer))).isPresent();
    }

    @Test
    void theLastErrorOfAFailedEntryKeepsTheNotifiersErrorCode() {
        addCustomer();
        OutboxDispatcher refused = OutboxDispatcher.builder(world.delegation)
                .notifier(n -> {
                    throw new org.partnerdelegation.core.domain.DelegationException(
                            org.partnerdelegation.core.domain.ErrorCode.NOTIFICATION_FAILED, "smtp.example.com:25 said 421");
                })
                .build();

        refused.drain();

        assertThat(outbox(OutboxStatus.PENDING)).singleElement()
                .satisfies(e -> assertThat(e.lastError()).contains("NOTIFICATION_FAILED: smtp.example.com:25 said 421"));
    }

    @Test
    void discardsAnInvitationWhoseDelegationEndedBeforeItWentOutAndTellsTheCustomerNothing() {
        DelegationId id = addCustomer();
        world.delegation.deleteAccount(adminOf(partner), id);

        DrainResult result = world.dispatcher.drain();

        assertThat(result.discarded()).isEqualTo(1);
        assertThat(outbox(OutboxStatus.DISCARDED)).singleElement()
                .satisfies(e -> assertThat(e.type()).isEqualTo(NotificationType.INVITATION));
        assertThat(world.notifier.delivered()).extracting(Notification::type)
                .as("the customer never got an invitation, so it gets no removal notice either")
                .containsExactly(NotificationType.REMOVAL_NOTICE_TO_PARTNER);
    }

    @Test
    void aRemovalAfterTheInvitationWentOutTellsTheCustomer() {
        DelegationId id = addCustomer();
        world.dispatcher.drain();
        world.delegation.deleteAccount(adminOf(partner), id);

        world.dispatcher.drain();

        assertThat(world.notifier.deliveredTo(customer.administratorEmail())).extracting(Notification::type)
                .containsExactly(NotificationType.INVITATION, NotificationType.REMOVAL_NOTICE_TO_CUSTOMER);
    }

    @Test
    void holdsBackTheInvitationOfAPartnerThatLostThePermission() {
        addCustomer();
        world.delegation.revokePartnerPermission(org.partnerdelegation.core.contract.TenantFixtures.operator(), partner.id());

        DrainResult result = world.dispatcher.drain();

        assertThat(result.discarded()).isEqualTo(1);
        assertThat(world.notifier.delivered()).isEmpty();
        assertThat(outbox(OutboxStatus.DISCARDED)).singleElement()
                .satisfies(e -> assertThat(e.lastError()).hasValueSatisfying(m -> assertThat(m).contains("partner permission")));
    }

    @Test
    void runsOnAScheduleUntilClosed() throws InterruptedException {
        world.dispatcher.start(Duration.ofMillis(20));
        assertThatThrownBy(() -> world.dispatcher.start(Duration.ofMillis(20))).isInstanceOf(IllegalStateException.class);
        addCustomer();

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (world.notifier.delivered().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(world.notifier.delivered()).hasSize(1);

        world.dispatcher.close();
        world.delegation.resendInvitation(adminOf(partner),
                world.delegation.listAccounts(adminOf(partner), org.partnerdelegation.core.usecase.AccountQuery.firstPage())
                        .items().get(0).delegationId());
        Thread.sleep(200);
        assertThat(world.notifier.delivered()).as("nothing is sent once closed").hasSize(1);
        world.dispatcher.close();
    }

    @Test
    void aNotificationForATenantMissingFromTheDirectoryIsRetriedNotLost() {
        TenantDirectory empty = new InMemoryTenantDirectory();
        world.connect(partner, customer);
        OutboxDispatcher blind = OutboxDispatcher.builder(PartnerDelegation.builder()
                        .tenantDirectory(empty)
                        .delegationStore(world.adapters.delegationStore())
                        .sessionIssuer(world.adapters.sessionIssuer())
                        .clock(world.clock)
                        .build())
                .notifier(world.notifier)
                .build();

        assertThat(blind.drain()).as("the acceptance confirmation and notice").isEqualTo(new DrainResult(0, 2, 0, 0));
        assertThat(outbox(OutboxStatus.PENDING)).hasSize(2)
                .allSatisfy(e -> assertThat(e.lastError()).hasValueSatisfying(m -> assertThat(m).contains(partner.id().value())));
        assertThat(empty.findById(TenantId.of("partner-1"))).isEmpty();
    }
}
