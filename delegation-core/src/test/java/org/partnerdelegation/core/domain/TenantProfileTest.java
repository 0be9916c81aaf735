package org.partnerdelegation.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.time.zone.ZoneRulesProvider;
import java.util.Locale;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TenantProfileTest {

    private static final AccountNumber ACCOUNT = AccountNumber.of("P-1001");

    private static void assertInvalid(Runnable r, String messageStart) {
        assertThatThrownBy(r::run)
                .isInstanceOf(DelegationException.class)
                .hasMessageStartingWith(messageStart)
                .satisfies(e -> assertThat(((DelegationException) e).code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    private static Tenant tenant(TenantProfile profile) {
        return new Tenant(TenantId.of("acme"), ACCOUNT, EmailAddress.of("admin@acme.example"), true, profile);
    }

    @Test
    void aTenantBuiltTheOldWayHasNoNameEnglishAndUtc() {
        Tenant old = new Tenant(TenantId.of("acme"), ACCOUNT, EmailAddress.of("admin@acme.example"), true);

        assertThat(old.profile()).isEqualTo(TenantProfile.DEFAULTS);
        assertThat(old.profile().displayName()).isEmpty();
        assertThat(old.profile().locale()).isEqualTo(Locale.ENGLISH);
        assertThat(old.profile().timeZone().getId()).isEqualTo("UTC");
        assertThat(old.displayNameOrAccountNumber()).isEqualTo("P-1001");
        assertThat(old.withPartnerPermission(false).profile()).isEqualTo(TenantProfile.DEFAULTS);
    }

    @Test
    void theDisplayNameIsShownWhereThereIsOneAndKeptThroughPermissionChanges() {
        Tenant named = tenant(TenantProfile.named("Acme Reseller").withLocale(Locale.GERMAN)
                .withTimeZone(ZoneId.of("Europe/Berlin")));

        assertThat(named.displayNameOrAccountNumber()).isEqualTo("Acme Reseller");
        assertThat(named.withPartnerPermission(false).profile()).isEqualTo(named.profile());
        assertThat(named.withProfile(named.profile().withoutDisplayName()).displayNameOrAccountNumber()).isEqualTo("P-1001");
    }

    @Test
    void theDisplayNameIsTrimmedAndHoldsAtMost200Characters() {
        assertThat(TenantProfile.named("  Acme Reseller \t").displayName()).contains("Acme Reseller");
        assertThat(TenantProfile.named("  " + "n".repeat(199) + "  ").displayName()).hasValueSatisfying(n -> assertThat(n).hasSize(199));
        assertThat(TenantProfile.named(" " + "n".repeat(200) + " ").displayName()).hasValueSatisfying(n -> assertThat(n).hasSize(200));
        assertInvalid(() -> TenantProfile.named("n".repeat(201)), "displayName must be at most 200 characters, got 201");
    }

    @Test
    void aBlankMissingOrControlledDisplayNameIsRefusedNamingIt() {
        assertInvalid(() -> TenantProfile.named(null), "displayName is required");
        assertInvalid(() -> TenantProfile.named(""), "displayName must not be blank");
        assertInvalid(() -> TenantProfile.named(" \t "), "displayName must not be blank");
        assertInvalid(() -> TenantProfile.named("Acme\r\nBcc: victim@example.com"), "displayName must not contain control");
        // A right-to-left override would show another name than the one stored: spoofing.
        assertInvalid(() -> TenantProfile.named("Acme \u202Erelles"), "displayName must not contain control");
        assertInvalid(() -> TenantProfile.named("Acme\u0000"), "displayName must not contain control");
        assertInvalid(() -> new TenantProfile(null, Locale.ENGLISH, ZoneOffset.UTC), "displayName is required");
    }

    @Test
    void nonLatinNamesAndQuotesAreKeptAsTheyAre() {
        assertThat(TenantProfile.named("Müller & Söhne <GmbH> \"Süd\"").displayName()).contains("Müller & Söhne <GmbH> \"Süd\"");
        assertThat(TenantProfile.named("株式会社 フーリ \uD83D\uDE80").displayName()).contains("株式会社 フーリ \uD83D\uDE80");
    }

    @Test
    void theLocaleMustNameALanguageAndIsKeptAsItsTagSaysIt() {
        assertInvalid(() -> TenantProfile.DEFAULTS.withLocale(null), "locale is required");
        assertInvalid(() -> TenantProfile.DEFAULTS.withLocale(Locale.ROOT), "locale must name a language");
        assertInvalid(() -> TenantProfile.DEFAULTS.withLocale(new Locale("", "DE")), "locale must name a language");
        assertThat(TenantProfile.DEFAULTS.withLocale(Locale.forLanguageTag("fr-CH")).locale()).isEqualTo(Locale.forLanguageTag("fr-CH"));
        assertThat(TenantProfile.DEFAULTS.withLocale(Locale.GERMANY).locale().toLanguageTag()).isEqualTo("de-DE");
    }

    @Test
    void theLanguageTagHoldsAtMost35Characters() {
        Locale at35 = Locale.forLanguageTag("de-DE-x-" + "a".repeat(8) + "-" + "b".repeat(8) + "-" + "c".repeat(7) + "-d");
        Locale at36 = Locale.forLanguageTag("de-DE-x-" + "a".repeat(8) + "-" + "b".repeat(8) + "-" + "c".repeat(7) + "-dd");
        assertThat(at35.toLanguageTag()).hasSize(35);
        assertThat(at36.toLanguageTag()).hasSize(36);

        assertThat(TenantProfile.DEFAULTS.withLocale(at35).locale()).isEqualTo(at35);
        assertInvalid(() -> TenantProfile.DEFAULTS.withLocale(at36), "locale must have a language tag of at most 35 characters, got 36");
    }

    @Test
    void theTimeZoneIsRequiredAndItsIdHoldsAtMost64Characters() {
        String at64 = "Test/" + "z".repeat(59);
        String at65 = "Test/" + "z".repeat(60);
        LongZoneIds.register(at64, at65);

        assertInvalid(() -> TenantProfile.DEFAULTS.withTimeZone(null), "timeZone is required");
        assertThat(TenantProfile.DEFAULTS.withTimeZone(ZoneId.of(at64)).timeZone().getId()).hasSize(64);
        assertInvalid(() -> TenantProfile.DEFAULTS.withTimeZone(ZoneId.of(at65)), "timeZone must have an id of at most 64 characters, got 65");
        assertThat(TenantProfile.DEFAULTS.withTimeZone(ZoneId.of("+05:30")).timeZone()).isEqualTo(ZoneOffset.ofHoursMinutes(5, 30));
    }

    @Test
    void aTenantWithoutAProfileIsRefused() {
        assertInvalid(() -> tenant(null), "profile is required");
        assertInvalid(() -> tenant(TenantProfile.DEFAULTS).withProfile(null), "profile is required");
        assertThat(new TenantProfile(Optional.empty(), Locale.FRENCH, ZoneOffset.UTC).displayName()).isEmpty();
    }

    /** Zone ids longer than any the JDK knows, as a host's own zone rules provider may have; registered once per JVM. */
    private static final class LongZoneIds extends ZoneRulesProvider {
        private static Set<String> registered;
        private final Set<String> ids;

        private LongZoneIds(Set<String> ids) {
            this.ids = ids;
        }

        static synchronized void register(String... ids) {
            if (registered == null) {
                registered = Set.of(ids);
                ZoneRulesProvider.registerProvider(new LongZoneIds(registered));
            }
        }

        @Override
        protected Set<String> provideZoneIds() {
            return ids;
        }

        @Override
        protected ZoneRules provideRules(String zoneId, boolean forCaching) {
            return ZoneRules.of(ZoneOffset.UTC);
        }

        @Override
        protected NavigableMap<String, ZoneRules> provideVersions(String zoneId) {
            return new TreeMap<>(java.util.Map.of("1", ZoneRules.of(ZoneOffset.UTC)));
        }
    }
}
