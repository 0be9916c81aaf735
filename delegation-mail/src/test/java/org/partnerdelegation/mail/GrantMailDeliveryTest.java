package org.partnerdelegation.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.operator;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;
import static org.partnerdelegation.mail.MailFixtures.ACCEPT_BASE;
import static org.partnerdelegation.mail.MailFixtures.freePort;
import static org.partnerdelegation.mail.MailFixtures.smtp;
import static org.partnerdelegation.mail.MailFixtures.smtpServer;
import static org.partnerdelegation.mail.MailFixtures.templates;

import com.icegreen.greenmail.util.GreenMail;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.contract.MutableClock;
import org.partnerdelegation.core.domain.DelegableRole;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.RoleCatalogue;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.memory.InMemoryAdapterFixture;
import org.partnerdelegation.core.outbox.DrainResult;
import org.partnerdelegation.core.outbox.OutboxDispatcher;
import org.partnerdelegation.core.usecase.GrantRequest;
import org.partnerdelegation.core.usecase.GrantRules;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.core.usecase.PartnerLink;
import org.partnerdelegation.core.usecase.TimeLimitResult;

/**
 * A scoped, time-bound delegation's mails on the whole path a host runs: the facade (with a host
 * catalogue of roles) writes them to the outbox, the core's dispatcher hands them to
 * {@link SimpleJavaMailNotifier}, and a real SMTP server (GreenMail) receives them. Stored on the
 * core's in-memory adapters; {@link OutboxMailDeliveryTest} runs the seed's flow on Jdbi and H2.
 */
class GrantMailDeliveryTest {

    private static final DelegableRole BILLING = DelegableRole.of("billing:read", "Billing reader", "Reads invoices and payment history.");
    private static final DelegableRole SUPPORT = DelegableRole.of("support:tickets", "Support agent", "Opens and answers support tickets.");

    private final Tenant partner = partner(1);
    private final Tenant customer = customer(1);
    private final int port = freePort();
    private final GreenMail smtpServer = new GreenMail(smtpServer(port));
    private final MutableClock clock = MutableClock.startingNow();
    private InMemoryAdapterFixture adapters;
    private PartnerDelegation delegation;
    private SimpleJavaMailNotifier notifier;
    private OutboxDispatcher dispatcher;

    @BeforeEach
    void setUp() {
        adapters = new InMemoryAdapterFixture();
        adapters.register(partner);
        adapters.register(customer);
        delegation = MailFixtures.facade(adapters, clock, RoleCatalogue.builder()
                        .role(DelegableRole.TENANT_ADMINISTRATOR)
                        .role(BILLING)
                        .role(SUPPORT)
                        .defaultRoles(RoleKey.TENANT_ADMINISTRATOR)
                        .build());
        notifier = new SimpleJavaMailNotifier(smtp(port), templates());
        dispatcher = OutboxDispatcher.builder(delegation).notifier(notifier).build();
        smtpServer.start();
    }

    @AfterEach
    void tearDown() {
        dispatcher.close();
        notifier.close();
        smtpServer.stop();
        adapters.close();
    }

    private List<ReceivedMail> received() {
        return ReceivedMail.all(smtpServer.getReceivedMessages());
    }

    /**
     * Drains the outbox and returns the mails it sent. (GreenMail lists what it received mailbox
     * by mailbox, so the new ones are told apart by the outbox entry each names.)
     */
    private List<ReceivedMail> deliver(int expected) {
        Set<String> before = received().stream().map(m -> m.notificationId().orElseThrow()).collect(Collectors.toSet());
        assertThat(dispatcher.drain()).isEqualTo(new DrainResult(expected, 0, 0, 0));
        List<ReceivedMail> sent = received().stream().filter(m -> !before.contains(m.notificationId().orElseThrow())).toList();
        assertThat(sent).hasSize(expected);
        return sent;
    }

    private static ReceivedMail to(List<ReceivedMail> mails, Tenant tenant) {
        return mails.stream().filter(m -> m.to().equals(List.of(tenant.administratorEmail().value()))).findFirst()
                .orElseThrow(() -> new AssertionError("nothing was mailed to " + tenant.administratorEmail()));
    }

    private static String date(Instant at) {
        return NotificationValues.date(at);
    }

    /** The partner asks for billing:read for 30 days, and the customer accepts through the mailed link. */
    private DelegationId connectForBillingFor30Days() {
        DelegationId id = delegation.addCustomerAccount(adminOf(partner), customer.administratorEmail(),
                GrantRequest.roles("billing:read").forTerm(Duration.ofDays(30))).delegationId();
        ReceivedMail invitation = to(deliver(1), customer);
        assertThat(invitation.textPart()).contains("- Billing reader: Reads invoices and payment history.")
                .contains("Period: 30 days, counted from your acceptance");
        PartnerLink link = delegation.acceptInvitation(adminOf(customer), invitation.tokenFromLink(ACCEPT_BASE), GrantRules.asRequested());
        assertThat(link.status()).isEqualTo(DelegationStatus.CONNECTED);
        deliver(2);
        return id;
    }

    @Test
    void aChangeRequestArrivesWithTheRolesAskedForAndItsLinkApprovesTheChange() {
        DelegationId id = connectForBillingFor30Days();
        Instant endsAt = clock.instant().plus(Duration.ofDays(30));

        delegation.requestGrantChange(adminOf(partner), id,
                GrantRequest.roles("billing:read", "support:tickets").forTerm(Duration.ofDays(90)));

        ReceivedMail request = to(deliver(1), customer);
        assertThat(request.subject()).isEqualTo("Example Cloud: partner P-1001 asks to change its access to your account");
        assertThat(request.textPart())
                .contains("- Billing reader: Reads invoices and payment history.\n- Support agent: Opens and answers support tickets.")
                .contains("New period: 90 days, counted from your approval")
                .contains("Until you answer, the partner keeps the access it has now, whose end date is " + date(endsAt) + ".");
        String token = request.tokenFromLink(ACCEPT_BASE);
        assertThat(request.htmlPart()).contains("<a href=\"" + ACCEPT_BASE + token + "\"").contains(">Approve or decline</a>")
                .contains("<li><strong>Support agent</strong>: Opens and answers support tickets.</li>");
        assertThat(request.subject()).doesNotContain(token);

        Instant approvedAt = clock.instant();
        PartnerLink approved = delegation.acceptInvitation(adminOf(customer), token, GrantRules.asRequested());

        assertThat(approved.roles()).extracting(DelegableRole::key)
                .containsExactly(RoleKey.of("billing:read"), RoleKey.of("support:tickets"));
        ReceivedMail notice = to(deliver(1), partner);
        assertThat(notice.subject()).isEqualTo("Example Cloud: C-2001 approved your change request");
        assertThat(notice.textPart()).contains("- Support agent: Opens and answers support tickets.")
                .contains("End date: " + date(approvedAt.plus(Duration.ofDays(90))) + "; it does not renew automatically.");
    }

    @Test
    void theEndingNoticeArrivesAtBothSidesWithTheEndDateAndThenTheEndNotice() {
        connectForBillingFor30Days();
        Instant endsAt = clock.instant().plus(Duration.ofDays(30));

        clock.advance(Duration.ofDays(16).plusMinutes(1));   // within the default 14 days' notice
        TimeLimitResult noticed = delegation.enforceTimeLimits(operator());

        assertThat(noticed.endingNotices()).isEqualTo(1);
        List<ReceivedMail> ending = deliver(2);
        ReceivedMail toPartner = to(ending, partner);
        ReceivedMail toCustomer = to(ending, customer);
        assertThat(toPartner.subject()).contains("reaches its end date soon");
        assertThat(toPartner.textPart()).contains("reaches its end date on " + date(endsAt) + ".")
                .contains("- Billing reader: Reads invoices and payment history.")
                .contains("It does not renew automatically");
        assertThat(toCustomer.textPart()).contains("The access of the partner account P-1001 (admin@partner1.example)")
                .contains("reaches its end date on " + date(endsAt) + ".")
                .contains("It does not renew automatically");
        assertThat(toCustomer.htmlPart()).contains("<strong>" + date(endsAt) + "</strong>");

        clock.set(endsAt.plusSeconds(1));
        assertThat(delegation.enforceTimeLimits(operator()).ended()).isEqualTo(1);

        List<ReceivedMail> ended = deliver(2);
        assertThat(to(ended, partner).subject()).isEqualTo("Example Cloud: your access to C-2001 has ended");
        assertThat(to(ended, customer).subject()).isEqualTo("Example Cloud: partner P-1001's access to your account has ended");
        assertThat(ended).allSatisfy(m -> {
            assertThat(m.subject()).contains("has ended");
            assertThat(m.textPart()).contains("reached its end date, " + date(endsAt) + ", and has ended.")
                    .contains("- Billing reader:");
        });
    }
}
