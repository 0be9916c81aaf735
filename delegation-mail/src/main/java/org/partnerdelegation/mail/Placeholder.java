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
    RENEWS_UNTIL("renewsUntil", Presence.SOMETIMES);

    /** When a placeholder has a value. */
    enum Presence {
        /** In every notification. */
        ALWAYS,
        /** In the notifications that carry a token, and only there: anywhere else it is refused. */
        WITH_TOKEN,
        /** In some notifications: shown only inside its own {@code {{#name}}...{{/name}}} section. */
        SOMETIMES
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
