package org.partnerdelegation.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.operator;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;
import static org.partnerdelegation.mail.MailFixtures.branding;
import static org.partnerdelegation.mail.MailFixtures.freePort;
import static org.partnerdelegation.mail.MailFixtures.smtp;
import static org.partnerdelegation.mail.MailFixtures.smtpServer;

import com.icegreen.greenmail.util.GreenMail;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.contract.MutableClock;
import org.partnerdelegation.core.domain.Authentication;
import org.partnerdelegation.core.domain.CustomerSettings;
import org.partnerdelegation.core.domain.DelegableRole;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.LoginNotice;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.RoleCatalogue;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.core.memory.InMemoryAdapterFixture;
import org.partnerdelegation.core.outbox.OutboxDispatcher;
import org.partnerdelegation.core.usecase.GrantRequest;
import org.partnerdelegation.core.usecase.GrantRules;
import org.partnerdelegation.core.usecase.LoginRequest;
import org.partnerdelegation.core.usecase.PartnerDelegation;

/**
 * The customer's login notice and digest on the whole path a host runs: the facade writes them
 * to the outbox (with the login, or from {@code enforceTimeLimits}), the core's dispatcher hands
 * them to {@link SimpleJavaMailNotifier}, and a real SMTP server (GreenMail) receives them, naming
 * who logged in (the partner user and the partner), when, with which roles, why, and linking to the
 * customer's view of its partner's access.
 */
class LoginMailDeliveryTest {

    private static final String PARTNER_ACCESS = "https://app.example.com/settings/partner-access";
    private static final DelegableRole BILLING = DelegableRole.of("billing:read", "Billing reader", "Reads invoices.");
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm:ss 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private final Tenant partner = partner(1);
    private final Tenant customer = customer(1);
    private final Principal jane = Principal.administrator(partner.id(), UserId.of("jane@partner-1.example"));
    private final int port = freePort();
    private final GreenMail smtpServer = new GreenMail(smtpServer(port));
    private final MutableClock clock = MutableClock.startingNow();
    private InMemoryAdapterFixture adapters;
    private PartnerDelegation delegation;
    private SimpleJavaMailNotifier notifier;
    private OutboxDispatcher dispatcher;
    private DelegationId id;

    @BeforeEach
    void setUp() {
        adapters = new InMemoryAdapterFixture();
        adapters.register(partner);
        adapters.register(customer);
        delegation = MailFixtures.facade(adapters, clock, RoleCatalogue.builder().role(DelegableRole.TENANT_ADMINISTRATOR).role(BILLING)
                        .defaultRoles(RoleKey.TENANT_ADMINISTRATOR).build());
        notifier = new SimpleJavaMailNotifier(smtp(port),
                MailTemplates.defaults(branding().withPartnerAccessUrl(PARTNER_ACCESS)));
        dispatcher = OutboxDispatcher.builder(delegation).notifier(notifier).build();
        smtpServer.start();
        id = delegation.addCustomerAccount(adminOf(partner), customer.administratorEmail(),
                GrantRequest.roles("tenant:administrator", "billing:read")).delegationId();
        dispatcher.drain();
        String token = received(NotificationType.INVITATION).get(0).tokenFromLink(MailFixtures.ACCEPT_BASE);
        delegation.acceptInvitation(adminOf(customer), token, GrantRules.asRequested());
        dispatcher.drain();
    }

    @AfterEach
    void tearDown() {
        dispatcher.close();
        notifier.close();
        smtpServer.stop();
        adapters.close();
    }

    /** The mails to the customer of that kind, told apart by their subject. */
    private List<ReceivedMail> received(NotificationType type) {
        String mark = switch (type) {
            case DELEGATED_LOGIN_NOTICE -> "a partner user logged in";
            case DELEGATED_LOGIN_DIGEST -> "delegated logins to your account";
            default -> "asks to manage your account";
        };
        return ReceivedMail.all(smtpServer.getReceivedMessages()).stream()
                .filter(m -> m.to().equals(List.of(customer.administratorEmail().value())))
                .filter(m -> m.subject().contains(mark)).toList();
    }

    @Test
    void eachLoginMailsTheCustomerWhoWhenWhichRolesWhyAndTheLinkToItsPartnerAccessPage() {
        delegation.changeCustomerSettings(adminOf(customer), CustomerSettings.DEFAULTS.withLoginNotice(LoginNotice.EACH_LOGIN));
        Instant at = clock.instant();

        delegation.loginToCustomer(steppedUp(jane), id, LoginRequest.roles("billing:read").withReason("Ticket <4711> & co"));
        dispatcher.drain();

        assertThat(received(NotificationType.DELEGATED_LOGIN_NOTICE)).singleElement().satisfies(mail -> {
            assertThat(mail.subject()).isEqualTo("Example Cloud: a partner user logged in to your account "
                    + customer.accountNumber().value());
            assertThat(mail.textPart())
                    .contains("- jane@partner-1.example of " + partner.accountNumber().value() + " ("
                            + partner.administratorEmail().value() + "), " + SHOWN.format(at)
                            + ", roles: Billing reader, reason: Ticket <4711> & co")
                    .contains("open " + PARTNER_ACCESS);
            assertThat(mail.htmlPart())
                    .contains("<li>jane@partner-1.example of " + partner.accountNumber().value())
                    .contains("reason: Ticket &lt;4711&gt; &amp; co</li>")
                    .contains("<a href=\"" + PARTNER_ACCESS + "\">Partner access</a>")
                    .doesNotContain("<4711>");
        });
    }

    @Test
    void theDigestListsEveryLoginSinceThePreviousOneInOneMail() {
        Instant first = clock.instant();
        delegation.loginToCustomer(steppedUp(jane), id, LoginRequest.roles("billing:read").withReason("Invoice question"));
        clock.advance(Duration.ofHours(3));
        delegation.loginToCustomer(steppedUp(adminOf(partner)), id);
        dispatcher.drain();
        assertThat(received(NotificationType.DELEGATED_LOGIN_NOTICE)).as("nothing before the job").isEmpty();

        assertThat(delegation.enforceTimeLimits(operator()).loginDigests()).isEqualTo(1);
        dispatcher.drain();

        assertThat(received(NotificationType.DELEGATED_LOGIN_DIGEST)).singleElement().satisfies(mail -> {
            assertThat(mail.subject()).isEqualTo("Example Cloud: delegated logins to your account " + customer.accountNumber().value()
                    + " (2)");
            assertThat(mail.textPart())
                    .contains("- jane@partner-1.example of " + partner.accountNumber().value() + " ("
                            + partner.administratorEmail().value() + "), " + SHOWN.format(first)
                            + ", roles: Billing reader, reason: Invoice question\n- " + adminOf(partner).userId().value() + " of "
                            + partner.accountNumber().value())
                    .contains(SHOWN.format(first.plus(Duration.ofHours(3))) + ", roles: Billing reader, Tenant administrator\n")
                    .contains("open " + PARTNER_ACCESS);
            assertThat(mail.htmlPart()).contains("<a href=\"" + PARTNER_ACCESS + "\">Partner access</a>");
        });
    }

    @Test
    void onlyTheLoginMailsShowLoginsAndTheyMustShowThem() {
        MailTemplates templates = MailFixtures.templates();
        MailTemplate loginsElsewhere = MailTemplate.of("{{loginCount}} logins", "{{logins}}", "<p>{{logins}}</p>");
        MailTemplate noLogins = MailTemplate.of("Logins", "Someone logged in.", "<p>Someone logged in.</p>");

        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(org.partnerdelegation.core.domain.DelegationException.class,
                () -> templates.with(NotificationType.ACCEPTANCE_NOTICE, loginsElsewhere)).code())
                .isEqualTo(org.partnerdelegation.core.domain.ErrorCode.INVALID_INPUT);
        for (NotificationType type : List.of(NotificationType.DELEGATED_LOGIN_NOTICE, NotificationType.DELEGATED_LOGIN_DIGEST)) {
            assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(org.partnerdelegation.core.domain.DelegationException.class,
                    () -> templates.with(type, noLogins))).hasMessageContaining("{{logins}}");
            assertThat(templates.with(type, loginsElsewhere).render(MailFixtures.notification(type)).text())
                    .startsWith("- jane@partner1.example of P-1001");
        }
    }

    @Test
    void thePartnerAccessLinkIsAnAbsoluteWebAddress() {
        for (String refused : List.of("/settings/partner-access", "javascript:alert(1)", "ftp://app.example.com/x",
                "https://app.example.com/a b", "https://app.example.com/" + "x".repeat(1000))) {
            assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(org.partnerdelegation.core.domain.DelegationException.class,
                    () -> branding().withPartnerAccessUrl(refused)).code())
                    .as(refused).isEqualTo(org.partnerdelegation.core.domain.ErrorCode.INVALID_INPUT);
        }
        assertThat(branding().withPartnerAccessUrl(PARTNER_ACCESS + "#sessions").partnerAccessUrl()).contains(PARTNER_ACCESS + "#sessions");
        assertThat(branding().partnerAccessUrl()).isEmpty();
    }

    @Test
    void withoutAPartnerAccessLinkTheMailNamesThePage() {
        MailTemplates plain = MailTemplates.defaults(branding());
        RenderedMail mail = plain.render(MailFixtures.notification(NotificationType.DELEGATED_LOGIN_NOTICE));

        assertThat(mail.text()).contains("open Partner access in Example Cloud.").doesNotContain("https://app.example.com/settings");
        assertThat(mail.html()).doesNotContain("<a href=");
    }

    /** The partner user just after a sign-in with a password and a one-time code: the step-up a login asks for. */
    private Principal steppedUp(Principal user) {
        return user.withAuthentication(Authentication.of(clock.instant(), "pwd", "otp"));
    }

}
