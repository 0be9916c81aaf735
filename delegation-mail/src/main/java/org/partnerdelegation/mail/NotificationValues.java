package org.partnerdelegation.mail;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.partnerdelegation.core.domain.DelegableRole;
import org.partnerdelegation.core.domain.Notification;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.TenantProfile;

/**
 * The placeholders' values for one notification in one language and time zone, once for the
 * subject and the text part (as they are, the host's text on one line) and once for the HTML part
 * (escaped; the role and login lists as markup around escaped text). A placeholder without a
 * value is absent from both maps.
 */
record NotificationValues(Map<Placeholder, String> text, Map<Placeholder, String> html) {

    static NotificationValues of(Notification n, MailBranding branding) {
        return of(n, branding, Wording.ENGLISH, TenantProfile.DEFAULT_TIME_ZONE);
    }

    static NotificationValues of(Notification n, MailBranding branding, Wording words, ZoneId zone) {
        Map<Placeholder, String> text = new EnumMap<>(Placeholder.class);
        text.put(Placeholder.PRODUCT_NAME, branding.productName());
        text.put(Placeholder.PARTNER_ACCOUNT_NUMBER, n.partnerAccountNumber().value());
        text.put(Placeholder.PARTNER_EMAIL, n.partnerEmail().value());
        text.put(Placeholder.CUSTOMER_ACCOUNT_NUMBER, n.customerAccountNumber().value());
        text.put(Placeholder.CUSTOMER_EMAIL, n.customerEmail().value());
        // TenantProfile refuses control characters in a name; one line again for a host's own Notification.
        n.partnerName().ifPresent(name -> text.put(Placeholder.PARTNER_NAME, MailText.oneLine(name)));
        n.customerName().ifPresent(name -> text.put(Placeholder.CUSTOMER_NAME, MailText.oneLine(name)));
        if (n.type().carriesInvitation()) {
            n.invitationToken().ifPresent(token -> text.put(Placeholder.ACCEPT_URL, branding.acceptUrl(token)));
            n.invitationExpiresAt().ifPresent(at -> text.put(Placeholder.EXPIRES_AT, words.date(at, zone)));
        }
        text.put(Placeholder.ROLES, n.roles().stream()
                .map(r -> "- " + MailText.oneLine(r.name()) + ": " + MailText.oneLine(r.description()))
                .collect(Collectors.joining("\n")));
        text.put(Placeholder.ROLE_NAMES, n.roles().stream().map(r -> MailText.oneLine(r.name())).collect(Collectors.joining(", ")));
        n.term().ifPresent(term -> text.put(Placeholder.TERM, words.term(term)));
        n.endsAt().ifPresent(at -> text.put(Placeholder.ENDS_AT, words.date(at, zone)));
        renewsUntil(n).ifPresent(at -> text.put(Placeholder.RENEWS_UNTIL, words.date(at, zone)));
        branding.partnerAccessUrl().ifPresent(url -> text.put(Placeholder.PARTNER_ACCESS_URL, url));
        if (n.type().reportsLogins()) {
            text.put(Placeholder.LOGINS, n.logins().stream().map(l -> "- " + words.loginLine(l, zone)).collect(Collectors.joining("\n")));
            text.put(Placeholder.LOGIN_COUNT, String.valueOf(n.logins().size()));
        }

        Map<Placeholder, String> html = new EnumMap<>(Placeholder.class);
        text.forEach((p, value) -> html.put(p, MailText.escapeHtml(value)));
        html.put(Placeholder.ROLES, rolesHtml(n.roles()));
        if (n.type().reportsLogins()) {
            html.put(Placeholder.LOGINS, loginsHtml(n.logins(), words, zone));
        }
        return new NotificationValues(Collections.unmodifiableMap(text), Collections.unmodifiableMap(html));
    }

    /**
     * The end of the one automatic renewal: the end date plus another term. A change request's
     * term is the one requested, not the one in force, so it has none.
     */
    private static Optional<Instant> renewsUntil(Notification n) {
        if (!n.autoRenew() || n.type() == NotificationType.CHANGE_REQUEST || n.term().isEmpty() || n.endsAt().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(n.endsAt().get().plus(n.term().get()));
    }

    /** A list; empty (nothing at all) when the notification names no role. */
    private static String rolesHtml(List<DelegableRole> roles) {
        if (roles.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("<ul style=\"margin: 0 0 1em 0; padding-left: 22px;\">");
        for (DelegableRole r : roles) {
            out.append("\n<li><strong>").append(MailText.escapeHtml(MailText.oneLine(r.name()))).append("</strong>: ")
                    .append(MailText.escapeHtml(MailText.oneLine(r.description()))).append("</li>");
        }
        return out.append("\n</ul>").toString();
    }

    /** A list of the logins, each line escaped. */
    private static String loginsHtml(List<Notification.Login> logins, Wording words, ZoneId zone) {
        StringBuilder out = new StringBuilder("<ul style=\"margin: 0 0 1em 0; padding-left: 22px;\">");
        for (Notification.Login l : logins) {
            out.append("\n<li>").append(MailText.escapeHtml(words.loginLine(l, zone))).append("</li>");
        }
        return out.append("\n</ul>").toString();
    }

    /** A date as an English mail in UTC shows it: {@code 12 January 2026, 09:00 UTC}. */
    static String date(Instant at) {
        return Wording.ENGLISH.date(at, TenantProfile.DEFAULT_TIME_ZONE);
    }

    /** A period as an English mail shows it: {@code 30 days}, {@code 1 day and 12 hours}. */
    static String term(Duration term) {
        return Wording.ENGLISH.term(term);
    }
}
