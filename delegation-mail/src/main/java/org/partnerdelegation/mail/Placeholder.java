package org.partnerdelegation.mail;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The {@code {{name}}} placeholders a {@link MailTemplate} may use. */
enum Placeholder {
    PRODUCT_NAME("productName", Presence.ALWAYS),
    PARTNER_ACCOUNT_NUMBER("partnerAccountNumber", Presence.ALWAYS),
    PARTNER_EMAIL("partnerEmail", Presence.ALWAYS),
    CUSTOMER_ACCOUNT_NUMBER("customerAccountNumber", Presence.ALWAYS),
    CUSTOMER_EMAIL("customerEmail", Presence.ALWAYS),
    /** The partner's display name, as the directory has it; missing when it has none (show the account number then). */
    PARTNER_NAME("partnerName", Presence.SOMETIMES),
    /** The customer's display name, as the directory has it; missing when it has none. */
    CUSTOMER_NAME("customerName", Presence.SOMETIMES),
    /** The link with the token: only in the kinds that carry one (invitation, change request). */
    ACCEPT_URL("acceptUrl", Presence.WITH_TOKEN),
    /** When that link expires. */
    EXPIRES_AT("expiresAt", Presence.WITH_TOKEN),
    /** The roles as a list (lines in the text part, a {@code <ul>} in the HTML part): a block, never in the subject. */
    ROLES("roles", Presence.ALWAYS),
    /** The roles' names on one line, separated by commas. */
    ROLE_NAMES("roleNames", Presence.ALWAYS),
    /** The period requested or granted, such as {@code 30 days}; missing for no end date. */
    TERM("term", Presence.SOMETIMES),
    /** The end date in force; missing when there is none (yet). */
    ENDS_AT("endsAt", Presence.SOMETIMES),
    /** The end of the one automatic renewal's period; present only when the grant renews automatically. */
    RENEWS_UNTIL("renewsUntil", Presence.SOMETIMES),
    /**
     * The delegated logins a login notice or digest reports, as a list (lines in the text part, a
     * {@code <ul>} in the HTML part), each naming the partner user, the partner (display name, account number
     * and administrator email), when, the roles by their catalogue names and the reason if one was given:
     * a block, never in the subject. Only in those two kinds.
     */
    LOGINS("logins", Presence.WITH_LOGINS),
    /** How many logins the notice or digest reports. Only in those two kinds. */
    LOGIN_COUNT("loginCount", Presence.WITH_LOGINS),
    /**
     * The link to the customer's view of its partner's access ({@link MailBranding#partnerAccessUrl()});
     * missing when the host did not configure one.
     */
    PARTNER_ACCESS_URL("partnerAccessUrl", Presence.SOMETIMES);

    /** When a placeholder has a value. */
    enum Presence {
        /** In every notification. */
        ALWAYS,
        /** In the notifications that carry a token, and only there: anywhere else it is refused. */
        WITH_TOKEN,
        /** In some notifications: shown only inside its own {@code {{#name}}...{{/name}}} section. */
        SOMETIMES,
        /** In the notifications that report delegated logins, and only there: anywhere else it is refused. */
        WITH_LOGINS
    }

    private final String templateName;
    private final Presence presence;

    Placeholder(String templateName, Presence presence) {
        this.templateName = templateName;
        this.presence = presence;
    }

    String templateName() {
        return templateName;
    }

    /** {@return the placeholder as a template writes it, such as <code>{{endsAt}}</code>} */
    String marker() {
        return "{{" + templateName + "}}";
    }

    boolean tokenOnly() {
        return presence == Presence.WITH_TOKEN;
    }

    boolean loginsOnly() {
        return presence == Presence.WITH_LOGINS;
    }

    boolean mayBeMissing() {
        return presence == Presence.SOMETIMES;
    }

    /**
     * Whether a section shown when this placeholder has a value guarantees that {@code other} has
     * one: itself, and for {@link #RENEWS_UNTIL} the term and the end date it is counted from.
     */
    boolean guarantees(Placeholder other) {
        return this == other || (this == RENEWS_UNTIL && (other == TERM || other == ENDS_AT));
    }

    static Optional<Placeholder> named(String name) {
        return Arrays.stream(values()).filter(p -> p.templateName.equals(name)).findFirst();
    }

    static String allNames() {
        return Arrays.stream(values()).map(Placeholder::templateName).collect(Collectors.joining(", "));
    }
}
