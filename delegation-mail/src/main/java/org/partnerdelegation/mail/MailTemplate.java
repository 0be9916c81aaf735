package org.partnerdelegation.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import org.partnerdelegation.core.domain.DelegationException;

/**
 * The wording of one kind of notification: a subject, a plain-text body and an HTML body, with
 * {@code {{placeholder}}} markers that are filled in for each mail.
 *
 * <p>Placeholders: {@code {{productName}}}, {@code {{partnerAccountNumber}}},
 * {@code {{partnerEmail}}}, {@code {{customerAccountNumber}}}, {@code {{customerEmail}}}, and
 * for the invitation only {@code {{acceptUrl}}} (the Accept and Login link, required in both
 * bodies of the invitation) and {@code {{expiresAt}}} (such as {@code 2026-01-12 09:00 UTC}).
 * Values are HTML-escaped in the HTML body and put as they are into the subject and the text
 * body. A <code>{{</code> always opens a placeholder; an unknown name is refused.
 *
 * <pre>{@code
 * MailTemplate invitation = MailTemplate.of(
 *         "{{productName}}: {{partnerAccountNumber}} would like to manage your account",
 *         "Hello,\n\nOpen {{acceptUrl}} to accept (until {{expiresAt}}).\n",
 *         "<p>Hello,</p><p><a href=\"{{acceptUrl}}\">Accept and log in</a> (until {{expiresAt}}).</p>");
 * // or from your own resources: com/acme/mail/invitation.subject.txt, .text.txt and .html
 * MailTemplate fromFiles = MailTemplate.fromResources(Acme.class.getClassLoader(), "com/acme/mail/invitation");
 * }</pre>
 *
 * <p>Immutable and thread-safe. Every part is required and must not be blank; the subject must
 * be one line without control characters, since it becomes a mail header. A bad part is refused
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
     *                             holds a malformed or unknown placeholder
     */
    public MailTemplate {
        requirePart(subject, "subject");
        requirePart(text, "text");
        requirePart(html, "html");
        if (subject.length() > MAX_SUBJECT_LENGTH) {
            throw DelegationException.invalidInput("subject", "must have at most " + MAX_SUBJECT_LENGTH + " characters");
        }
        MailText.requireHeaderSafe(subject, "subject");
        // Parsed here so that a broken template is refused when the host builds it, not when a mail goes out.
        TemplateText.parse(subject, "subject");
        TemplateText.parse(text, "text");
        TemplateText.parse(html, "html");
    }

    private static void requirePart(String value, String name) {
        DelegationException.requireArgument(value, name);
        if (value.isBlank()) {
            throw DelegationException.invalidInput(name, "must not be blank");
        }
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
        String subject = read(loader, baseName + ".subject.txt").replaceFirst("(\\r?\\n)+$", "");
        return new MailTemplate(subject, read(loader, baseName + ".text.txt"), read(loader, baseName + ".html"));
    }

    private static String read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw DelegationException.invalidInput("baseName", "names no template: resource " + resource + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
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
