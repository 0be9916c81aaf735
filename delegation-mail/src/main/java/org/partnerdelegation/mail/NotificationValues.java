package org.partnerdelegation.mail;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.partnerdelegation.core.domain.DelegableRole;
import org.partnerdelegation.core.domain.Notification;
import org.partnerdelegation.core.domain.NotificationType;

/**
 * The placeholders' values for one notification, once for the subject and the text part (as
 * they are, the host's text on one line) and once for the HTML part (escaped; the role list as
 * markup around escaped names and descriptions). A placeholder without a value is absent from
 * both maps.
 */
record NotificationValues(Map<Placeholder, String> text, Map<Placeholder, String> html) {

    /** As the invitation has always shown its expiry: {@code 2026-01-12 09:00 UTC}. */
    static final DateTimeFormatter DATE_FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    static NotificationValues of(Notification n, MailBranding branding) {
        Map<Placeholder, String> text = new EnumMap<>(Placeholder.class);
        text.put(Placeholder.PRODUCT_NAME, branding.productName());
        text.put(Placeholder.PARTNER_ACCOUNT_NUMBER, n.partnerAccountNumber().value());
        text.put(Placeholder.PARTNER_EMAIL, n.partnerEmail().value());
        text.put(Placeholder.CUSTOMER_ACCOUNT_NUMBER, n.customerAccountNumber().value());
        text.put(Placeholder.CUSTOMER_EMAIL, n.customerEmail().value());
        if (n.type().carriesInvitation()) {
            n.invitationToken().ifPresent(token -> text.put(Placeholder.ACCEPT_URL, branding.acceptUrl(token)));
            n.invitationExpiresAt().ifPresent(at -> text.put(Placeholder.EXPIRES_AT, date(at)));
        }
        text.put(Placeholder.ROLES, n.roles().stream()
                .map(r -> "- " + MailText.oneLine(r.name()) + ": " + MailText.oneLine(r.description()))
                .collect(Collectors.joining("\n")));
        text.put(Placeholder.ROLE_NAMES, n.roles().stream().map(r -> MailText.oneLine(r.name())).collect(Collectors.joining(", ")));
        n.term().ifPresent(term -> text.put(Placeholder.TERM, term(term)));
        n.endsAt().ifPresent(at -> text.put(Placeholder.ENDS_AT, date(at)));
        renewsUntil(n).ifPresent(at -> text.put(Placeholder.RENEWS_UNTIL, date(at)));
        branding.partnerAccessUrl().ifPresent(url -> text.put(Placeholder.PARTNER_ACCESS_URL, url));
        if (n.type().reportsLogins()) {
            text.put(Placeholder.LOGINS, n.logins().stream().map(l -> "- " + loginLine(l)).collect(Collectors.joining("\n")));
            text.put(Placeholder.LOGIN_COUNT, String.valueOf(n.logins().size()));
        }

        Map<Placeholder, String> html = new EnumMap<>(Placeholder.class);
        text.forEach((p, value) -> html.put(p, MailText.escapeHtml(value)));
        html.put(Placeholder.ROLES, rolesHtml(n.roles()));
        if (n.type().reportsLogins()) {
            html.put(Placeholder.LOGINS, loginsHtml(n.logins()));
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

    /**
     * One login on one line: who (the partner user, of the partner's account number and email),
     * when, with which roles (their catalogue names) and why. The partner user's id and the reason
     * are the partner's words: kept to one line, escaped in the HTML part like every value.
     */
    private static String loginLine(Notification.Login l) {
        String roles = l.roles().stream().map(r -> MailText.oneLine(r.name())).collect(Collectors.joining(", "));
        return MailText.oneLine(l.partnerUser().value()) + " of " + l.partnerAccountNumber().value() + " ("
                + l.partnerEmail().value() + "), " + LOGIN_TIME.format(l.at()) + ", roles: " + roles
                + l.reason().map(r -> ", reason: " + MailText.oneLine(r)).orElse("");
    }

    /** A list of the logins, each line escaped. */
    private static String loginsHtml(List<Notification.Login> logins) {
        StringBuilder out = new StringBuilder("<ul style=\"margin: 0 0 1em 0; padding-left: 22px;\">");
        for (Notification.Login l : logins) {
            out.append("\n<li>").append(MailText.escapeHtml(loginLine(l))).append("</li>");
        }
        return out.append("\n</ul>").toString();
    }

    /** When a login happened, to the second: two logins within a minute read apart. */
    private static final DateTimeFormatter LOGIN_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    static String date(Instant at) {
        return DATE_FORMAT.format(at);
    }

    /**
     * A period as people say it: {@code 30 days}, {@code 1 day and 12 hours}, {@code 90 minutes}
     * becomes {@code 1 hour and 30 minutes}. Seconds show only in a period shorter than a minute.
     */
    static String term(Duration term) {
        List<String> parts = new ArrayList<>();
        add(parts, term.toDays(), "day");
        add(parts, term.toHoursPart(), "hour");
        add(parts, term.toMinutesPart(), "minute");
        if (parts.isEmpty()) {
            add(parts, Math.max(1, term.toSecondsPart()), "second");
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    private static void add(List<String> parts, long amount, String unit) {
        if (amount > 0) {
            parts.add(amount + " " + unit + (amount == 1 ? "" : "s"));
        }
    }
}
