package org.partnerdelegation.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.mail.MailFixtures.notification;
import static org.partnerdelegation.mail.MailFixtures.templates;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.partnerdelegation.core.domain.DelegableRole;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.Notification;
import org.partnerdelegation.core.domain.NotificationType;

/** What the mails say about the grant: the roles, the period, the end date and the renewal, on both sides. */
class GrantMailTemplatesTest {

    private static final DelegableRole BILLING = DelegableRole.of("billing:read", "Billing reader", "Reads invoices and payment history.");
    private static final DelegableRole SUPPORT = DelegableRole.of("support:tickets", "Support agent", "Opens and answers support tickets.");
    private static final List<DelegableRole> ROLES = List.of(BILLING, SUPPORT);
    private static final Instant ENDS_AT = Instant.parse("2026-03-01T09:00:00Z");
    private static final String ENDS = "1 March 2026, 09:00 UTC";
    /** ENDS_AT plus the 30-day term: the end of the one automatic renewal. */
    private static final String RENEWED_ENDS = "31 March 2026, 09:00 UTC";
    private static final Optional<Duration> DAYS_30 = Optional.of(Duration.ofDays(30));

    private static final Set<NotificationType> NEW_KINDS = EnumSet.range(NotificationType.CHANGE_REQUEST,
            NotificationType.RENEWAL_NOTICE_TO_CUSTOMER);

    private static RenderedMail render(NotificationType type, Optional<Duration> term, Optional<Instant> endsAt, boolean autoRenew) {
        return templates().render(notification(type, ROLES, term, endsAt, autoRenew));
    }

    private static void assertListsTheRoles(RenderedMail mail) {
        assertThat(mail.text())
                .contains("\n- Billing reader: Reads invoices and payment history.\n- Support agent: Opens and answers support tickets.\n");
        assertThat(mail.html())
                .contains("<li><strong>Billing reader</strong>: Reads invoices and payment history.</li>")
                .contains("<li><strong>Support agent</strong>: Opens and answers support tickets.</li>");
    }

    // ------------------------------------------------------------------ the invitation and the acceptance

    @Test
    void theInvitationListsTheRolesRequestedAndThePeriodCountedFromTheAcceptance() {
        RenderedMail mail = render(NotificationType.INVITATION, DAYS_30, Optional.empty(), false);

        assertListsTheRoles(mail);
        assertThat(mail.text()).contains("asks to manage your Example Cloud account C-2001 on your behalf, with these roles:")
                .contains("Period: 30 days, counted from your acceptance; the access then ends by itself.")
                .contains("can log in to your account with these roles only");
        assertThat(mail.html()).contains("Period: <strong>30 days</strong>, counted from your acceptance");
    }

    @Test
    void aSeedInvitationAsksForTheTenantAdministratorWithNoEndDate() {
        RenderedMail mail = templates().render(notification(NotificationType.INVITATION));

        assertThat(mail.text()).contains("with these roles:\n\n"
                        + "- Tenant administrator: Full administration of the customer tenant, as its administrator account.\n\n"
                        + "Period: no end date; the access lasts until you or the partner end it.\n")
                .doesNotContain("{{").doesNotContain("UTC;");
        assertThat(mail.html()).contains("<li><strong>Tenant administrator</strong>: Full administration of the customer tenant")
                .contains("Period: <strong>no end date</strong>");
    }

    @Test
    void theAcceptanceMailsShowTheRolesTheEndDateAndTheOneAutomaticRenewal() {
        RenderedMail confirmation = render(NotificationType.ACCEPTANCE_CONFIRMATION, DAYS_30, Optional.of(ENDS_AT), true);
        RenderedMail notice = render(NotificationType.ACCEPTANCE_NOTICE, DAYS_30, Optional.of(ENDS_AT), true);

        assertListsTheRoles(confirmation);
        assertListsTheRoles(notice);
        assertThat(confirmation.text()).contains("End date: " + ENDS + "; you allowed one automatic renewal, so the access"
                + " continues for another 30 days, until " + RENEWED_ENDS + ".");
        assertThat(notice.text()).contains("End date: " + ENDS + "; the customer allowed one automatic renewal, so the access"
                + " continues for another 30 days, until " + RENEWED_ENDS + ".");
        assertThat(confirmation.html()).contains("End date: <strong>" + ENDS + "</strong>")
                .contains("until <strong>" + RENEWED_ENDS + "</strong>");
    }

    @Test
    void theAcceptanceMailsSayWhenTheGrantDoesNotRenewOrHasNoEndDate() {
        RenderedMail once = render(NotificationType.ACCEPTANCE_NOTICE, DAYS_30, Optional.of(ENDS_AT), false);
        RenderedMail seed = templates().render(notification(NotificationType.ACCEPTANCE_CONFIRMATION));

        assertThat(once.text()).contains("End date: " + ENDS + "; it does not renew automatically.").doesNotContain(RENEWED_ENDS);
        assertThat(seed.text()).contains("- Tenant administrator: Full administration")
                .contains("No end date: the access lasts until you or the partner end it.");
    }

    @ParameterizedTest
    @EnumSource(value = NotificationType.class, names = {"DECLINE_NOTICE", "EXPIRY_NOTICE", "REMOVAL_NOTICE_TO_PARTNER",
            "REMOVAL_NOTICE_TO_CUSTOMER"})
    void declineExpiryAndRemovalNoticesNameTheRolesConcerned(NotificationType type) {
        assertListsTheRoles(render(type, DAYS_30, Optional.empty(), false));
    }

    // ------------------------------------------------------------------ the change request

    @Test
    void aChangeRequestShowsWhoAsksTheRolesTheNewPeriodAndTheGrantInForce() {
        RenderedMail mail = render(NotificationType.CHANGE_REQUEST, Optional.of(Duration.ofDays(90)), Optional.of(ENDS_AT), false);

        assertThat(mail.subject()).isEqualTo("Example Cloud: partner P-1001 asks to change its access to your account");
        assertListsTheRoles(mail);
        assertThat(mail.text())
                .contains("The partner account P-1001 (admin@partner1.example) asks to change its access to your Example Cloud account C-2001.")
                .contains("these roles, which replace the ones it has now")
                .contains("New period: 90 days, counted from your approval; the access then ends by itself.")
                .contains("Until you answer, the partner keeps the access it has now, whose end date is " + ENDS
                        + ". If you decline, or the link expires, that access stays as it is.")
                .contains("The link works once and expires on 12 January 2026, 09:00 UTC.");
        assertThat(mail.html()).contains(">Approve or decline</a>");
    }

    @Test
    void aChangeRequestThatKeepsThePeriodSaysTheEndDateStays() {
        RenderedMail dated = render(NotificationType.CHANGE_REQUEST, Optional.empty(), Optional.of(ENDS_AT), false);
        RenderedMail open = render(NotificationType.CHANGE_REQUEST, Optional.empty(), Optional.empty(), false);

        assertThat(dated.text()).contains("Period: unchanged; the access still ends on " + ENDS + ".");
        assertThat(open.text()).contains("Period: unchanged; there is still no end date.")
                .contains("Until you answer, the partner keeps the access it has now. If you decline");
    }

    @Test
    void theChangeRequestLinkCarriesTheTokenAfterTheAcceptUrlTheNotifierIsConfiguredWith() {
        String base = "https://cloud.initrode.example/partners/answer?invitation=";
        MailTemplates initrode = MailTemplates.defaults(new MailBranding("Initrode Cloud",
                EmailAddress.of("partners@initrode.example"), "Initrode", base));
        Notification request = notification(NotificationType.CHANGE_REQUEST, ROLES, DAYS_30, Optional.of(ENDS_AT), false);
        String token = request.invitationToken().orElseThrow().reveal();

        RenderedMail mail = initrode.render(request);

        assertThat(mail.text()).contains("\n" + base + token + "\n");
        assertThat(mail.html()).contains("<a href=\"" + base + token + "\"")
                .contains("Or copy this address into your browser: " + base + token + "</p>");
        assertThat(mail.subject()).doesNotContain(token);
    }

    // ------------------------------------------------------------------ the partner's notices about a change

    @Test
    void anApprovedChangeTellsThePartnerItsRolesAndEndDateNow() {
        RenderedMail mail = render(NotificationType.CHANGE_APPROVED_NOTICE, DAYS_30, Optional.of(ENDS_AT), false);

        assertThat(mail.subject()).isEqualTo("Example Cloud: C-2001 approved your change request");
        assertListsTheRoles(mail);
        assertThat(mail.text()).contains("The account C-2001 (admin@customer1.example) approved your change request."
                        + " Your administrators can now log in to it with these roles:")
                .contains("End date: " + ENDS + "; it does not renew automatically.");
    }

    @Test
    void aDeclinedOrExpiredChangeTellsThePartnerTheGrantInForceStays() {
        RenderedMail mail = render(NotificationType.CHANGE_DECLINED_NOTICE, DAYS_30, Optional.of(ENDS_AT), true);

        assertThat(mail.subject()).isEqualTo("Example Cloud: your change request to C-2001 was not approved");
        assertListsTheRoles(mail);
        assertThat(mail.text()).contains("declined your change request, or did not answer it before its link expired."
                        + " Nothing changed: your administrators can still log in to it with these roles:")
                .contains("End date: " + ENDS + "; the customer allowed one automatic renewal")
                .contains("You may send a new request from your account list.");
    }

    @Test
    void aReductionTellsThePartnerTheRolesAndTheEndDateItKeeps() {
        RenderedMail dated = render(NotificationType.GRANT_REDUCED_NOTICE, DAYS_30, Optional.of(ENDS_AT), false);
        RenderedMail open = templates().render(notification(NotificationType.GRANT_REDUCED_NOTICE, List.of(BILLING),
                Optional.empty(), Optional.empty(), false));

        assertThat(dated.subject()).isEqualTo("Example Cloud: C-2001 reduced your access");
        assertListsTheRoles(dated);
        assertThat(dated.text()).contains("reduced your access to it, with immediate effect. Your administrators can now log in"
                + " to it with these roles only:").contains("End date: " + ENDS + "; it does not renew automatically.");
        assertThat(open.text()).contains("- Billing reader: Reads invoices and payment history.\n\nNo end date:")
                .doesNotContain("Support agent");
    }

    // ------------------------------------------------------------------ the end date: coming, passed, renewed

    @Test
    void theEndingNoticesGiveBothSidesTheEndDateAndSayItDoesNotRenew() {
        RenderedMail partner = render(NotificationType.ENDING_NOTICE_TO_PARTNER, DAYS_30, Optional.of(ENDS_AT), false);
        RenderedMail customer = render(NotificationType.ENDING_NOTICE_TO_CUSTOMER, DAYS_30, Optional.of(ENDS_AT), false);

        assertThat(partner.subject()).isEqualTo("Example Cloud: your access to C-2001 reaches its end date soon");
        assertThat(partner.text()).contains("Your access to the account C-2001 (admin@customer1.example) reaches its end date on "
                        + ENDS + ".")
                .contains("It does not renew automatically: at the end date your administrators can no longer log in")
                .contains("request a longer period from your account list before then");
        assertThat(customer.subject()).isEqualTo("Example Cloud: partner P-1001's access to your account reaches its end date soon");
        assertThat(customer.text()).contains("The access of the partner account P-1001 (admin@partner1.example) to your Example Cloud"
                        + " account C-2001 reaches its end date on " + ENDS + ".")
                .contains("It does not renew automatically: at the end date the partner's administrators can no longer log in");
        assertListsTheRoles(partner);
        assertListsTheRoles(customer);
        assertThat(partner.html()).contains("reaches its end date on <strong>" + ENDS + "</strong>");
    }

    @Test
    void theEndingNoticesSayTheGrantRenewsOnceAndUntilWhen() {
        RenderedMail partner = render(NotificationType.ENDING_NOTICE_TO_PARTNER, DAYS_30, Optional.of(ENDS_AT), true);
        RenderedMail customer = render(NotificationType.ENDING_NOTICE_TO_CUSTOMER, DAYS_30, Optional.of(ENDS_AT), true);

        assertThat(partner.text()).contains("The customer allowed one automatic renewal: the access then continues for another"
                + " 30 days, until " + RENEWED_ENDS + ", and ends by itself after that.").doesNotContain("does not renew");
        assertThat(customer.text()).contains("You allowed one automatic renewal: the access then continues for another 30 days,"
                + " until " + RENEWED_ENDS + ", and ends by itself after that.").doesNotContain("does not renew");
    }

    @Test
    void theEndNoticesTellBothSidesTheAccessEndedAtTheEndDate() {
        RenderedMail partner = render(NotificationType.END_NOTICE_TO_PARTNER, DAYS_30, Optional.of(ENDS_AT), false);
        RenderedMail customer = render(NotificationType.END_NOTICE_TO_CUSTOMER, DAYS_30, Optional.of(ENDS_AT), false);

        assertThat(partner.subject()).isEqualTo("Example Cloud: your access to C-2001 has ended");
        assertThat(partner.text()).contains("Your access to the account C-2001 (admin@customer1.example) reached its end date, "
                + ENDS + ", and has ended. Your administrators can no longer log in to that account, and sessions open in it have ended.");
        assertThat(customer.subject()).isEqualTo("Example Cloud: partner P-1001's access to your account has ended");
        assertThat(customer.text()).contains("to your Example Cloud account C-2001 reached its end date, " + ENDS
                + ", and has ended. The partner's administrators can no longer log in to your account");
        assertListsTheRoles(partner);
        assertListsTheRoles(customer);
    }

    @Test
    void theRenewalNoticesGiveBothSidesTheNewEndDate() {
        // After the renewal the grant no longer renews: the notification carries the new end date, autoRenew false.
        RenderedMail partner = render(NotificationType.RENEWAL_NOTICE_TO_PARTNER, DAYS_30, Optional.of(ENDS_AT), false);
        RenderedMail customer = render(NotificationType.RENEWAL_NOTICE_TO_CUSTOMER, DAYS_30, Optional.of(ENDS_AT), false);

        assertThat(partner.subject()).isEqualTo("Example Cloud: your access to C-2001 was renewed");
        assertThat(partner.text()).contains("reached its end date and was renewed automatically for one more period of 30 days,"
                        + " as the customer allowed.")
                .contains("New end date: " + ENDS + ". It does not renew automatically again");
        assertThat(customer.subject()).isEqualTo("Example Cloud: partner P-1001's access to your account was renewed");
        assertThat(customer.text()).contains("was renewed automatically for one more period of 30 days, as you allowed when you approved it.")
                .contains("New end date: " + ENDS + ". It does not renew automatically again: at the end date the access ends by itself.");
        assertListsTheRoles(partner);
        assertListsTheRoles(customer);
        assertThat(customer.html()).contains("New end date: <strong>" + ENDS + "</strong>");
    }

    @ParameterizedTest
    @EnumSource(value = NotificationType.class, names = {"CHANGE_REQUEST", "CHANGE_APPROVED_NOTICE", "CHANGE_DECLINED_NOTICE",
            "GRANT_REDUCED_NOTICE", "ENDING_NOTICE_TO_PARTNER", "ENDING_NOTICE_TO_CUSTOMER", "END_NOTICE_TO_PARTNER",
            "END_NOTICE_TO_CUSTOMER", "RENEWAL_NOTICE_TO_PARTNER", "RENEWAL_NOTICE_TO_CUSTOMER"})
    void everyNewKindAddressesItsRecipientAndNamesTheOtherSide(NotificationType type) {
        Notification n = notification(type, ROLES, DAYS_30, Optional.of(ENDS_AT), false);

        RenderedMail mail = templates().render(n);

        assertThat(NEW_KINDS).contains(type);
        if (type.recipientSide() == NotificationType.Side.CUSTOMER) {
            assertThat(n.recipient()).isEqualTo(n.customerEmail());
            assertThat(mail.subject()).contains("partner P-1001");
            assertThat(mail.text()).contains("partner account P-1001 (admin@partner1.example)").contains("your Example Cloud account C-2001");
        } else {
            assertThat(n.recipient()).isEqualTo(n.partnerEmail());
            assertThat(mail.subject()).contains("C-2001");
            assertThat(mail.text()).contains("account C-2001 (admin@customer1.example)");
        }
        assertListsTheRoles(mail);
        assertThat(mail.text()).contains(ENDS).startsWith("Hello,\n\n").endsWith("\n\nExample Cloud\n").doesNotContain("{{");
        assertThat(mail.html()).contains(ENDS).startsWith("<!DOCTYPE html>").doesNotContain("{{");
    }

    // ------------------------------------------------------------------ host text in the mails

    @Test
    void aHostileRoleNameAndDescriptionAreEscapedInTheHtmlPartAndLeftAsTheyAreInTheTextPart() {
        DelegableRole hostile = DelegableRole.of("evil:role", "<img src=x onerror=alert(1)>",
                "Tom & Jerry's \"<script>alert('x')</script>\" role");
        Notification n = notification(NotificationType.CHANGE_REQUEST, List.of(hostile), DAYS_30, Optional.of(ENDS_AT), false);

        RenderedMail mail = templates().render(n);

        assertThat(mail.html())
                .contains("<li><strong>&lt;img src=x onerror=alert(1)&gt;</strong>: Tom &amp; Jerry&#39;s &quot;&lt;script&gt;"
                        + "alert(&#39;x&#39;)&lt;/script&gt;&quot; role</li>")
                .doesNotContain("<img").doesNotContain("<script>");
        assertThat(mail.text()).contains("\n- <img src=x onerror=alert(1)>: Tom & Jerry's \"<script>alert('x')</script>\" role\n");
    }

    @Test
    void roleNamesFitOnOneLineInAHostsSubject() {
        MailTemplates custom = templates().with(NotificationType.GRANT_REDUCED_NOTICE, MailTemplate.of(
                "{{customerAccountNumber}} now grants {{roleNames}}",
                "Now: {{roleNames}}.{{#endsAt}} Until {{endsAt}}.{{/endsAt}}",
                "<p>Now: {{roleNames}}</p>"));
        DelegableRole ampersand = DelegableRole.of("billing:write", "Billing & payments", "Pays invoices.");

        RenderedMail mail = custom.render(notification(NotificationType.GRANT_REDUCED_NOTICE, List.of(BILLING, ampersand),
                Optional.empty(), Optional.of(ENDS_AT), false));

        assertThat(mail.subject()).isEqualTo("C-2001 now grants Billing reader, Billing & payments");
        assertThat(mail.text()).isEqualTo("Now: Billing reader, Billing & payments. Until " + ENDS + ".");
        assertThat(mail.html()).isEqualTo("<p>Now: Billing reader, Billing &amp; payments</p>");
    }

    @Test
    void hostTextThatWouldBreakALineIsPutOnOneLine() {
        assertThat(MailText.oneLine("Billing\r\nBcc: x\u2028y\u2029z\u0085w\tv")).isEqualTo("Billing  Bcc: x y z w v");
        assertThat(MailText.oneLine("Ünïcödé – fine 👍")).isEqualTo("Ünïcödé – fine 👍");
    }

    @Test
    void periodsReadAsPeopleSayThem() {
        assertThat(NotificationValues.term(Duration.ofDays(1))).isEqualTo("1 day");
        assertThat(NotificationValues.term(Duration.ofDays(730))).isEqualTo("730 days");
        assertThat(NotificationValues.term(Duration.ofHours(36))).isEqualTo("1 day and 12 hours");
        assertThat(NotificationValues.term(Duration.ofMinutes(90))).isEqualTo("1 hour and 30 minutes");
        assertThat(NotificationValues.term(Duration.ofDays(2).plusHours(1).plusMinutes(5).plusSeconds(9)))
                .isEqualTo("2 days, 1 hour and 5 minutes");
        assertThat(NotificationValues.term(Duration.ofSeconds(45))).isEqualTo("45 seconds");
    }
}
