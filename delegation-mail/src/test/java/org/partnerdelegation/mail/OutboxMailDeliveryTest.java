package org.partnerdelegation.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.operator;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;
import static org.partnerdelegation.mail.MailFixtures.ACCEPT_BASE;
import static org.partnerdelegation.mail.MailFixtures.LOOPBACK;
import static org.partnerdelegation.mail.MailFixtures.freePort;
import static org.partnerdelegation.mail.MailFixtures.smtp;
import static org.partnerdelegation.mail.MailFixtures.smtpServer;
import static org.partnerdelegation.mail.MailFixtures.templates;

import com.icegreen.greenmail.util.GreenMail;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.contract.DelegationHarness;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.OutboxEntry;
import org.partnerdelegation.core.domain.OutboxStatus;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.outbox.DrainResult;
import org.partnerdelegation.core.outbox.OutboxDispatcher;
import org.partnerdelegation.core.outbox.RetryPolicy;
import org.partnerdelegation.core.usecase.PartnerLink;
import org.partnerdelegation.jdbi.JdbiAdapterFixture;
import org.partnerdelegation.jdbi.JdbiStorage;

/**
 * The whole path a host runs: the facade writes notifications to the outbox (Jdbi on H2), the
 * core's dispatcher hands them to {@link SimpleJavaMailNotifier}, and a real SMTP server
 * (GreenMail) receives them. The dispatcher retries 3 times in all, after 1 then 2 minutes of
 * the test's clock.
 */
class OutboxMailDeliveryTest {

    private static final RetryPolicy RETRIES = new RetryPolicy(3, Duration.ofMinutes(1), Duration.ofMinutes(10));

    private final Tenant partner = partner(1);
    private final int port = freePort();
    /** Created on the port but not started: each test starts it when the SMTP server should be up. */
    private final GreenMail smtpServer = new GreenMail(smtpServer(port));
    private JdbiAdapterFixture adapters;
    private DelegationHarness world;
    private SimpleJavaMailNotifier notifier;
    private OutboxDispatcher dispatcher;

    @BeforeEach
    void setUp() {
        adapters = new JdbiAdapterFixture(JdbiStorage.inMemory("mail-" + UUID.randomUUID()), () -> { });
        world = new DelegationHarness(adapters);
        world.register(partner);
        IntStream.rangeClosed(1, 3).forEach(n -> world.register(customer(n)));
        notifier = new SimpleJavaMailNotifier(smtp(port), templates());
        // Built from the facade: the same store, directory, clock (the test's) and settings.
        dispatcher = OutboxDispatcher.builder(world.delegation)
                .notifier(notifier)
                .retryPolicy(RETRIES)
                .build();
    }

    @AfterEach
    void tearDown() {
        dispatcher.close();
        notifier.close();
        smtpServer.stop();
        adapters.close();
    }

    private DelegationId addCustomer(int n) {
        return world.delegation.addCustomerAccount(adminOf(partner), customer(n).administratorEmail()).delegationId();
    }

    private List<ReceivedMail> received() {
        return ReceivedMail.all(smtpServer.getReceivedMessages());
    }

    private List<OutboxEntry> outbox(OutboxStatus status) {
        return adapters.delegationStore().outboxEntries(status, 100);
    }

    @Test
    void theLinkInTheReceivedInvitationAcceptsTheInvitation() {
        smtpServer.start();
        addCustomer(1);

        assertThat(dispatcher.drain()).isEqualTo(new DrainResult(1, 0, 0, 0));

        ReceivedMail invitation = received().get(0);
        assertThat(invitation.to()).containsExactly("admin@customer1.example");
        assertThat(invitation.subject()).contains("P-1001");
        assertThat(invitation.partTypes()).contains("multipart/alternative", "text/plain", "text/html");
        String token = invitation.tokenFromLink(ACCEPT_BASE);
        assertThat(invitation.htmlPart()).contains("href=\"" + ACCEPT_BASE + token + "\"");

        PartnerLink link = world.delegation.acceptInvitation(adminOf(customer(1)), token);

        assertThat(link.status()).isEqualTo(DelegationStatus.CONNECTED);
        assertThat(dispatcher.drain().delivered()).isEqualTo(2);
        assertThat(received()).extracting(ReceivedMail::to).containsExactlyInAnyOrder(
                List.of("admin@customer1.example"), List.of("admin@customer1.example"), List.of("admin@partner1.example"));
        assertThat(outbox(OutboxStatus.DELIVERED)).hasSize(3);
    }

    @Test
    void invitationsAddedWhileTheServerIsDownArriveExactlyOnceOnceItIsUp() {
        addCustomer(1);
        addCustomer(2);
        addCustomer(3);

        assertThat(dispatcher.drain()).isEqualTo(new DrainResult(0, 3, 0, 0));
        assertThat(outbox(OutboxStatus.PENDING)).hasSize(3).allSatisfy(e -> {
            assertThat(e.attempts()).isEqualTo(1);
            assertThat(e.lastError()).hasValueSatisfying(error -> assertThat(error)
                    .startsWith("NOTIFICATION_FAILED: The SMTP server").contains(LOOPBACK + ":" + port).contains("nothing accepts connections")
                    .as("the dispatcher logs the error: the address only masked").contains(" for a***@customer").doesNotContain("admin@"));
        });
        assertThat(dispatcher.drain()).as("not due before the backoff").isEqualTo(DrainResult.NOTHING);

        smtpServer.start();
        world.clock.advance(Duration.ofMinutes(1).plusSeconds(1));

        assertThat(dispatcher.drain()).isEqualTo(new DrainResult(3, 0, 0, 0));
        assertThat(received()).extracting(ReceivedMail::to).containsExactlyInAnyOrder(
                List.of("admin@customer1.example"), List.of("admin@customer2.example"), List.of("admin@customer3.example"));

        world.clock.advance(Duration.ofHours(1));
        assertThat(dispatcher.drain()).as("a delivered entry is never sent again").isEqualTo(DrainResult.NOTHING);
        assertThat(received()).hasSize(3);
        assertThat(outbox(OutboxStatus.DELIVERED)).hasSize(3);

        // Every mailed link works: nothing was lost, and no retry left a stale link behind.
        for (ReceivedMail mail : received()) {
            int n = Integer.parseInt(mail.to().get(0).replaceAll("\\D", ""));
            assertThat(world.delegation.acceptInvitation(adminOf(customer(n)), mail.tokenFromLink(ACCEPT_BASE)).status())
                    .isEqualTo(DelegationStatus.CONNECTED);
        }
    }

    @Test
    void givesUpAfterTheConfiguredAttemptsAndKeepsTheEntryAsFailed() {
        addCustomer(1);

        assertThat(dispatcher.drain()).isEqualTo(new DrainResult(0, 1, 0, 0));
        world.clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(dispatcher.drain()).isEqualTo(new DrainResult(0, 1, 0, 0));
        world.clock.advance(Duration.ofMinutes(2).plusSeconds(1));
        assertThat(dispatcher.drain()).isEqualTo(new DrainResult(0, 0, 1, 0));

        assertThat(outbox(OutboxStatus.FAILED)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(NotificationType.INVITATION);
            assertThat(e.recipient().value()).isEqualTo("admin@customer1.example");
            assertThat(e.attempts()).isEqualTo(3);
            assertThat(e.lastError()).hasValueSatisfying(error -> assertThat(error).contains(LOOPBACK + ":" + port));
        });
        assertThat(outbox(OutboxStatus.PENDING)).isEmpty();

        smtpServer.start();
        world.clock.advance(Duration.ofDays(1));
        assertThat(dispatcher.drain()).as("a FAILED entry stays for an operator to see").isEqualTo(DrainResult.NOTHING);
        assertThat(smtpServer.getReceivedMessages()).isEmpty();
    }

    @Test
    void onAScheduleTheDispatcherMailsWithoutBeingDrainedUntilClosed() {
        smtpServer.start();
        addCustomer(1);

        dispatcher.start(Duration.ofMillis(50));

        assertThat(smtpServer.waitForIncomingEmail(10_000, 1)).isTrue();
        assertThat(received()).singleElement().satisfies(m -> assertThat(m.to()).containsExactly("admin@customer1.example"));

        dispatcher.close();
        addCustomer(2);
        assertThat(smtpServer.waitForIncomingEmail(500, 2)).as("closed: nothing more is sent").isFalse();
        assertThat(outbox(OutboxStatus.PENDING)).singleElement()
                .satisfies(e -> assertThat(e.recipient().value()).isEqualTo("admin@customer2.example"));
    }

    @Test
    void aPendingCustomerIsMailedTheRemovalNoticeOnlyWhenItsInvitationReachedIt() {
        smtpServer.start();
        DelegationId invited = addCustomer(1);
        assertThat(dispatcher.drain()).isEqualTo(new DrainResult(1, 0, 0, 0));
        DelegationId neverInvited = addCustomer(2);

        world.delegation.deleteAccount(adminOf(partner), invited);
        world.delegation.deleteAccount(adminOf(partner), neverInvited);

        // Customer 2's invitation is no longer worth sending, and customer 2, never told of the
        // partner, is not told of the removal either; the partner hears of both removals.
        assertThat(dispatcher.drain()).isEqualTo(new DrainResult(3, 0, 0, 1));
        assertThat(received()).extracting(ReceivedMail::to).containsExactlyInAnyOrder(
                List.of("admin@customer1.example"), List.of("admin@customer1.example"),
                List.of("admin@partner1.example"), List.of("admin@partner1.example"));
        assertThat(received()).noneSatisfy(m -> assertThat(m.to()).containsExactly("admin@customer2.example"));
        assertThat(outbox(OutboxStatus.DISCARDED)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(NotificationType.INVITATION);
            assertThat(e.recipient().value()).isEqualTo("admin@customer2.example");
        });
    }

    @Test
    void anInvitationOfAPartnerThatLostThePermissionIsDiscardedInsteadOfMailed() {
        smtpServer.start();
        addCustomer(1);
        world.delegation.revokePartnerPermission(operator(), partner.id());

        assertThat(dispatcher.drain()).isEqualTo(new DrainResult(0, 0, 0, 1));

        assertThat(smtpServer.getReceivedMessages()).isEmpty();
        assertThat(outbox(OutboxStatus.DISCARDED)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(NotificationType.INVITATION);
            assertThat(e.lastError()).hasValueSatisfying(reason -> assertThat(reason).contains("partner permission"));
        });
        assertThat(outbox(OutboxStatus.PENDING)).isEmpty();
    }
}
