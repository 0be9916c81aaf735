package org.partnerdelegation.mail;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The {@code {{name}}} placeholders a {@link MailTemplate} may use. */
enum Placeholder {
    PRODUCT_NAME("productName", false),
    PARTNER_ACCOUNT_NUMBER("partnerAccountNumber", false),
    PARTNER_EMAIL("partnerEmail", false),
    CUSTOMER_ACCOUNT_NUMBER("customerAccountNumber", false),
    CUSTOMER_EMAIL("customerEmail", false),
    ACCEPT_URL("acceptUrl", true),
    EXPIRES_AT("expiresAt", true);

    private final String templateName;
    private final boolean invitationOnly;

    Placeholder(String templateName, boolean invitationOnly) {
        this.templateName = templateName;
        this.invitationOnly = invitationOnly;
    }

    String templateName() {
        return templateName;
    }

    boolean invitationOnly() {
        return invitationOnly;
    }

    static Optional<Placeholder> named(String name) {
        return Arrays.stream(values()).filter(p -> p.templateName.equals(name)).findFirst();
    }

    static String allNames() {
        return Arrays.stream(values()).map(Placeholder::templateName).collect(Collectors.joining(", "));
    }
}
