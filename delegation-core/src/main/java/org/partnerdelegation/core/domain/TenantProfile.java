package org.partnerdelegation.core.domain;

import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;

/**
 * How people of a tenant are addressed: the name other tenants know it by, the language its
 * administrator reads and the time zone it lives in. Mails name a partner by its display name
 * beside its account number (so that a customer can tell who asks for access), and are written in
 * the recipient's language with times in its zone. Immutable and thread-safe.
 *
 * <pre>{@code
 * Tenant hooli = new Tenant(TenantId.of("hooli"), AccountNumber.of("C-2003"), EmailAddress.of("admin@hooli.example"),
 *         false, TenantProfile.named("Hooli").withLocale(Locale.GERMAN).withTimeZone(ZoneId.of("Europe/Berlin")));
 * }</pre>
 *
 * <p>A tenant without a profile has {@link #DEFAULTS}: no display name (texts then show its
 * account number, see {@link Tenant#displayNameOrAccountNumber()}), English, UTC.
 *
 * @param displayName the tenant's name as people know it, such as {@code Acme Reseller}: trimmed, 1 to
 *                    {@value #MAX_DISPLAY_NAME_LENGTH} characters, without control or formatting characters;
 *                    empty when the host has none
 * @param locale      the language (and optionally the region) mails to the tenant's administrator are written
 *                    in; kept as its BCP 47 language tag says it, which must name a language and have at most
 *                    {@value #MAX_LANGUAGE_TAG_LENGTH} characters
 * @param timeZone    the zone times in those mails are shown in; its id at most {@value #MAX_ZONE_ID_LENGTH}
 *                    characters
 */
public record TenantProfile(Optional<String> displayName, Locale locale, ZoneId timeZone) {

    /** The longest display name accepted, in characters (after trimming). */
    public static final int MAX_DISPLAY_NAME_LENGTH = 200;
    /** The longest BCP 47 language tag accepted, such as {@code de-CH}: what storage keeps. */
    public static final int MAX_LANGUAGE_TAG_LENGTH = 35;
    /** The longest time zone id accepted, such as {@code America/Argentina/ComodRivadavia}: what storage keeps. */
    public static final int MAX_ZONE_ID_LENGTH = 64;
    /** The zone of a tenant that has none: UTC, which mails show as {@code UTC}. */
    public static final ZoneId DEFAULT_TIME_ZONE = ZoneId.of("UTC");
    /** No display name, English, UTC. */
    public static final TenantProfile DEFAULTS = new TenantProfile(Optional.empty(), Locale.ENGLISH, DEFAULT_TIME_ZONE);

    /**
     * Validates the profile, trims the display name and normalizes the locale to what its
     * language tag says (so that it reads back from storage as it was stored).
     *
     * @param displayName the display name, if any; trimmed, then 1 to 200 characters without control or formatting
     *                    characters
     * @param locale      the language mails are written in; must name a language
     * @param timeZone    the zone times are shown in
     * @throws DelegationException {@code INVALID_INPUT} naming the first component that is missing or refused
     */
    public TenantProfile {
        Validation.requireNonNull(displayName, "displayName");
        displayName = displayName.map(TenantProfile::requireDisplayName);
        Validation.requireNonNull(locale, "locale");
        String tag = locale.toLanguageTag();
        if (locale.getLanguage().isEmpty() || "und".equals(tag)) {
            throw DelegationException.invalidInput("locale", "must name a language, such as en, de or fr-CH; got \""
                    + tag + "\"");
        }
        if (tag.length() > MAX_LANGUAGE_TAG_LENGTH) {
            throw DelegationException.invalidInput("locale", "must have a language tag of at most " + MAX_LANGUAGE_TAG_LENGTH
                    + " characters, got " + tag.length());
        }
        locale = Locale.forLanguageTag(tag);
        Validation.requireNonNull(timeZone, "timeZone");
        if (timeZone.getId().length() > MAX_ZONE_ID_LENGTH) {
            throw DelegationException.invalidInput("timeZone", "must have an id of at most " + MAX_ZONE_ID_LENGTH
                    + " characters, got " + timeZone.getId().length());
        }
    }

    private static String requireDisplayName(String name) {
        String trimmed = name.strip();
        Validation.requireText(trimmed, "displayName", MAX_DISPLAY_NAME_LENGTH);
        return trimmed;
    }

    /**
     * The defaults with this display name.
     *
     * @param displayName the tenant's name as people know it; trimmed, then 1 to 200 characters
     * @return a profile with that name, English, UTC
     * @throws DelegationException {@code INVALID_INPUT} when the name is missing, blank, too long or holds control
     *                             or formatting characters
     */
    public static TenantProfile named(String displayName) {
        Validation.requireNonNull(displayName, "displayName");
        return DEFAULTS.withDisplayName(displayName);
    }

    /**
     * A copy with this display name.
     *
     * @param name the tenant's name as people know it; trimmed, then 1 to 200 characters
     * @return the changed copy
     * @throws DelegationException {@code INVALID_INPUT} when the name is missing or refused
     */
    public TenantProfile withDisplayName(String name) {
        Validation.requireNonNull(name, "displayName");
        return new TenantProfile(Optional.of(name), locale, timeZone);
    }

    /**
     * A copy without a display name: texts show the account number instead.
     *
     * @return the changed copy
     */
    public TenantProfile withoutDisplayName() {
        return new TenantProfile(Optional.empty(), locale, timeZone);
    }

    /**
     * A copy with this language.
     *
     * @param language the language mails are written in, such as {@link Locale#GERMAN} or {@code Locale.forLanguageTag("fr-CH")}
     * @return the changed copy
     * @throws DelegationException {@code INVALID_INPUT} when it is missing or names no language
     */
    public TenantProfile withLocale(Locale language) {
        return new TenantProfile(displayName, language, timeZone);
    }

    /**
     * A copy with this time zone.
     *
     * @param zone the zone times are shown in, such as {@code ZoneId.of("Europe/Berlin")}
     * @return the changed copy
     * @throws DelegationException {@code INVALID_INPUT} when it is missing
     */
    public TenantProfile withTimeZone(ZoneId zone) {
        return new TenantProfile(displayName, locale, zone);
    }
}
