package org.partnerdelegation.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.partnerdelegation.mail.MailFixtures.branding;
import static org.partnerdelegation.mail.MailFixtures.notification;
import static org.partnerdelegation.mail.MailFixtures.templates;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.DelegableRole;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Notification;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.TenantProfile;
import org.partnerdelegation.core.domain.UserId;

/** The module's languages, the fallback part by part, the host's wording per locale, and the words the module writes itself. */
class MailTemplateLanguagesTest {

    private static final TenantProfile GERMAN = TenantProfile.DEFAULTS.withLocale(Locale.GERMAN);
    private static final TenantProfile FRENCH = TenantProfile.DEFAULTS.withLocale(Locale.FRENCH);
    private static final String ROOT = "org/partnerdelegation/mail/templates/";

    private static void assertInvalidInput(ThrowingCallable call, String mentioning) {
        assertThatThrownBy(call)
                .isInstanceOf(DelegationException.class)
                .satisfies(e -> assertThat(((DelegationException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT))
                .hasMessageContaining(mentioning);
    }

    static Stream<Arguments> everyKindInEveryLanguage() {
        return Stream.of("de", "fr").flatMap(tag -> Stream.of(NotificationType.values()).map(type -> Arguments.of(tag, type)));
    }

    private static Notification named(NotificationType type) {
        return notification(type, List.of(DelegableRole.TENANT_ADMINISTRATOR), Optional.of(Duration.ofDays(30)),
                Optional.of(Instant.parse("2026-03-01T09:00:00Z")), true)
                .withNames(Optional.of("Acme Reseller"), Optional.of("Initech"));
    }

    // ------------------------------------------------------------------ the module's languages

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyKindInEveryLanguage")
    void theModuleShipsEveryPartOfEveryKindInGermanAndFrench(String tag, NotificationType type) {
        for (MailTemplate.Part part : MailTemplate.Part.values()) {
            String resource = ROOT + tag + "/" + MailTemplates.kind(type) + part.resourceSuffix();
            assertThat(getClass().getClassLoader().getResource(resource)).as(resource).isNotNull();
        }
        MailTemplate translated = MailTemplates.defaultTemplate(Locale.forLanguageTag(tag), type);
        MailTemplate english = MailTemplates.defaultTemplate(type);
        assertThat(translated.subject()).isNotEqualTo(english.subject());
        assertThat(translated.text()).isNotEqualTo(english.text());
        assertThat(translated.html()).contains("<html lang=\"" + tag + "\">");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyKindInEveryLanguage")
    void everyKindRendersInEveryLanguageWithAndWithoutNames(String tag, NotificationType type) {
        TenantProfile reader = TenantProfile.DEFAULTS.withLocale(Locale.forLanguageTag(tag)).withTimeZone(ZoneId.of("Europe/Paris"));

        RenderedMail withNames = templates().render(named(type), reader);
        RenderedMail without = templates().render(notification(type), reader);

        for (RenderedMail mail : List.of(withNames, without)) {
            assertThat(mail.subject() + mail.text() + mail.html()).doesNotContain("{{").doesNotContain("}}");
            assertThat(mail.text()).contains("C-2001").doesNotContain("Hello,");
        }
        if (type.recipientSide() == NotificationType.Side.CUSTOMER && !type.reportsLogins()) {
            assertThat(withNames.subject()).contains("Acme Reseller").contains("P-1001");
            assertThat(withNames.text()).contains("Acme Reseller").contains("P-1001").contains("admin@partner1.example");
            assertThat(without.text()).doesNotContain("Acme Reseller").contains("P-1001");
        } else if (!type.reportsLogins()) {
            assertThat(withNames.subject()).contains("Initech").contains("C-2001");
            assertThat(withNames.text()).contains("Initech").contains("admin@customer1.example");
        }
    }

    @Test
    void englishNamesThePartnerBesideItsAccountNumberAndEmailAndFallsBackToTheNumber() {
        RenderedMail named = templates().render(named(NotificationType.INVITATION));
        RenderedMail unnamed = templates().render(notification(NotificationType.INVITATION));

        assertThat(named.subject()).isEqualTo("Example Cloud: Acme Reseller (partner P-1001) asks to manage your account");
        assertThat(named.text()).contains("Hello,\n\nAcme Reseller (partner account P-1001, admin@partner1.example) asks to manage");
        assertThat(named.html()).contains("<strong>Acme Reseller</strong> (partner account P-1001, admin@partner1.example) asks");
        assertThat(unnamed.subject()).isEqualTo("Example Cloud: partner P-1001 asks to manage your account");
        assertThat(unnamed.text()).contains("Hello,\n\nThe partner account P-1001 (admin@partner1.example) asks to manage");
    }

    @Test
    void aNameIsEscapedInTheHtmlPartAndKeptAsItIsInTheTextPart() {
        Notification n = notification(NotificationType.INVITATION)
                .withNames(Optional.of("Müller & Söhne <GmbH> \"Süd\""), Optional.empty());

        RenderedMail mail = templates().render(n);

        assertThat(mail.html()).contains("<strong>Müller &amp; Söhne &lt;GmbH&gt; &quot;Süd&quot;</strong>")
                .doesNotContain("<GmbH>");
        assertThat(mail.text()).contains("Müller & Söhne <GmbH> \"Süd\" (partner account P-1001");
        assertThat(mail.subject()).contains("Müller & Söhne <GmbH> \"Süd\" (partner P-1001)");
    }

    @Test
    void aNameWithALineBreakFromAHostsOwnNotificationStaysOnOneLine() {
        Notification n = notification(NotificationType.INVITATION).withNames(Optional.of("Acme\r\nBcc: victim@example.org"),
                Optional.empty());

        RenderedMail mail = templates().render(n);

        assertThat(mail.subject()).contains("Acme  Bcc: victim@example.org (partner P-1001)").doesNotContain("\n");
    }

    @Test
    void aRegionalReaderGetsItsLanguageAndAHostsRegionalPartReachesThatRegionOnly() {
        MailTemplates swiss = templates().with(Locale.forLanguageTag("de-CH"), NotificationType.DECLINE_NOTICE,
                MailTemplate.Part.SUBJECT, "{{customerAccountNumber}} hat abgelehnt (CH)");
        TenantProfile zurich = GERMAN.withLocale(Locale.forLanguageTag("de-CH"));
        TenantProfile vienna = GERMAN.withLocale(Locale.forLanguageTag("de-AT"));

        assertThat(swiss.render(notification(NotificationType.DECLINE_NOTICE), zurich).subject()).isEqualTo("C-2001 hat abgelehnt (CH)");
        assertThat(swiss.render(notification(NotificationType.DECLINE_NOTICE), vienna).subject())
                .isEqualTo("Example Cloud: C-2001 hat Ihre Einladung abgelehnt");
        assertThat(swiss.render(notification(NotificationType.DECLINE_NOTICE), zurich).text()).startsWith("Guten Tag,");
        assertThat(swiss.template(Locale.forLanguageTag("de-CH"), NotificationType.DECLINE_NOTICE).text())
                .isEqualTo(MailTemplates.defaultTemplate(Locale.GERMAN, NotificationType.DECLINE_NOTICE).text());
    }

    @Test
    void rewordingAKindInEnglishLeavesTheModulesGermanForGermanReaders() {
        MailTemplates custom = templates().with(NotificationType.DECLINE_NOTICE,
                MailTemplate.of("{{customerAccountNumber}} said no", "Sorry.", "<p>Sorry.</p>"));

        assertThat(custom.render(notification(NotificationType.DECLINE_NOTICE)).subject()).isEqualTo("C-2001 said no");
        assertThat(custom.render(notification(NotificationType.DECLINE_NOTICE), GERMAN).subject())
                .isEqualTo("Example Cloud: C-2001 hat Ihre Einladung abgelehnt");
        assertThat(MailTemplates.defaults(branding(), Set.of()).with(NotificationType.DECLINE_NOTICE,
                MailTemplate.of("{{customerAccountNumber}} said no", "Sorry.", "<p>Sorry.</p>"))
                .render(notification(NotificationType.DECLINE_NOTICE), GERMAN).subject())
                .as("without the module's German, the host's English reaches German readers").isEqualTo("C-2001 said no");
    }

    @Test
    void aWholeTemplateForALocaleReplacesAllThreeParts() {
        MailTemplates custom = templates().with(Locale.FRENCH, NotificationType.DECLINE_NOTICE,
                MailTemplate.of("{{customerAccountNumber}} a dit non", "Dommage.", "<p>Dommage.</p>"));

        RenderedMail mail = custom.render(notification(NotificationType.DECLINE_NOTICE), FRENCH);

        assertThat(mail).isEqualTo(new RenderedMail("C-2001 a dit non", "Dommage.", "<p>Dommage.</p>"));
        assertThat(custom.template(Locale.FRENCH, NotificationType.DECLINE_NOTICE))
                .isEqualTo(MailTemplate.of("{{customerAccountNumber}} a dit non", "Dommage.", "<p>Dommage.</p>"));
    }

    @Test
    void onlyTheLanguagesTheHostChoseAreUsed() {
        MailTemplates germanOnly = MailTemplates.defaults(branding(), Set.of(Locale.GERMAN));

        assertThat(germanOnly.render(notification(NotificationType.INVITATION), GERMAN).text()).startsWith("Guten Tag,");
        assertThat(germanOnly.render(notification(NotificationType.INVITATION), FRENCH).text()).startsWith("Hello,");
        assertThat(MailTemplates.shippedLanguages()).containsExactly(Locale.ENGLISH, Locale.GERMAN, Locale.FRENCH);
        assertInvalidInput(() -> MailTemplates.defaults(branding(), Set.of(Locale.JAPANESE)), "must be among the languages the module ships (de, en, fr); got \"ja\"");
        assertInvalidInput(() -> MailTemplates.defaults(branding(), Set.of(Locale.forLanguageTag("de-CH"))), "got \"de-CH\"");
        assertInvalidInput(() -> MailTemplates.defaults(branding(), null), "languages");
    }

    // ------------------------------------------------------------------ the host's parts, checked as it builds them

    @Test
    void aHostsPartIsCheckedAsTheKindRequires() {
        assertInvalidInput(() -> templates().with(Locale.GERMAN, NotificationType.INVITATION, MailTemplate.Part.TEXT,
                "Kein Link"), "must show {{acceptUrl}}");
        assertInvalidInput(() -> templates().with(Locale.GERMAN, NotificationType.DECLINE_NOTICE, MailTemplate.Part.HTML,
                "<a href=\"{{acceptUrl}}\">x</a>"), "{{acceptUrl}}");
        assertInvalidInput(() -> templates().with(Locale.GERMAN, NotificationType.DELEGATED_LOGIN_NOTICE, MailTemplate.Part.TEXT,
                "{{loginCount}} Anmeldungen"), "must show {{logins}}");
        assertInvalidInput(() -> templates().with(Locale.GERMAN, NotificationType.INVITATION, MailTemplate.Part.SUBJECT,
                "Zeile\r\nBcc: x@example.org"), "subject must be one line");
        assertInvalidInput(() -> templates().with(Locale.GERMAN, NotificationType.DELEGATED_LOGIN_DIGEST, MailTemplate.Part.SUBJECT,
                "{{logins}}"), "must not use {{logins}}");
        assertInvalidInput(() -> templates().with(Locale.GERMAN, NotificationType.INVITATION, MailTemplate.Part.SUBJECT,
                "Von {{partnerName}}"), "outside a {{#partnerName}}");
        assertInvalidInput(() -> templates().with(Locale.GERMAN, NotificationType.INVITATION, MailTemplate.Part.SUBJECT, " "),
                "subject must not be blank");
        assertInvalidInput(() -> templates().with(Locale.GERMAN, NotificationType.INVITATION, null, "x"), "part");
    }

    @Test
    void aLocaleMustNameALanguage() {
        assertInvalidInput(() -> templates().with(Locale.ROOT, NotificationType.INVITATION, MailTemplate.Part.SUBJECT, "x"),
                "locale must name a language");
        assertInvalidInput(() -> templates().with(null, NotificationType.INVITATION, MailTemplates.defaultTemplate(NotificationType.INVITATION)),
                "locale");
        assertInvalidInput(() -> templates().template(new Locale("", "DE"), NotificationType.INVITATION), "locale must name a language");
        assertInvalidInput(() -> MailTemplates.defaultTemplate(Locale.ROOT, NotificationType.INVITATION), "locale must name a language");
    }

    @Test
    void aFolderOfTheHostsResourcesWordsALanguageAndTheRestFallsBackToEnglish() {
        TenantProfile dutch = TenantProfile.DEFAULTS.withLocale(Locale.forLanguageTag("nl"));
        MailTemplates withDutch = templates().withResources(dutch.locale(), getClass().getClassLoader(),
                "org/partnerdelegation/mail/nl");

        RenderedMail invitation = withDutch.render(named(NotificationType.INVITATION), dutch);
        RenderedMail removal = withDutch.render(named(NotificationType.REMOVAL_NOTICE_TO_CUSTOMER), dutch);

        assertThat(invitation.subject()).isEqualTo("Example Cloud: Acme Reseller (P-1001) wil uw account beheren");
        assertThat(invitation.text()).as("the English part, in English words").startsWith("Hello,")
                .contains("expires on 12 January 2026, 09:00 UTC.");
        assertThat(removal.text()).as("a language the module has no words for: the English patterns, its own month names")
                .startsWith("Hallo,\n\nUw account C-2001 is niet meer gekoppeld aan P-1001. Einddatum: 1 maart 2026, 09:00 UTC.");
        assertThat(removal.subject()).isEqualTo("Example Cloud: Acme Reseller (partner P-1001) no longer has access to your account");
    }

    @Test
    void aFolderWithoutTemplatesOrWithARefusedOneIsRefusedNamingIt() {
        ClassLoader loader = getClass().getClassLoader();
        Locale dutch = Locale.forLanguageTag("nl");

        assertInvalidInput(() -> templates().withResources(dutch, loader, "org/partnerdelegation/mail/empty-nl"),
                "names no template: org/partnerdelegation/mail/empty-nl/ holds no");
        assertInvalidInput(() -> templates().withResources(dutch, loader, "org/partnerdelegation/mail/broken-nl/"),
                "org/partnerdelegation/mail/broken-nl/invitation.text.txt");
        assertInvalidInput(() -> templates().withResources(dutch, null, "org/partnerdelegation/mail/nl"), "loader");
    }

    // ------------------------------------------------------------------ the words the module writes itself

    @Test
    void periodsAndDatesReadAsPeopleOfEachLanguageSayThem() {
        Duration mixed = Duration.ofDays(2).plusHours(1).plusMinutes(5);
        Instant winter = Instant.parse("2026-12-07T18:05:00Z");
        Instant summer = Instant.parse("2026-07-07T18:05:00Z");
        ZoneId berlin = ZoneId.of("Europe/Berlin");

        assertThat(Wording.of(Locale.GERMAN).term(Duration.ofDays(1))).isEqualTo("1 Tag");
        assertThat(Wording.of(Locale.GERMAN).term(Duration.ofHours(36))).isEqualTo("1 Tag und 12 Stunden");
        assertThat(Wording.of(Locale.FRENCH).term(mixed)).isEqualTo("2 jours, 1 heure et 5 minutes");
        assertThat(Wording.of(Locale.ENGLISH).term(Duration.ofSeconds(1))).isEqualTo("1 second");
        assertThat(Wording.of(Locale.ENGLISH).date(winter, berlin)).isEqualTo("7 December 2026, 19:05 CET");
        assertThat(Wording.of(Locale.GERMAN).date(winter, berlin)).isEqualTo("7. Dezember 2026, 19:05 MEZ");
        assertThat(Wording.of(Locale.GERMAN).date(summer, berlin)).isEqualTo("7. Juli 2026, 20:05 MESZ");
        assertThat(Wording.of(Locale.FRENCH).date(winter, ZoneId.of("UTC"))).isEqualTo("7 décembre 2026, 18:05 UTC");
        assertThat(Wording.of(Locale.forLanguageTag("de-CH")).term(Duration.ofDays(2))).isEqualTo("2 Tage");
        assertThat(Wording.of(Locale.JAPANESE).term(Duration.ofDays(2))).as("no Japanese words: English").isEqualTo("2 days");
    }

    @Test
    void aLoginLineNamesThePartnerInTheReadersLanguageAndTimeZone() {
        Notification.Login login = new Notification.Login(AccountNumber.of("P-1001"), EmailAddress.of("admin@partner1.example"),
                UserId.of("jane@partner1.example"), Instant.parse("2026-01-05T09:30:15Z"), List.of(DelegableRole.TENANT_ADMINISTRATOR),
                Optional.of("Ticket 4711"), Optional.of("Acme Reseller"));

        assertThat(Wording.of(Locale.GERMAN).loginLine(login, ZoneId.of("Europe/Berlin"))).isEqualTo("jane@partner1.example von"
                + " Acme Reseller (Konto P-1001, admin@partner1.example), 5. Januar 2026, 10:30:15 MEZ, Rollen: Tenant administrator,"
                + " Grund: Ticket 4711");
        assertThat(Wording.ENGLISH.loginLine(MailFixtures.LOGIN, ZoneId.of("UTC"))).isEqualTo("jane@partner1.example of P-1001"
                + " (admin@partner1.example), 5 January 2026, 09:30:15 UTC, roles: Tenant administrator, reason: Ticket 4711");
    }

    @Test
    void valuesPutIntoTheWordsAreNotFilledInAgain() {
        assertThat(Wording.fill("{user} of {partner}", Map.of("user", "{partner}", "partner", "Acme"))).isEqualTo("{partner} of Acme");
        assertThat(Wording.fill("{unknown} and { and }", Map.of("user", "x"))).isEqualTo("{unknown} and { and }");
    }

    @Test
    void everyLanguageHasEveryWordEnglishHas() throws IOException {
        Properties english = properties(ROOT + "messages.properties");
        for (String tag : List.of("de", "fr")) {
            Properties translated = properties(ROOT + tag + "/messages.properties");
            assertThat(translated.stringPropertyNames()).as(tag).isEqualTo(english.stringPropertyNames());
        }
    }

    private Properties properties(String resource) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return p;
        }
    }
}
