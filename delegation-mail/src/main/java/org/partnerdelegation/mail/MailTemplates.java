package org.partnerdelegation.mail;

import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.Notification;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.TenantProfile;

/**
 * The branding and the wording of every notification {@link SimpleJavaMailNotifier} sends, in
 * every language it writes: the module's own templates in English, German and French, any part
 * of which the host replaces, per language, without forking the module.
 *
 * <pre>{@code
 * MailTemplates templates = MailTemplates.defaults(branding)
 *         .with(NotificationType.INVITATION,
 *               MailTemplate.fromResources(Acme.class.getClassLoader(), "com/acme/mail/invitation"))
 *         .with(Locale.GERMAN, NotificationType.INVITATION, MailTemplate.Part.SUBJECT,
 *               "{{productName}}: Einladung von {{partnerAccountNumber}}")
 *         .withResources(Locale.forLanguageTag("nl"), Acme.class.getClassLoader(), "com/acme/mail/nl")
 *         .with(NotificationType.DECLINE_NOTICE, MailTemplate.of(
 *               "{{customerAccountNumber}} said no",
 *               "{{customerEmail}} declined your invitation.",
 *               "<p>{{customerEmail}} declined your invitation.</p>"));
 * }</pre>
 *
 * <p><b>Languages.</b> A mail is written for its reader, the recipient tenant's
 * {@link TenantProfile} (see {@link SimpleJavaMailNotifier}); without one, in English and UTC. Each
 * part of each kind (the invitation's subject, its text body, its HTML body, ...) is a key looked up
 * on its own, first in the reader's locale ({@code de-CH}), then in its language ({@code de}), then
 * in English; in each, a part the host replaced comes before the module's. So a reader whose
 * language has no template gets English ({@code ja}), a host that rewords only the German
 * invitation subject sends German readers that subject with the module's German bodies, and a
 * language the host adds with only some parts falls back to English for the others. Rewording a
 * kind in English (the {@link #with(NotificationType, MailTemplate)} of before) leaves the German and
 * French wording of the module in place for those readers: reword those too, or use
 * {@link #defaults(MailBranding, Set)} with the languages you reviewed. Dates, periods and the
 * lines of the login notices are written in the language of the part they appear in, times in the
 * reader's time zone with the zone shown ({@code 12 January 2026, 09:00 UTC},
 * {@code 12. Januar 2026, 10:00 MEZ}); a language the module has no words for gets the English
 * patterns with its own month names.
 *
 * <p><b>Resources.</b> The defaults live in this module's resources,
 * {@code org/partnerdelegation/mail/templates/<kind>.subject.txt}, {@code .text.txt} and
 * {@code .html} for English, and {@code templates/de/<kind>...} and {@code templates/fr/<kind>...}
 * for German and French, where {@code <kind>} is the type's name in lower case with dashes
 * ({@code invitation}, {@code acceptance-confirmation}, ..., {@code change-request},
 * {@code ending-notice-to-partner}, {@code renewal-notice-to-customer}): copy one to start your
 * own, or a folder of them for {@link #withResources}. {@link #defaultTemplate(Locale, NotificationType)}
 * hands them out. Each shows the roles concerned (the host's
 * {@link org.partnerdelegation.core.domain.RoleCatalogue} names and describes them, in one language)
 * and the period or end date where it applies, and names the partner by its display name beside
 * its account number and email.
 *
 * <p>Immutable and thread-safe: {@code with...} return a new instance. Arguments are required; a
 * locale must name a language. A part that uses a placeholder its kind does not have
 * ({@code {{acceptUrl}}} or {@code {{expiresAt}}} outside the invitation and the change request),
 * or an invitation or change request body without {@code {{acceptUrl}}} outside any section, is
 * refused with a {@link DelegationException} of code {@code INVALID_INPUT}; so is a part using
 * {@code {{logins}}} or {@code {{loginCount}}} outside the login notice and the login digest
 * ({@code delegated-login-notice}, {@code delegated-login-digest}), or a body of one of those two
 * without {@code {{logins}}} outside any section.
 */
public final class MailTemplates {

    private static final String DEFAULTS = "org/partnerdelegation/mail/templates/";
    private static final String ENGLISH = "en";
    /** The languages the module ships, English first: every other falls back to it. */
    private static final List<Locale> SHIPPED = List.of(Locale.ENGLISH, Locale.GERMAN, Locale.FRENCH);
    private static final Set<String> SHIPPED_TAGS = SHIPPED.stream().map(Locale::getLanguage).collect(Collectors.toUnmodifiableSet());
    private static final int MAX_LANGUAGE_TAG_LENGTH = TenantProfile.MAX_LANGUAGE_TAG_LENGTH;

    /** One part of one kind in one locale, by its BCP 47 tag. */
    private record Key(String tag, NotificationType type, MailTemplate.Part part) {
    }

    /** A part's text and its parse. */
    private record Source(String text, TemplateText parsed) {
    }

    /** The part found for a reader, and the language tag it was found under (its values are written in that language). */
    private record Found(String tag, Source source) {
    }

    private final MailBranding branding;
    private final Set<String> languages;
    private final Map<Key, Source> replaced;

    private MailTemplates(MailBranding branding, Set<String> languages, Map<Key, Source> replaced) {
        this.branding = branding;
        this.languages = Set.copyOf(languages);
        this.replaced = Map.copyOf(replaced);
    }

    /**
     * The module's own templates for every kind of notification, in every language it ships, under
     * the host's branding.
     *
     * @param branding the host's product name, sender and Accept link base
     * @return the module's English, German and French templates for every {@link NotificationType}
     * @throws DelegationException {@code INVALID_INPUT} when {@code branding} is null
     */
    public static MailTemplates defaults(MailBranding branding) {
        DelegationException.requireArgument(branding, "branding");
        return new MailTemplates(branding, SHIPPED_TAGS, Map.of());
    }

    /**
     * The module's own templates in English and in these of its languages only: readers of the
     * others get English, unless the host adds their wording.
     *
     * @param branding  the host's product name, sender and Accept link base
     * @param languages languages the module ships ({@link #shippedLanguages()}), such as {@code Set.of(Locale.GERMAN)};
     *                  English is always in
     * @return the module's templates in those languages
     * @throws DelegationException {@code INVALID_INPUT} when an argument is null, or a language is not one the module
     *                             ships, naming those it does
     */
    public static MailTemplates defaults(MailBranding branding, Set<Locale> languages) {
        DelegationException.requireArgument(branding, "branding");
        DelegationException.requireArgument(languages, "languages");
        Set<String> chosen = new LinkedHashSet<>();
        chosen.add(ENGLISH);
        for (Locale language : languages) {
            DelegationException.requireArgument(language, "languages");
            if (!SHIPPED_TAGS.contains(language.toLanguageTag())) {
                throw DelegationException.invalidInput("languages", "must be among the languages the module ships ("
                        + String.join(", ", new TreeSet<>(SHIPPED_TAGS)) + "); got \"" + language.toLanguageTag()
                        + "\". Add another language's wording with with(...) or withResources(...)");
            }
            chosen.add(language.toLanguageTag());
        }
        return new MailTemplates(branding, chosen, Map.of());
    }

    /** {@return the languages the module has templates in: English, German and French} */
    public static Set<Locale> shippedLanguages() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(SHIPPED));
    }

    /**
     * The module's own English template for one kind of notification, as a starting point for your own.
     *
     * @param type the kind of notification
     * @return the module's English template for it
     * @throws DelegationException {@code INVALID_INPUT} when {@code type} is null
     */
    public static MailTemplate defaultTemplate(NotificationType type) {
        return defaultTemplate(Locale.ENGLISH, type);
    }

    /**
     * The module's own template for one kind of notification as a reader of that locale gets it:
     * each part in the locale's language where the module ships one, else in English.
     *
     * @param locale the reader's locale, such as {@link Locale#GERMAN}
     * @param type   the kind of notification
     * @return the module's template for it
     * @throws DelegationException {@code INVALID_INPUT} when an argument is null or the locale names no language
     */
    public static MailTemplate defaultTemplate(Locale locale, NotificationType type) {
        List<String> candidates = candidates(Locale.forLanguageTag(tag(locale)));
        DelegationException.requireArgument(type, "type");
        return template(Map.of(), SHIPPED_TAGS, candidates, type);
    }

    /**
     * A copy that words this kind of notification with the given template for English readers, and
     * for readers of a language that has no wording of their own for it.
     *
     * @param type     the kind of notification to reword
     * @param template its new wording
     * @return the changed copy; this instance is unchanged
     * @throws DelegationException {@code INVALID_INPUT} when an argument is null, the template uses a placeholder
     *                             the kind does not have, or an invitation or change request template does not
     *                             show {@code {{acceptUrl}}} outside any section in both bodies
     */
    public MailTemplates with(NotificationType type, MailTemplate template) {
        return with(Locale.ENGLISH, type, template);
    }

    /**
     * A copy that words this kind of notification with the given template for readers of this
     * locale: a language ({@link Locale#GERMAN}) reaches its regions too, a region
     * ({@code de-CH}) that region only.
     *
     * @param locale   the readers' locale; must name a language
     * @param type     the kind of notification to reword
     * @param template its new wording, all three parts
     * @return the changed copy; this instance is unchanged
     * @throws DelegationException {@code INVALID_INPUT} as {@link #with(NotificationType, MailTemplate)}, or when
     *                             the locale names no language
     */
    public MailTemplates with(Locale locale, NotificationType type, MailTemplate template) {
        String tag = tag(locale);
        DelegationException.requireArgument(type, "type");
        DelegationException.requireArgument(template, "template");
        Map<Key, Source> copy = new HashMap<>(replaced);
        for (MailTemplate.Part part : MailTemplate.Part.values()) {
            copy.put(new Key(tag, type, part), source(type, part, template.part(part)));
        }
        return new MailTemplates(branding, languages, copy);
    }

    /**
     * A copy that words one part of this kind of notification for readers of this locale, the
     * other parts as before (the module's in that language, or English where it has none).
     *
     * @param locale the readers' locale; must name a language
     * @param type   the kind of notification to reword
     * @param part   which part: the subject, the text body or the HTML body
     * @param text   its new wording
     * @return the changed copy; this instance is unchanged
     * @throws DelegationException {@code INVALID_INPUT} when an argument is null or blank, the locale names no
     *                             language, or the part is refused as {@link MailTemplate} refuses it or uses a
     *                             placeholder the kind does not have (an invitation's body must show
     *                             {@code {{acceptUrl}}} outside any section)
     */
    public MailTemplates with(Locale locale, NotificationType type, MailTemplate.Part part, String text) {
        String tag = tag(locale);
        DelegationException.requireArgument(type, "type");
        DelegationException.requireArgument(part, "part");
        Map<Key, Source> copy = new HashMap<>(replaced);
        copy.put(new Key(tag, type, part), source(type, part, text));
        return new MailTemplates(branding, languages, copy);
    }

    /**
     * A copy with every part found in a folder of resources worded for readers of this locale:
     * {@code <directory>/<kind>.subject.txt}, {@code .text.txt} and {@code .html}, as the module's
     * own are laid out; a part that is not there stays as before. UTF-8; a subject's line break at
     * the end is dropped.
     *
     * @param locale    the readers' locale; must name a language
     * @param loader    where to look, such as {@code YourClass.class.getClassLoader()}
     * @param directory the folder's path without a leading slash, such as {@code com/acme/mail/nl}
     * @return the changed copy; this instance is unchanged
     * @throws DelegationException {@code INVALID_INPUT} when an argument is null, the locale names no language, the
     *                             folder holds no template at all, or a part is refused (naming its resource)
     * @throws java.io.UncheckedIOException when a resource exists but cannot be read
     */
    public MailTemplates withResources(Locale locale, ClassLoader loader, String directory) {
        String tag = tag(locale);
        DelegationException.requireArgument(loader, "loader");
        DelegationException.requireArgument(directory, "directory");
        String folder = directory.endsWith("/") ? directory : directory + "/";
        Map<Key, Source> copy = new HashMap<>(replaced);
        int found = 0;
        for (NotificationType type : NotificationType.values()) {
            for (MailTemplate.Part part : MailTemplate.Part.values()) {
                String base = folder + kind(type);
                Optional<String> text = MailTemplate.readIfPresent(loader, base, part);
                if (text.isPresent()) {
                    try {
                        copy.put(new Key(tag, type, part), source(type, part, text.get()));
                    } catch (DelegationException e) {
                        throw DelegationException.invalidInput("directory", "has a template the module refuses, "
                                + base + part.resourceSuffix() + ": " + e.getMessage());
                    }
                    found++;
                }
            }
        }
        if (found == 0) {
            throw DelegationException.invalidInput("directory", "names no template: " + folder + " holds no <kind>.subject.txt,"
                    + " .text.txt or .html (kinds such as " + kind(NotificationType.INVITATION) + ")");
        }
        return new MailTemplates(branding, languages, copy);
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
        return new MailTemplates(branding, languages, replaced);
    }

    /** {@return the branding every mail is rendered with: product name, sender and Accept link base} */
    public MailBranding branding() {
        return branding;
    }

    /**
     * The template in use for this kind of notification for an English reader.
     *
     * @param type the kind of notification
     * @return the host's template for it, or the module's own where the host did not replace a part
     * @throws DelegationException {@code INVALID_INPUT} when {@code type} is null
     */
    public MailTemplate template(NotificationType type) {
        return template(Locale.ENGLISH, type);
    }

    /**
     * The template in use for this kind of notification for a reader of this locale, each part
     * found as a mail to that reader finds it.
     *
     * @param locale the reader's locale; must name a language
     * @param type   the kind of notification
     * @return the three parts that reader's mail is rendered from
     * @throws DelegationException {@code INVALID_INPUT} when an argument is null or the locale names no language
     */
    public MailTemplate template(Locale locale, NotificationType type) {
        List<String> candidates = candidates(Locale.forLanguageTag(tag(locale)));
        DelegationException.requireArgument(type, "type");
        return template(replaced, languages, candidates, type);
    }

    private static MailTemplate template(Map<Key, Source> replaced, Set<String> languages, List<String> candidates,
                                         NotificationType type) {
        return MailTemplate.of(find(replaced, languages, candidates, type, MailTemplate.Part.SUBJECT).source().text(),
                find(replaced, languages, candidates, type, MailTemplate.Part.TEXT).source().text(),
                find(replaced, languages, candidates, type, MailTemplate.Part.HTML).source().text());
    }

    /** Fills in the template of the notification's kind for an English reader in UTC. */
    RenderedMail render(Notification n) {
        return render(n, TenantProfile.DEFAULTS);
    }

    /**
     * Fills in the template of the notification's kind for this reader: each part in the reader's
     * locale, language or English (the first that has it), its values in that part's language and
     * the reader's time zone. The subject is checked as the header it becomes.
     *
     * @throws DelegationException {@code INVALID_INPUT} when the subject would not be a safe header
     */
    RenderedMail render(Notification n, TenantProfile reader) {
        Objects.requireNonNull(n, "notification");
        Objects.requireNonNull(reader, "reader");
        if (n.type().carriesInvitation() && (n.invitationToken().isEmpty() || n.invitationExpiresAt().isEmpty())) {
            throw DelegationException.invalidInput("invitationToken", "and its expiry are required for " + n.type());
        }
        if (n.type().reportsLogins() && n.logins().isEmpty()) {
            throw DelegationException.invalidInput("logins", "are required for " + n.type());
        }
        List<String> candidates = candidates(reader.locale());
        Map<String, NotificationValues> valuesByTag = new HashMap<>();
        Map<MailTemplate.Part, String> out = new EnumMap<>(MailTemplate.Part.class);
        for (MailTemplate.Part part : MailTemplate.Part.values()) {
            Found found = find(replaced, languages, candidates, n.type(), part);
            NotificationValues values = valuesByTag.computeIfAbsent(found.tag(), tag ->
                    NotificationValues.of(n, branding, Wording.of(Locale.forLanguageTag(tag)), reader.timeZone()));
            out.put(part, found.source().parsed().render(part == MailTemplate.Part.HTML ? values.html() : values.text()));
        }
        String subject = MailText.requireHeaderSafe(out.get(MailTemplate.Part.SUBJECT), "subject");
        return new RenderedMail(subject, out.get(MailTemplate.Part.TEXT), out.get(MailTemplate.Part.HTML));
    }

    /** The reader's own tag, then its language, then English. */
    private static List<String> candidates(Locale reader) {
        Set<String> tags = new LinkedHashSet<>();
        tags.add(reader.toLanguageTag());
        if (!reader.getLanguage().isEmpty()) {
            tags.add(reader.getLanguage());
        }
        tags.add(ENGLISH);
        return List.copyOf(tags);
    }

    private static Found find(Map<Key, Source> replaced, Set<String> languages, List<String> candidates, NotificationType type,
                              MailTemplate.Part part) {
        for (String tag : candidates) {
            Key key = new Key(tag, type, part);
            Source source = replaced.get(key);
            if (source == null && languages.contains(tag)) {
                source = Defaults.PARTS.get(key);
            }
            if (source != null) {
                return new Found(tag, source);
            }
        }
        // English is always in use and complete (Defaults refuses to load otherwise).
        throw new IllegalStateException("no English " + part + " for " + type);
    }

    private static String tag(Locale locale) {
        DelegationException.requireArgument(locale, "locale");
        String tag = locale.toLanguageTag();
        if (locale.getLanguage().isEmpty() || "und".equals(tag)) {
            throw DelegationException.invalidInput("locale", "must name a language, such as en, de or fr-CH; got \"" + tag + "\"");
        }
        if (tag.length() > MAX_LANGUAGE_TAG_LENGTH) {
            throw DelegationException.invalidInput("locale", "must have a language tag of at most " + MAX_LANGUAGE_TAG_LENGTH
                    + " characters, got " + tag.length());
        }
        return tag;
    }

    /** The resource name of a kind: {@code invitation}, {@code acceptance-confirmation}, ... */
    static String kind(NotificationType type) {
        return type.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static Source source(NotificationType type, MailTemplate.Part part, String text) {
        TemplateText parsed = MailTemplate.parse(part, text);
        requireFits(type, part, parsed);
        return new Source(text, parsed);
    }

    private static void requireFits(NotificationType type, MailTemplate.Part part, TemplateText parsed) {
        String kind = type.name();
        boolean body = part != MailTemplate.Part.SUBJECT;
        if (!type.reportsLogins()) {
            Set<String> loginsOnly = parsed.placeholders().stream().filter(Placeholder::loginsOnly)
                    .map(Placeholder::marker).collect(Collectors.toCollection(TreeSet::new));
            if (!loginsOnly.isEmpty()) {
                throw DelegationException.invalidInput("template", "for " + kind + " uses " + String.join(", ", loginsOnly)
                        + ", which only the login notice and the login digest have");
            }
        } else if (body && !parsed.unconditional().contains(Placeholder.LOGINS)) {
            throw DelegationException.invalidInput("template", "for " + kind + " must show {{logins}} in both the text"
                    + " and the HTML body, outside any section: telling the customer of the logins is its purpose");
        }
        if (!type.carriesInvitation()) {
            Set<String> tokenOnly = parsed.placeholders().stream().filter(Placeholder::tokenOnly)
                    .map(Placeholder::marker).collect(Collectors.toCollection(TreeSet::new));
            if (!tokenOnly.isEmpty()) {
                throw DelegationException.invalidInput("template", "for " + kind + " uses " + String.join(", ", tokenOnly)
                        + ", which only the invitation and the change request have");
            }
        } else if (body && !parsed.unconditional().contains(Placeholder.ACCEPT_URL)) {
            throw DelegationException.invalidInput("template", "for " + kind + " must show {{acceptUrl}} in both the text"
                    + " and the HTML body, outside any section: it is the customer's only way to answer");
        }
    }

    @Override
    public String toString() {
        return "MailTemplates[" + branding + ", languages " + String.join(", ", new TreeSet<>(languages)) + ", "
                + replaced.size() + " parts replaced]";
    }

    /** The module's templates in every language it ships, loaded once, on first use. */
    private static final class Defaults {
        static final Map<Key, Source> PARTS = load();

        private static Map<Key, Source> load() {
            Map<Key, Source> all = new HashMap<>();
            ClassLoader loader = MailTemplates.class.getClassLoader();
            for (Locale language : SHIPPED) {
                String tag = language.getLanguage();
                String folder = DEFAULTS + (tag.equals(ENGLISH) ? "" : tag + "/");
                for (NotificationType type : NotificationType.values()) {
                    for (MailTemplate.Part part : MailTemplate.Part.values()) {
                        Optional<String> text = MailTemplate.readIfPresent(loader, folder + kind(type), part);
                        if (text.isEmpty() && tag.equals(ENGLISH)) {
                            throw new IllegalStateException("The module's English mail template " + folder + kind(type)
                                    + part.resourceSuffix() + " is missing");
                        }
                        text.ifPresent(t -> all.put(new Key(tag, type, part), source(type, part, t)));
                    }
                }
            }
            return Collections.unmodifiableMap(all);
        }
    }
}
