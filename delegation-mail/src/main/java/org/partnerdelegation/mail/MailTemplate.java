package org.partnerdelegation.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.partnerdelegation.core.domain.DelegationException;

/**
 * The wording of one kind of notification: a subject, a plain-text body and an HTML body, with
 * {@code {{placeholder}}} markers that are filled in for each mail.
 *
 * <p>Placeholders:
 * <ul>
 * <li>{@code {{productName}}}, {@code {{partnerAccountNumber}}}, {@code {{partnerEmail}}},
 *     {@code {{customerAccountNumber}}}, {@code {{customerEmail}}};</li>
 * <li>{@code {{partnerName}}} and {@code {{customerName}}}: the tenants' display names as the
 *     directory has them ({@link org.partnerdelegation.core.domain.TenantProfile}); missing for a
 *     tenant without one, so shown inside their own section, with the account number in the
 *     inverted one: <code>{{#partnerName}}{{partnerName}} (partner account
 *     {{partnerAccountNumber}}){{/partnerName}}{{^partnerName}}partner account
 *     {{partnerAccountNumber}}{{/partnerName}}</code>. Show the account number and email beside a
 *     name: a name is what the partner is called, the number is what the customer can check;</li>
 * <li>{@code {{roles}}}: the roles concerned, requested (the invitation, the change request) or
 *     granted (the other notices), each with the name and the description the host's catalogue
 *     gives it: one {@code - name: description} line each in the text body, a {@code <ul>} list in
 *     the HTML body. It is a block: put it on lines of its own, not inside a paragraph, and never in
 *     the subject;</li>
 * <li>{@code {{roleNames}}}: the same roles' names on one line, separated by commas;</li>
 * <li>{@code {{term}}}: the period requested or granted, such as {@code 30 days}; an invitation's
 *     and a change request's is counted from the customer's approval. Missing for no end date, and
 *     in a change request that keeps the current end date;</li>
 * <li>{@code {{endsAt}}}: the end date in force (once renewed, the new one), such as
 *     {@code 1 March 2026, 09:00 UTC} (in the reader's language and time zone); missing when there is none, and in an invitation, whose end
 *     date starts at the acceptance;</li>
 * <li>{@code {{renewsUntil}}}: when the grant renews automatically once, the end of that further
 *     period ({@code endsAt} plus {@code term}); missing otherwise, and in a change request;</li>
 * <li>for the invitation and the change request only: {@code {{acceptUrl}}} (the link carrying
 *     the token, with which the customer accepts or declines the invitation, or approves or
 *     declines the change; required in both bodies, never in the subject) and {@code {{expiresAt}}}
 *     (when that link expires, such as {@code 12 January 2026, 09:00 UTC}).</li>
 * </ul>
 *
 * <p>A section shows its content only when a placeholder has a value,
 * <code>{{#endsAt}}Ends on {{endsAt}}.{{/endsAt}}</code>, or only when it has none,
 * <code>{{^endsAt}}No end date.{{/endsAt}}</code>; sections nest. {@code {{term}}},
 * {@code {{endsAt}}} and {@code {{renewsUntil}}}, which some notifications lack, may be shown only
 * inside their own <code>{{#name}}</code> section (inside <code>{{#renewsUntil}}</code>, the term
 * and the end date may be shown too), so that a template cannot fail on a notification that lacks
 * one. {@code {{#roles}}} is shown when there is at least one role.
 *
 * <p>Values are HTML-escaped in the HTML body and put as they are into the subject and the text
 * body, where the roles' names and descriptions are kept on one line. A <code>{{</code> always
 * opens a placeholder or a section; an unknown name is refused.
 *
 * <pre>{@code
 * MailTemplate invitation = MailTemplate.of(
 *         "{{productName}}: {{partnerAccountNumber}} would like to manage your account",
 *         "Hello,\n\nRoles requested:\n{{roles}}\n\n{{#term}}For {{term}}.{{/term}}{{^term}}No end date.{{/term}}\n\n"
 *                 + "Open {{acceptUrl}} to accept (until {{expiresAt}}).\n",
 *         "<p>Hello,</p>{{roles}}<p><a href=\"{{acceptUrl}}\">Accept and log in</a> (until {{expiresAt}}).</p>");
 * // or from your own resources: com/acme/mail/invitation.subject.txt, .text.txt and .html
 * MailTemplate fromFiles = MailTemplate.fromResources(Acme.class.getClassLoader(), "com/acme/mail/invitation");
 * }</pre>
 *
 * <p>Immutable and thread-safe. Every part is required and must not be blank; the subject must
 * be one line without control characters, since it becomes a mail header, and must not use
 * {@code {{acceptUrl}}} (a header is logged by mail servers; the token belongs in the body only),
 * {@code {{roles}}} (a list of lines; {@code {{roleNames}}} fits a subject) or {@code {{logins}}}. A bad part is refused
 * with a {@link DelegationException} of code {@code INVALID_INPUT}. Which placeholders a kind
 * of notification may use is checked when the template is put into {@link MailTemplates}.
 *
 * @param subject the subject line
 * @param text    the plain-text body
 * @param html    the HTML body (a fragment or a whole document)
 */
public record MailTemplate(String subject, String text, String html) {

    private static final int MAX_SUBJECT_LENGTH = 500;

    /**
     * Validates the template and parses its placeholders.
     *
     * @param subject the subject line: not blank, one line, at most 500 characters
     * @param text    the plain-text body; not blank
     * @param html    the HTML body; not blank
     * @throws DelegationException {@code INVALID_INPUT} naming the part that is missing or refused, or that
     *                             holds a malformed or unknown placeholder, a section not closed in order, or a
     *                             placeholder that may be missing outside its section; or when the subject uses
     *                             {@code {{acceptUrl}}}, {@code {{roles}}} or {@code {{logins}}}
     */
    public MailTemplate {
        subject = requirePart(subject, "subject");
        text = requirePart(text, "text");
        html = requirePart(html, "html");
        // Parsed here so that a broken template is refused when the host builds it, not when a mail goes out.
        parse(Part.SUBJECT, subject);
        parse(Part.TEXT, text);
        parse(Part.HTML, html);
    }

    /** The three parts of a template, each a resource of its own: {@code <name>.subject.txt}, {@code .text.txt}, {@code .html}. */
    public enum Part {
        /** The subject line: one line, at most 500 characters, a mail header. */
        SUBJECT("subject", ".subject.txt"),
        /** The plain-text body. */
        TEXT("text", ".text.txt"),
        /** The HTML body. */
        HTML("html", ".html");

        private final String label;
        private final String suffix;

        Part(String label, String suffix) {
            this.label = label;
            this.suffix = suffix;
        }

        /** {@return how the part's resource name ends, such as {@code .subject.txt}} */
        public String resourceSuffix() {
            return suffix;
        }

        /** The name error messages give the part: {@code subject}, {@code text} or {@code html}. */
        String label() {
            return label;
        }
    }

    private static String requirePart(String value, String name) {
        DelegationException.requireArgument(value, name);
        if (value.isBlank()) {
            throw DelegationException.invalidInput(name, "must not be blank");
        }
        return value;
    }

    /**
     * Checks one part on its own, as the constructor checks it, and parses it: what
     * {@link MailTemplates} does for a part a host replaces alone.
     *
     * @throws DelegationException {@code INVALID_INPUT} naming the part
     */
    static TemplateText parse(Part part, String value) {
        requirePart(value, part.label());
        if (part != Part.SUBJECT) {
            return TemplateText.parse(value, part.label());
        }
        if (value.length() > MAX_SUBJECT_LENGTH) {
            throw DelegationException.invalidInput("subject", "must have at most " + MAX_SUBJECT_LENGTH + " characters");
        }
        MailText.requireHeaderSafe(value, "subject");
        TemplateText parsed = TemplateText.parse(value, "subject");
        Set<Placeholder> inSubject = parsed.placeholders();
        if (inSubject.contains(Placeholder.ACCEPT_URL)) {
            throw DelegationException.invalidInput("subject", "must not use {{acceptUrl}}: the link carries a secret, and a"
                    + " subject is a header that mail servers log; put the link in the bodies");
        }
        if (inSubject.contains(Placeholder.ROLES)) {
            throw DelegationException.invalidInput("subject", "must not use {{roles}}, a list of lines; {{roleNames}} fits on one");
        }
        if (inSubject.contains(Placeholder.LOGINS)) {
            throw DelegationException.invalidInput("subject", "must not use {{logins}}, a list of lines; {{loginCount}} fits on one");
        }
        return parsed;
    }

    /** {@return the text of one part} */
    String part(Part part) {
        return switch (part) {
            case SUBJECT -> subject;
            case TEXT -> text;
            case HTML -> html;
        };
    }

    /**
     * The template with these parts; same as the constructor.
     *
     * @param subject the subject line: not blank, one line, at most 500 characters
     * @param text    the plain-text body; not blank
     * @param html    the HTML body; not blank
     * @return the template
     * @throws DelegationException {@code INVALID_INPUT} naming the part that is missing or refused, or that
     *                             holds a malformed or unknown placeholder
     */
    public static MailTemplate of(String subject, String text, String html) {
        return new MailTemplate(subject, text, html);
    }

    /**
     * Reads a template from three UTF-8 resources: {@code baseName + ".subject.txt"} (its line
     * break at the end, if any, is dropped), {@code baseName + ".text.txt"} and
     * {@code baseName + ".html"}.
     *
     * @param loader   where to look, such as {@code YourClass.class.getClassLoader()}
     * @param baseName the resources' common path without a leading slash, such as {@code com/acme/mail/invitation}
     * @return the template the three resources hold
     * @throws DelegationException {@code INVALID_INPUT} when an argument is null, a resource is missing or its
     *                             content is refused
     * @throws java.io.UncheckedIOException when a resource exists but cannot be read
     */
    public static MailTemplate fromResources(ClassLoader loader, String baseName) {
        DelegationException.requireArgument(loader, "loader");
        DelegationException.requireArgument(baseName, "baseName");
        return new MailTemplate(read(loader, baseName, Part.SUBJECT), read(loader, baseName, Part.TEXT),
                read(loader, baseName, Part.HTML));
    }

    private static String read(ClassLoader loader, String baseName, Part part) {
        String resource = baseName + part.resourceSuffix();
        return readIfPresent(loader, baseName, part).orElseThrow(() ->
                DelegationException.invalidInput("baseName", "names no template: resource " + resource + " is missing"));
    }

    /**
     * One part's resource, {@code baseName} followed by the part's suffix, in UTF-8; a subject's
     * line breaks at the end dropped. Empty when there is no such resource.
     */
    static Optional<String> readIfPresent(ClassLoader loader, String baseName, Part part) {
        String resource = baseName + part.resourceSuffix();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            String content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Optional.of(part == Part.SUBJECT ? content.replaceFirst("(\\r?\\n)+$", "") : content);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the mail template resource " + resource, e);
        }
    }

    /** Every placeholder the three parts use. */
    Set<Placeholder> placeholders() {
        Set<Placeholder> all = EnumSet.noneOf(Placeholder.class);
        all.addAll(TemplateText.parse(subject, "subject").placeholders());
        all.addAll(TemplateText.parse(text, "text").placeholders());
        all.addAll(TemplateText.parse(html, "html").placeholders());
        return all;
    }
}
