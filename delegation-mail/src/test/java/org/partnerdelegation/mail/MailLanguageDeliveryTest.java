package org.partnerdelegation.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;
import static org.partnerdelegation.mail.MailFixtures.ACCEPT_BASE;
import static org.partnerdelegation.mail.MailFixtures.branding;
import static org.partnerdelegation.mail.MailFixtures.notification;
import static org.partnerdelegation.mail.MailFixtures.smtp;
import static org.partnerdelegation.mail.MailFixtures.smtpServer;
import static org.partnerdelegation.mail.MailFixtures.templates;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.partnerdelegation.core.contract.DelegationHarness;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Notification;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.TenantProfile;
import org.partnerdelegation.core.memory.InMemoryAdapterFixture;
import org.partnerdelegation.core.memory.InMemoryTenantDirectory;
import org.partnerdelegation.core.outbox.OutboxDispatcher;
import org.partnerdelegation.core.port.TenantDirectory;
import org.partnerdelegation.core.usecase.PartnerLink;

/**
 * Mails in their reader's language and time zone, received by a real SMTP server (GreenMail): the
 * notifier reads the recipient's profile from the directory, picks each template part in the
 * reader's locale, language or English, and writes times in the reader's zone with the zone shown.
 * The partner is named by its display name beside its account number, so a customer can tell who
 * asks.
 */
class MailLanguageDeliveryTest {

    /** The test clock's start plus the invitation's 7 days, 09:00 UTC, as a reader in Berlin sees it (winter: MEZ). */
    private static final String EXPIRY_IN_BERLIN = "12. Januar 2026, 10:00 MEZ";
    private static final TenantProfile ACME = TenantProfile.named("Acme Reseller");
    private static final TenantProfile HOOLI_IN_BERLIN = TenantProfile.named("Hooli").withLocale(Locale.GERMAN)
            .withTimeZone(ZoneId.of("Europe/Berlin"));

    @RegisterExtension
    final GreenMailExtension greenMail = new GreenMailExtension(smtpServer(0));

    private final Tenant acme = partner(1).withProfile(ACME);
    private final Tenant hooli = customer(1).withProfile(HOOLI_IN_BERLIN);
    private InMemoryAdapterFixture adapters;
    private DelegationHarness world;
    private SimpleJavaMailNotifier notifier;
    private OutboxDispatcher dispatcher;

    @BeforeEach
    void setUp() {
        adapters = new InMemoryAdapterFixture();
        world = new DelegationHarness(adapters);
        world.register(acme);
        world.register(hooli);
    }

    @AfterEach
    void tearDown() {
        if (dispatcher != null) {
            dispatcher.close();
        }
        if (notifier != null) {
            notifier.close();
        }
    }

    /** The notifier over the test's SMTP server and directory, and the dispatcher of the test's facade through it. */
    private void mailWith(MailTemplates templates, TenantDirectory readers) {
        notifier = new SimpleJavaMailNotifier(smtp(greenMail.getSmtp().getPort()), templates, readers);
        dispatcher = OutboxDispatcher.builder(world.delegation).notifier(notifier).build();
    }

    private List<ReceivedMail> received() {
        return ReceivedMail.all(greenMail.getReceivedMessages());
    }

    private ReceivedMail receivedBy(Tenant tenant) {
        return received().stream().filter(m -> m.to().contains(tenant.administratorEmail().value())).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no mail to " + tenant.administratorEmail()));
    }

    @Test
    void aGermanSpeakingCustomerReceivesAGermanInvitationWithTimesInBerlinNamingThePartner() {
        mailWith(templates(), adapters.tenantDirectory());

        world.delegation.addCustomerAccount(adminOf(acme), hooli.administratorEmail());
        dispatcher.drain();

        ReceivedMail invitation = receivedBy(hooli);
        assertThat(invitation.subject()).isEqualTo("Example Cloud: Acme Reseller (Partner P-1001) möchte Ihr Konto verwalten");
        assertThat(invitation.textPart())
                .startsWith("Guten Tag,\n\n")
                .contains("Acme Reseller (Partnerkonto P-1001, admin@partner1.example) möchte Ihr Konto C-2001 bei Example Cloud"
                        + " in Ihrem Auftrag verwalten, mit diesen Rollen:")
                .contains("Der Link funktioniert einmal und läuft am " + EXPIRY_IN_BERLIN + " ab.")
                .doesNotContain("UTC").doesNotContain("Hello");
        assertThat(invitation.htmlPart())
                .contains("<html lang=\"de\">")
                .contains("<strong>Acme Reseller</strong> (Partnerkonto P-1001, admin@partner1.example)")
                .contains(EXPIRY_IN_BERLIN)
                .contains(">Annehmen und anmelden</a>");

        // The German link accepts like any other; the English-speaking partner is told in English, in UTC, of Hooli by name.
        PartnerLink link = world.delegation.acceptInvitation(adminOf(hooli), invitation.tokenFromLink(ACCEPT_BASE));
        dispatcher.drain();

        assertThat(link.status()).isEqualTo(DelegationStatus.CONNECTED);
        assertThat(receivedBy(hooli).subject()).isEqualTo("Example Cloud: Acme Reseller (Partner P-1001) kann jetzt Ihr Konto verwalten");
        ReceivedMail notice = receivedBy(acme);
        assertThat(notice.subject()).isEqualTo("Example Cloud: Hooli (C-2001) accepted your invitation");
        assertThat(notice.textPart()).startsWith("Hello,\n\n")
                .contains("Hooli (account C-2001, admin@customer1.example) accepted your invitation.");
    }

    @Test
    void aMissingGermanPartFallsBackToEnglishWithTheReadersTimeZone() {
        // English only from the module, and the host's German subject of the invitation: the bodies have no German.
        MailTemplates templates = MailTemplates.defaults(branding(), Set.of()).with(Locale.GERMAN, NotificationType.INVITATION,
                MailTemplate.Part.SUBJECT, "{{productName}}: Einladung{{#partnerName}} von {{partnerName}}{{/partnerName}}");
        mailWith(templates, adapters.tenantDirectory());

        world.delegation.addCustomerAccount(adminOf(acme), hooli.administratorEmail());
        dispatcher.drain();

        ReceivedMail invitation = receivedBy(hooli);
        assertThat(invitation.subject()).isEqualTo("Example Cloud: Einladung von Acme Reseller");
        assertThat(invitation.textPart()).startsWith("Hello,\n\n")
                .contains("Acme Reseller (partner account P-1001, admin@partner1.example) asks to manage your Example Cloud"
                        + " account C-2001")
                .contains("expires on 12 January 2026, 10:00 CET.");
        assertThat(invitation.htmlPart()).contains("<html lang=\"en\">").contains(">Accept and log in</a>");
    }

    @Test
    void theHostsPartForALocaleWinsAndTheOtherPartsStayInThatLanguage() {
        MailTemplates templates = templates().with(Locale.GERMAN, NotificationType.INVITATION, MailTemplate.Part.SUBJECT,
                "Bitte prüfen: {{#partnerName}}{{partnerName}} ({{partnerAccountNumber}}){{/partnerName}}"
                        + "{{^partnerName}}{{partnerAccountNumber}}{{/partnerName}} bittet um Zugang");
        Tenant english = customer(2);
        world.register(english);
        mailWith(templates, adapters.tenantDirectory());

        world.delegation.addCustomerAccount(adminOf(acme), hooli.administratorEmail());
        world.delegation.addCustomerAccount(adminOf(acme), english.administratorEmail());
        dispatcher.drain();

        assertThat(receivedBy(hooli).subject()).isEqualTo("Bitte prüfen: Acme Reseller (P-1001) bittet um Zugang");
        assertThat(receivedBy(hooli).textPart()).startsWith("Guten Tag,").contains(EXPIRY_IN_BERLIN);
        assertThat(receivedBy(english).subject()).isEqualTo("Example Cloud: Acme Reseller (partner P-1001) asks to manage your account");
        assertThat(receivedBy(english).textPart()).contains("expires on 12 January 2026, 09:00 UTC.");
    }

    @Test
    void aReaderOfALanguageWithoutTemplatesGetsEnglishInItsOwnTimeZone() {
        InMemoryTenantDirectory readers = new InMemoryTenantDirectory();
        readers.register(new Tenant(TenantId.of("tokyo"), customer(1).accountNumber(), customer(1).administratorEmail(), false,
                TenantProfile.DEFAULTS.withLocale(Locale.JAPANESE).withTimeZone(ZoneId.of("Asia/Tokyo"))));
        mailWith(templates(), readers);

        notifier.deliver(notification(NotificationType.INVITATION));

        ReceivedMail invitation = received().get(0);
        assertThat(invitation.subject()).isEqualTo("Example Cloud: partner P-1001 asks to manage your account");
        assertThat(invitation.textPart()).startsWith("Hello,\n\n").contains("expires on 12 January 2026, 18:00 JST.");
        assertThat(invitation.htmlPart()).contains("<html lang=\"en\">");
    }

    @Test
    void aFrenchReaderInARegionGetsTheFrenchTemplatesAndWords() {
        InMemoryTenantDirectory readers = new InMemoryTenantDirectory();
        readers.register(customer(1).withProfile(TenantProfile.DEFAULTS.withLocale(Locale.forLanguageTag("fr-CH"))
                .withTimeZone(ZoneId.of("Europe/Zurich"))));
        mailWith(templates(), readers);

        notifier.deliver(notification(NotificationType.INVITATION).withNames(Optional.of("Acme Reseller"), Optional.empty()));

        ReceivedMail invitation = received().get(0);
        assertThat(invitation.subject()).isEqualTo("Example Cloud : Acme Reseller (partenaire P-1001) demande à gérer votre compte");
        assertThat(invitation.textPart()).startsWith("Bonjour,\n\n")
                .contains("Acme Reseller (compte partenaire P-1001, admin@partner1.example) demande à gérer")
                .contains("expire le 12 janvier 2026, 10:00 CET.");
    }

    @Test
    void aRecipientTheDirectoryDoesNotKnowReadsEnglishInUtc() {
        mailWith(templates(), new InMemoryTenantDirectory());

        notifier.deliver(notification(NotificationType.INVITATION));

        assertThat(received().get(0).textPart()).startsWith("Hello,").contains("expires on 12 January 2026, 09:00 UTC.");
    }

    @Test
    void aDirectoryThatFailsIsADeliveryThatFailsAndNothingIsSent() {
        InMemoryTenantDirectory down = new InMemoryTenantDirectory();
        TenantDirectory failing = new TenantDirectory() {
            @Override
            public Optional<Tenant> findById(TenantId id) {
                return down.findById(id);
            }

            @Override
            public Optional<Tenant> findByAdministratorEmail(EmailAddress email) {
                throw new DelegationException(ErrorCode.STORAGE_UNAVAILABLE, "The database of admin@customer1.example is down.");
            }

            @Override
            public Tenant grantPartnerPermission(TenantId id) {
                return down.grantPartnerPermission(id);
            }

            @Override
            public Tenant revokePartnerPermission(TenantId id) {
                return down.revokePartnerPermission(id);
            }
        };
        mailWith(templates(), failing);
        Notification invitation = notification(NotificationType.INVITATION);

        DelegationException e = catchThrowableOfType(DelegationException.class, () -> notifier.deliver(invitation));

        assertThat(e.code()).isEqualTo(ErrorCode.NOTIFICATION_FAILED);
        assertThat(e.getMessage()).contains("a***@customer1.example").contains(invitation.id().toString())
                .doesNotContain("admin@customer1.example");
        assertThat(e.getCause()).isInstanceOf(DelegationException.class);
        assertThat(received()).isEmpty();
    }
}
