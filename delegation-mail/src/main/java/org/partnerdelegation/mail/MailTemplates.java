package org.partnerdelegation.mail;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
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
 * ({@code invitation}, {@code acceptance-confirmation}, ..., {@code change-request},
 * {@code ending-notice-to-partner}, {@code renewal-notice-to-customer}): copy one to start your
 * own. {@link #defaultTemplate(NotificationType)} hands them out. Each shows the roles concerned
 * (the host's {@link org.partnerdelegation.core.domain.RoleCatalogue} names and describes them)
 * and the period or end date where it applies.
 *
 * <p>Immutable and thread-safe: {@link #with} and {@link #withBranding} return a new instance.
 * Arguments are required. A template that uses a placeholder its kind does not have
 * ({@code {{acceptUrl}}} or {@code {{expiresAt}}} outside the invitation and the change request),
 * or an invitation or change request template without {@code {{acceptUrl}}} outside any section
 * in both bodies, is refused with a {@link DelegationException} of code {@code INVALID_INPUT}; so is
 * a template using {@code {{logins}}} or {@code {{loginCount}}} outside the login notice and the
 * login digest ({@code delegated-login-notice}, {@code delegated-login-digest}), or one of those two
 * without {@code {{logins}}} outside any section in both bodies.
 */
public final class MailTemplates {

    private static final String DEFAULTS = "org/partnerdelegation/mail/templates/";

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
     *                             the kind does not have, or an invitation or change request template does not
     *                             show {@code {{acceptUrl}}} outside any section in both bodies
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
        if (!type.reportsLogins()) {
            Set<String> loginsOnly = template.placeholders().stream().filter(Placeholder::loginsOnly)
                    .map(Placeholder::marker).collect(Collectors.toCollection(TreeSet::new));
            if (!loginsOnly.isEmpty()) {
                throw DelegationException.invalidInput("template", "for " + kind + " uses " + String.join(", ", loginsOnly)
                        + ", which only the login notice and the login digest have");
            }
        } else if (!TemplateText.parse(template.text(), "text").unconditional().contains(Placeholder.LOGINS)
                || !TemplateText.parse(template.html(), "html").unconditional().contains(Placeholder.LOGINS)) {
            throw DelegationException.invalidInput("template", "for " + kind + " must show {{logins}} in both the text"
                    + " and the HTML body, outside any section: telling the customer of the logins is its purpose");
        }
        if (!type.carriesInvitation()) {
            Set<String> tokenOnly = template.placeholders().stream().filter(Placeholder::tokenOnly)
                    .map(Placeholder::marker).collect(Collectors.toCollection(TreeSet::new));
            if (!tokenOnly.isEmpty()) {
                throw DelegationException.invalidInput("template", "for " + kind + " uses " + String.join(", ", tokenOnly)
                        + ", which only the invitation and the change request have");
            }
            return;
        }
        if (!TemplateText.parse(template.text(), "text").unconditional().contains(Placeholder.ACCEPT_URL)
                || !TemplateText.parse(template.html(), "html").unconditional().contains(Placeholder.ACCEPT_URL)) {
            throw DelegationException.invalidInput("template", "for " + kind + " must show {{acceptUrl}} in both the text"
                    + " and the HTML body, outside any section: it is the customer's only way to answer");
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
        if (n.type().carriesInvitation() && (n.invitationToken().isEmpty() || n.invitationExpiresAt().isEmpty())) {
            throw DelegationException.invalidInput("invitationToken", "and its expiry are required for " + n.type());
        }
        if (n.type().reportsLogins() && n.logins().isEmpty()) {
            throw DelegationException.invalidInput("logins", "are required for " + n.type());
        }
        NotificationValues values = NotificationValues.of(n, branding);
        Compiled c = compiled.get(n.type());
        String subject = MailText.requireHeaderSafe(c.subject().render(values.text()), "subject");
        return new RenderedMail(subject, c.text().render(values.text()), c.html().render(values.html()));
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
