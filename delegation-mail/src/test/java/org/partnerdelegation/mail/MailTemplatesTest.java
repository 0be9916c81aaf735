package org.partnerdelegation.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.partnerdelegation.mail.MailFixtures.ACCEPT_BASE;
import static org.partnerdelegation.mail.MailFixtures.branding;
import static org.partnerdelegation.mail.MailFixtures.notification;
import static org.partnerdelegation.mail.MailFixtures.templates;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.DelegableRole;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Notification;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.SecretToken;

class MailTemplatesTest {

    private static void assertInvalidInput(ThrowingCallable call, String mentioning) {
        assertThatThrownBy(call)
                .isInstanceOf(DelegationException.class)
                .satisfies(e -> assertThat(((DelegationException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT))
                .hasMessageContaining(mentioning);
    }

    @ParameterizedTest
    @EnumSource(NotificationType.class)
    void everyKindHasADefaultThatNamesBothSidesAndTheProduct(NotificationType type) {
        RenderedMail mail = templates().render(notification(type));

        assertThat(mail.subject()).contains("Example Cloud").doesNotContain("{{");
        assertThat(mail.text()).contains("C-2001").doesNotContain("{{");
        assertThat(mail.html()).contains("C-2001").contains("<p>").doesNotContain("{{");
        if (type.recipientSide() == NotificationType.Side.CUSTOMER) {
            assertThat(mail.text()).contains("P-1001");
        }
    }

    @Test
    void invitationCarriesTheAcceptLinkAndTheExpiryInBothBodies() {
        Notification invitation = notification(NotificationType.INVITATION);
        String link = ACCEPT_BASE + invitation.invitationToken().orElseThrow().reveal();

        RenderedMail mail = templates().render(invitation);

        assertThat(mail.text()).contains(link).contains("12 January 2026, 09:00 UTC");
        assertThat(mail.html()).contains("href=\"" + link + "\"").contains("12 January 2026, 09:00 UTC");
        assertThat(mail.subject()).doesNotContain(invitation.invitationToken().orElseThrow().reveal());
    }

    @Test
    void acceptLinkUrlEncodesTheTokenAfterTheBase() {
        MailBranding b = new MailBranding("X", EmailAddress.of("a@b.example"), "X", "https://h.example/accept/");
        SecretToken token = SecretToken.parse("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ-_01234");

        assertThat(b.acceptUrl(token)).isEqualTo("https://h.example/accept/abcdefghijklmnopqrstuvwxyzABCDEFGHIJ-_01234");
    }

    @Test
    void valuesAreEscapedInTheHtmlPartAndLeftAsTheyAreInTheTextPart() {
        AccountNumber sneaky = AccountNumber.of("P-<script>alert(\"x\")</script>&'");
        MailBranding b = new MailBranding("Tom & Jerry <Cloud>", EmailAddress.of("no-reply@example.com"), "T&J", ACCEPT_BASE);

        RenderedMail mail = MailTemplates.defaults(b).render(notification(NotificationType.REMOVAL_NOTICE_TO_CUSTOMER,
                sneaky, AccountNumber.of("C-1")));

        assertThat(mail.html())
                .contains("P-&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;")
                .contains("Tom &amp; Jerry &lt;Cloud&gt;")
                .doesNotContain("<script>")
                .doesNotContain("Tom & Jerry");
        assertThat(mail.text()).contains("P-<script>alert(\"x\")</script>&'").contains("Tom & Jerry <Cloud>");
        assertThat(mail.subject()).contains("P-<script>alert(\"x\")</script>&'");
    }

    @Test
    void hostReplacesTheWordingOfOneKindAndKeepsTheOthers() {
        MailTemplates custom = templates().with(NotificationType.DECLINE_NOTICE,
                MailTemplate.of("{{customerAccountNumber}} said no", "Sorry: {{customerEmail}}.", "<b>{{customerEmail}}</b>"));

        RenderedMail declined = custom.render(notification(NotificationType.DECLINE_NOTICE));

        assertThat(declined.subject()).isEqualTo("C-2001 said no");
        assertThat(declined.text()).isEqualTo("Sorry: admin@customer1.example.");
        assertThat(declined.html()).isEqualTo("<b>admin@customer1.example</b>");
        assertThat(custom.template(NotificationType.INVITATION)).isEqualTo(MailTemplates.defaultTemplate(NotificationType.INVITATION));
        assertThat(templates().template(NotificationType.DECLINE_NOTICE))
                .as("the original is untouched").isEqualTo(MailTemplates.defaultTemplate(NotificationType.DECLINE_NOTICE));
    }

    @Test
    void hostLoadsItsTemplateFromItsOwnResources() {
        MailTemplate t = MailTemplate.fromResources(getClass().getClassLoader(), "org/partnerdelegation/mail/custom/invitation");

        assertThat(t.subject()).isEqualTo("Join {{partnerAccountNumber}} on {{productName}}");
        RenderedMail mail = templates().with(NotificationType.INVITATION, t).render(notification(NotificationType.INVITATION));
        assertThat(mail.subject()).isEqualTo("Join P-1001 on Example Cloud");
        assertThat(mail.text()).startsWith("Custom invitation: " + ACCEPT_BASE);
    }

    @Test
    void missingTemplateResourceIsRefused() {
        assertInvalidInput(() -> MailTemplate.fromResources(getClass().getClassLoader(), "nowhere/invitation"),
                "nowhere/invitation.subject.txt is missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Hello {{customerNickname}}", "Hello {{ productName }}", "Hello {{productName"})
    void unknownOrBrokenPlaceholdersAreRefusedWhenTheTemplateIsBuilt(String subject) {
        assertInvalidInput(() -> MailTemplate.of(subject, "text", "<p>html</p>"), "subject");
    }

    @Test
    void linkPlaceholdersAreRefusedInKindsWithoutALink() {
        MailTemplate withLink = MailTemplate.of("Subject", "Open {{acceptUrl}}", "<a href=\"{{acceptUrl}}\">x</a>");

        assertInvalidInput(() -> templates().with(NotificationType.ACCEPTANCE_NOTICE, withLink), "{{acceptUrl}}");
    }

    @Test
    void invitationWithoutTheLinkInBothBodiesIsRefused() {
        MailTemplate textOnly = MailTemplate.of("Subject", "Open {{acceptUrl}}", "<p>No link here</p>");

        assertInvalidInput(() -> templates().with(NotificationType.INVITATION, textOnly), "{{acceptUrl}}");
    }

    @Test
    void changeRequestTemplateWithoutTheLinkOutsideASectionIsRefused() {
        MailTemplate conditional = MailTemplate.of("Subject", "{{#endsAt}}Open {{acceptUrl}}{{/endsAt}}", "<a href=\"{{acceptUrl}}\">x</a>");

        assertInvalidInput(() -> templates().with(NotificationType.CHANGE_REQUEST, conditional), "outside any section");
        assertInvalidInput(() -> templates().with(NotificationType.CHANGE_REQUEST,
                MailTemplate.of("Subject", "No link", "<p>No link</p>")), "{{acceptUrl}}");
    }

    @Test
    void hostRewordsTheChangeRequestWithItsLinkAndExpiry() {
        MailTemplates custom = templates().with(NotificationType.CHANGE_REQUEST, MailTemplate.of(
                "{{partnerAccountNumber}} wants {{roleNames}}",
                "Answer at {{acceptUrl}} before {{expiresAt}}.",
                "<a href=\"{{acceptUrl}}\">Answer</a>"));
        Notification request = notification(NotificationType.CHANGE_REQUEST);

        RenderedMail mail = custom.render(request);

        assertThat(mail.subject()).isEqualTo("P-1001 wants Tenant administrator");
        assertThat(mail.text()).isEqualTo("Answer at " + ACCEPT_BASE + request.invitationToken().orElseThrow().reveal()
                + " before 12 January 2026, 09:00 UTC.");
    }

    @Test
    void sectionsShowTheirContentOnlyWhenThePlaceholderHasAValueOrOnlyWhenItHasNone() {
        MailTemplates custom = templates().with(NotificationType.ACCEPTANCE_NOTICE, MailTemplate.of("Accepted",
                "{{#endsAt}}Ends {{endsAt}}{{#renewsUntil}}, renews until {{renewsUntil}} ({{term}}){{/renewsUntil}}.{{/endsAt}}"
                        + "{{^endsAt}}No end date.{{/endsAt}}{{^renewsUntil}} Once.{{/renewsUntil}}",
                "<p>{{#term}}{{term}}{{/term}}{{^term}}open{{/term}}</p>"));
        Instant end = Instant.parse("2026-03-01T09:00:00Z");
        List<DelegableRole> admin = List.of(DelegableRole.TENANT_ADMINISTRATOR);

        RenderedMail renewing = custom.render(notification(NotificationType.ACCEPTANCE_NOTICE, admin,
                Optional.of(Duration.ofDays(30)), Optional.of(end), true));
        RenderedMail open = custom.render(notification(NotificationType.ACCEPTANCE_NOTICE));

        assertThat(renewing.text()).isEqualTo("Ends 1 March 2026, 09:00 UTC, renews until 31 March 2026, 09:00 UTC (30 days).");
        assertThat(renewing.html()).isEqualTo("<p>30 days</p>");
        assertThat(open.text()).isEqualTo("No end date. Once.");
        assertThat(open.html()).isEqualTo("<p>open</p>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ends {{endsAt}}", "{{^endsAt}}{{endsAt}}{{/endsAt}}", "{{#term}}{{renewsUntil}}{{/term}}",
            "For {{term}}", "{{#endsAt}}{{term}}{{/endsAt}}"})
    void aPlaceholderSomeNotificationsLackIsRefusedOutsideItsSection(String text) {
        assertInvalidInput(() -> MailTemplate.of("Subject", text, "<p>html</p>"), "section; some notifications have no value for it");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{{#endsAt}}open", "{{/endsAt}}", "{{#endsAt}}{{^term}}x{{/endsAt}}{{/term}}", "{{#nope}}x{{/nope}}",
            "{{#}}x{{/}}"})
    void sectionsThatDoNotCloseInOrderOrNameNothingKnownAreRefused(String text) {
        assertInvalidInput(() -> MailTemplate.of("Subject", text, "<p>html</p>"), "text");
    }

    @Test
    void theSubjectMayNotCarryTheLinkOrTheRoleList() {
        assertInvalidInput(() -> MailTemplate.of("Open {{acceptUrl}}", "{{acceptUrl}}", "<a href=\"{{acceptUrl}}\">x</a>"),
                "must not use {{acceptUrl}}");
        assertInvalidInput(() -> MailTemplate.of("{{roles}}", "text", "<p>html</p>"), "must not use {{roles}}");
        assertThat(MailTemplate.of("{{roleNames}} until {{#endsAt}}{{endsAt}}{{/endsAt}}", "text", "<p>html</p>").subject())
                .startsWith("{{roleNames}}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Hello\r\nBcc: victim@example.org", "Hello\nthere", "Hello\rthere", "Hello\u0085there",
            "Hello\u2028there", "Hello\u0000"})
    void subjectTemplateWithALineBreakOrControlCharacterIsRefused(String subject) {
        assertInvalidInput(() -> MailTemplate.of(subject, "text", "<p>html</p>"), "subject must be one line");
    }

    @Test
    void subjectResourceWithASecondLineIsRefused() {
        assertInvalidInput(() -> MailTemplate.fromResources(getClass().getClassLoader(), "org/partnerdelegation/mail/custom/two-line"),
                "subject must be one line");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Example\r\nBcc: victim@example.org", "Example\nCloud", "Tab\there"})
    void senderNameOrProductNameWithALineBreakIsRefused(String name) {
        assertInvalidInput(() -> new MailBranding(name, EmailAddress.of("a@b.example"), "Sender", ACCEPT_BASE), "productName");
        assertInvalidInput(() -> new MailBranding("Product", EmailAddress.of("a@b.example"), name, ACCEPT_BASE), "senderName");
    }

    @ParameterizedTest
    @ValueSource(strings = {"app.example.com/accept?token=", "ftp://app.example.com/accept?token=", "javascript:alert(1)//",
            "https://app.example.com/accept?token=\"onclick=", "https://app.example.com/a b?token=",
            "https://app.example.com/accept#token=", "https:///accept?token="})
    void acceptUrlBaseMustBeAnAbsoluteHttpUrlWithoutSurprises(String base) {
        assertInvalidInput(() -> new MailBranding("P", EmailAddress.of("a@b.example"), "S", base), "acceptUrlBase");
    }

    @Test
    void finalHeaderCheckRefusesWhatTheTemplatesCouldNotCatch() {
        assertInvalidInput(() -> MailText.requireHeaderSafe("Subject\r\nBcc: victim@example.org", "subject"), "subject");
        assertThat(MailText.requireHeaderSafe("Ünïcödé subject – fine", "subject")).isEqualTo("Ünïcödé subject – fine");
    }

    @Test
    void htmlEscapingCoversTheFiveSpecialCharacters() {
        assertThat(MailText.escapeHtml("<a href=\"x\">Tom & Jerry's</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
        assertThat(MailText.escapeHtml("plain")).isEqualTo("plain");
    }

    @Test
    void addressesInFreeTextAreMaskedAsEmailAddressMasksThem() {
        assertThat(MailText.maskEmails("550 5.1.1 <jane.doe@customer1.example>: Recipient address rejected"))
                .isEqualTo("550 5.1.1 <j***@customer1.example>: Recipient address rejected");
        assertThat(MailText.maskEmails("from no-reply@example.com to Ünïcode@exämple.example, then x@y"))
                .isEqualTo("from n***@example.com to Ü***@exämple.example, then x***@y");
        assertThat(MailText.maskEmails(EmailAddress.of("jane@example.com").value()))
                .isEqualTo(EmailAddress.of("jane@example.com").masked());
        assertThat(MailText.maskEmails("no address at [::1]:25 or @ alone")).isEqualTo("no address at [::1]:25 or @ alone");
    }

    @Test
    void brandingIsRequired() {
        assertInvalidInput(() -> MailTemplates.defaults(null), "branding");
        assertThat(templates().withBranding(branding()).branding()).isEqualTo(branding());
    }
}
