package org.partnerdelegation.mail;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.Notification;
import org.partnerdelegation.core.domain.NotificationType;

/**
 * The branding and the wording of every notification {@link SimpleJavaMailNotifier} sends: one
 * {@link MailTemplate} per {@link NotificationType}, starting from the module's own English
 * templates, any of which the host replaces without forking the module.
 *
 * <pre>{@code
 * MailTemplates templates = MailTemplates.defaults(branding)
 *         .with(NotificationType.INVITATION,
 *               MailTemplate.fromResources(Acme.class.getClassLoader(), "com/acme/mail/invitation"))
 *         .with(NotificationType.DECLINE_NOTICE, MailTemplate.of(
 *               "{{customerAccountNumber}} said no",
 *               "{{customerEmail}} declined your invitation.",
 *               "<p>{{customerEmail}} declined your invitation.</p>"));
 * }</pre>
 *
 * <p>The defaults live in this module's resources,
 * {@code org/partnerdelegation/mail/templates/<kind>.subject.txt}, {@code .text.txt} and
 * {@code .html}, where {@code <kind>} is the type's name in lower case with dashes
 * ({@code invitation}, {@code acceptance-confirmation}, ..., {@code removal-notice-to-customer}):
 * copy one to start your own. {@link #defaultTemplate(NotificationType)} hands them out.
 *
 * <p>Immutable and thread-safe: {@link #with} and {@link #withBranding} return a new instance.
 * Arguments are required; a template that uses a placeholder its kind does not have
 * ({@code {{acceptUrl}}} or {@code {{expiresAt}}} outside the invitation), or an invitation
 * template without {@code {{acceptUrl}}} in both bodies, is refused with a
 * {@link DelegationException} of code {@code INVALID_INPUT}.
 */
public final class MailTemplates {

    private static final String DEFAULTS = "org/partnerdelegation/mail/templates/";
    private static final DateTimeFormatter EXPIRY_FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final MailBranding branding;
    private final Map<NotificationType, MailTemplate> templates;
    private final Map<NotificationType, Compiled> compiled;

    private MailTemplates(MailBranding branding, Map<NotificationType, MailTemplate> templates) {
        this.branding = branding;
        EnumMap<NotificationType, MailTemplate> copy = new EnumMap<>(templates);
        EnumMap<NotificationType, Compiled> parsed = new EnumMap<>(NotificationType.class);
        copy.forEach((type, template) -> parsed.put(type, Compiled.of(template)));
        this.templates = Collections.unmodifiableMap(copy);
        this.compiled = Collections.unmodifiableMap(parsed);
    }

    /**
     * The module's own templates for every kind of notification, under the host's branding.
     *
     * @param branding the host's product name, sender and Accept link base
     * @return the module's English templates for every {@link NotificationType}
     * @throws DelegationException {@code INVALID_INPUT} when {@code branding} is null
     */
    public static MailTemplates defaults(MailBranding branding) {
        DelegationException.requireArgument(branding, "branding");
        return new MailTemplates(branding, Defaults.TEMPLATES);
    }

    /**
     * The module's own template for one kind of notification, as a starting point for your own.
     *
     * @param type the kind of notification
     * @return the module's English template for it
     * @throws DelegationException {@code INVALID_INPUT} when {@code type} is null
     */
    public static MailTemplate defaultTemplate(NotificationType type) {
        DelegationException.requireArgument(type, "type");
        return Defaults.TEMPLATES.get(type);
    }

    /**
     * A copy that words this kind of notification with the given template.
     *
     * @param type     the kind of notification to reword
     * @param template its new wording
     * @return the changed copy; this instance is unchanged
     * @throws DelegationException {@code INVALID_INPUT} when an argument is null, the template uses a placeholder
     *                             the kind does not have, or an invitation template lacks {@code {{acceptUrl}}}
     *                             in either body
     */
    public MailTemplates with(NotificationType type, MailTemplate template) {
        DelegationException.requireArgument(type, "type");
        DelegationException.requireArgument(template, "template");
        requireFits(type, template);
        EnumMap<NotificationType, MailTemplate> copy = new EnumMap<>(templates);
        copy.put(type, template);
        return new MailTemplates(branding, copy);
    }

    /**
     * A copy with another branding and the same templates.
     *
     * @param branding the host's product name, sender and Accept link base
     * @return the changed copy; this instance is unchanged
     * @throws DelegationException {@code INVALID_INPUT} when {@code branding} is null
     */
    public MailTemplates withBranding(MailBranding branding) {
        DelegationException.requireArgument(branding, "branding");
        return new MailTemplates(branding, templates);
    }

    /** {@return the branding every mail is rendered with: product name, sender and Accept link base} */
    public MailBranding branding() {
        return branding;
    }

    /**
     * The template in use for this kind of notification.
     *
     * @param type the kind of notification
     * @return the host's template for it, or the module's own when the host did not replace it
     * @throws DelegationException {@code INVALID_INPUT} when {@code type} is null
     */
    public MailTemplate template(NotificationType type) {
        DelegationException.requireArgument(type, "type");
        return templates.get(type);
    }

    private static void requireFits(NotificationType type, MailTemplate template) {
        String kind = type.name();
        if (type != NotificationType.INVITATION) {
            Set<String> invitationOnly = template.placeholders().stream().filter(Placeholder::invitationOnly)
                    .map(p -> "{{" + p.templateName() + "}}").collect(Collectors.toCollection(java.util.TreeSet::new));
            if (!invitationOnly.isEmpty()) {
                throw DelegationException.invalidInput("template",
                        "for " + kind + " uses " + String.join(", ", invitationOnly) + ", which only the invitation has");
            }
            return;
        }
        if (!TemplateText.parse(template.text(), "text").placeholders().contains(Placeholder.ACCEPT_URL)
                || !TemplateText.parse(template.html(), "html").placeholders().contains(Placeholder.ACCEPT_URL)) {
            throw DelegationException.invalidInput("template",
                    "for INVITATION must show {{acceptUrl}} in both the text and the HTML body: it is the customer's only way to accept");
        }
    }

    /**
     * Fills in the template of the notification's kind. The subject is checked as the header it
     * becomes.
     *
     * @throws DelegationException {@code INVALID_INPUT} when the subject would not be a safe header
     */
    RenderedMail render(Notification n) {
        Objects.requireNonNull(n, "notification");
        Map<Placeholder, String> values = new EnumMap<>(Placeholder.class);
        values.put(Placeholder.PRODUCT_NAME, branding.productName());
        values.put(Placeholder.PARTNER_ACCOUNT_NUMBER, n.partnerAccountNumber().value());
        values.put(Placeholder.PARTNER_EMAIL, n.partnerEmail().value());
        values.put(Placeholder.CUSTOMER_ACCOUNT_NUMBER, n.customerAccountNumber().value());
        values.put(Placeholder.CUSTOMER_EMAIL, n.customerEmail().value());
        n.invitationToken().ifPresent(token -> values.put(Placeholder.ACCEPT_URL, branding.acceptUrl(token)));
        n.invitationExpiresAt().ifPresent(at -> values.put(Placeholder.EXPIRES_AT, EXPIRY_FORMAT.format(at)));
        Compiled c = compiled.get(n.type());
        if (n.type() == NotificationType.INVITATION && !values.containsKey(Placeholder.EXPIRES_AT)) {
            throw DelegationException.invalidInput("invitationExpiresAt", "is required for an invitation");
        }
        String subject = MailText.requireHeaderSafe(c.subject().render(values, false), "subject");
        return new RenderedMail(subject, c.text().render(values, false), c.html().render(values, true));
    }

    @Override
    public String toString() {
        return "MailTemplates[" + branding + ", " + templates.size() + " templates]";
    }

    private record Compiled(TemplateText subject, TemplateText text, TemplateText html) {
        static Compiled of(MailTemplate t) {
            return new Compiled(TemplateText.parse(t.subject(), "subject"), TemplateText.parse(t.text(), "text"),
                    TemplateText.parse(t.html(), "html"));
        }
    }

    /** Loaded once, on first use. */
    private static final class Defaults {
        static final Map<NotificationType, MailTemplate> TEMPLATES = load();

        private static Map<NotificationType, MailTemplate> load() {
            EnumMap<NotificationType, MailTemplate> all = new EnumMap<>(NotificationType.class);
            ClassLoader loader = MailTemplates.class.getClassLoader();
            for (NotificationType type : NotificationType.values()) {
                MailTemplate t = MailTemplate.fromResources(loader, DEFAULTS + type.name().toLowerCase(Locale.ROOT).replace('_', '-'));
                requireFits(type, t);
                all.put(type, t);
            }
            return Collections.unmodifiableMap(all);
        }
    }
}
