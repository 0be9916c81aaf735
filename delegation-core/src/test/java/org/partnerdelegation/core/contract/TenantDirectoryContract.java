package org.partnerdelegation.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.ContractAssertions.assertFailsWith;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.TenantProfile;
import org.partnerdelegation.core.port.TenantDirectory;

/**
 * The behaviour every {@link TenantDirectory} must have. An adapter module runs it by
 * subclassing it and supplying a fresh {@link AdapterFixture} per test:
 * <pre>{@code
 * class JdbiTenantDirectoryH2Test extends TenantDirectoryContract {
 *     protected AdapterFixture newFixture() { return new H2AdapterFixture(); }
 * }
 * }</pre>
 * Tenants are put into the directory through {@link AdapterFixture#register}, as the host's own
 * tenant management would.
 */
public abstract class TenantDirectoryContract {

    /** The adapters under test for the current test; fresh and empty. */
    protected AdapterFixture fixture;
    /** {@code fixture.tenantDirectory()}. */
    protected TenantDirectory directory;

    /** A fresh, empty set of adapters; called once per test and closed after it. */
    protected abstract AdapterFixture newFixture();

    @BeforeEach
    public void openFixture() {
        fixture = newFixture();
        directory = fixture.tenantDirectory();
    }

    @AfterEach
    public void closeFixture() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    public void findsRegisteredTenantById() {
        Tenant partner = fixture.register(partner(1));
        Tenant customer = fixture.register(customer(1));

        assertThat(directory.findById(partner.id())).contains(partner(1));
        assertThat(directory.findById(customer.id())).contains(customer(1));
    }

    @Test
    public void unknownIdFindsNothing() {
        fixture.register(customer(1));

        assertThat(directory.findById(TenantId.of("customer-2"))).isEmpty();
    }

    @Test
    public void tenantIdsAreCaseSensitive() {
        fixture.register(customer(1));

        assertThat(directory.findById(TenantId.of("CUSTOMER-1"))).isEmpty();
    }

    @Test
    public void findsTenantByAdministratorEmailIgnoringCase() {
        fixture.register(customer(1));
        fixture.register(customer(2));

        assertThat(directory.findByAdministratorEmail(EmailAddress.of("admin@customer1.example"))).contains(customer(1));
        assertThat(directory.findByAdministratorEmail(EmailAddress.of("Admin@Customer1.Example"))).contains(customer(1));
        assertThat(directory.findByAdministratorEmail(EmailAddress.of("ADMIN@CUSTOMER2.EXAMPLE"))).contains(customer(2));
    }

    @Test
    public void emailFoundIgnoringCaseKeepsTheSpellingItWasRegisteredWith() {
        Tenant mixedCase = new Tenant(TenantId.of("customer-7"), AccountNumber.of("C-2007"),
                EmailAddress.of("Boss.Person@Customer7.Example"), false);
        fixture.register(mixedCase);

        Tenant found = directory.findByAdministratorEmail(EmailAddress.of("boss.person@customer7.example")).orElseThrow();

        assertThat(found).isEqualTo(mixedCase);
        assertThat(found.administratorEmail().value()).isEqualTo("Boss.Person@Customer7.Example");
    }

    @Test
    public void findsNonLatinEmailIgnoringCase() {
        Tenant cyrillic = new Tenant(TenantId.of("клиент-1"), AccountNumber.of("К-1"), EmailAddress.of("Админ@Клиент.рф"), false);
        fixture.register(cyrillic);

        assertThat(directory.findByAdministratorEmail(EmailAddress.of("админ@клиент.рф"))).contains(cyrillic);
        assertThat(directory.findByAdministratorEmail(EmailAddress.of("АДМИН@КЛИЕНТ.РФ"))).contains(cyrillic);
        assertThat(directory.findByAdministratorEmail(EmailAddress.of("админ@клиент.рф")).orElseThrow()
                .administratorEmail().value()).isEqualTo("Админ@Клиент.рф");
    }

    @Test
    public void unknownEmailFindsNothing() {
        fixture.register(customer(1));

        assertThat(directory.findByAdministratorEmail(EmailAddress.of("admin@customer2.example"))).isEmpty();
        assertThat(directory.findByAdministratorEmail(EmailAddress.of("admin@customer1.example.org"))).isEmpty();
        assertThat(directory.findByAdministratorEmail(EmailAddress.of("dmin@customer1.example"))).isEmpty();
    }

    @Test
    public void grantingThePartnerPermissionReturnsAndKeepsTheChangedTenant() {
        Tenant customer = fixture.register(customer(1));
        fixture.register(customer(2));

        Tenant granted = directory.grantPartnerPermission(customer.id());

        assertThat(granted).isEqualTo(customer(1).withPartnerPermission(true));
        assertThat(directory.findById(customer.id())).contains(granted);
        assertThat(directory.findByAdministratorEmail(customer.administratorEmail())).contains(granted);
        assertThat(directory.findById(customer(2).id())).contains(customer(2));
    }

    @Test
    public void grantingThePartnerPermissionTwiceChangesNothingMore() {
        Tenant partner = fixture.register(partner(1));

        assertThat(directory.grantPartnerPermission(partner.id())).isEqualTo(partner(1));
        assertThat(directory.grantPartnerPermission(partner.id())).isEqualTo(partner(1));
        assertThat(directory.findById(partner.id())).contains(partner(1));
    }

    @Test
    public void revokingThePartnerPermissionReturnsAndKeepsTheChangedTenant() {
        Tenant partner = fixture.register(partner(1));
        fixture.register(partner(2));

        Tenant revoked = directory.revokePartnerPermission(partner.id());

        assertThat(revoked).isEqualTo(partner(1).withPartnerPermission(false));
        assertThat(directory.findById(partner.id())).contains(revoked);
        assertThat(directory.findByAdministratorEmail(partner.administratorEmail())).contains(revoked);
        assertThat(directory.findById(partner(2).id())).contains(partner(2));
    }

    @Test
    public void revokingThePartnerPermissionTwiceChangesNothingMore() {
        Tenant customer = fixture.register(customer(1));

        assertThat(directory.revokePartnerPermission(customer.id())).isEqualTo(customer(1));
        assertThat(directory.revokePartnerPermission(customer.id())).isEqualTo(customer(1));
        assertThat(directory.findById(customer.id())).contains(customer(1));
    }

    @Test
    public void permissionCanBeGrantedAgainAfterItWasRevoked() {
        Tenant partner = fixture.register(partner(1));

        directory.revokePartnerPermission(partner.id());
        directory.grantPartnerPermission(partner.id());

        assertThat(directory.findById(partner.id())).contains(partner(1));
    }

    @Test
    public void grantingThePermissionOfAnUnknownTenantIsRefused() {
        fixture.register(customer(1));

        assertFailsWith(ErrorCode.ACCOUNT_NOT_FOUND, () -> directory.grantPartnerPermission(TenantId.of("nobody")));
        assertThat(directory.findById(TenantId.of("nobody"))).isEmpty();
    }

    @Test
    public void revokingThePermissionOfAnUnknownTenantIsRefused() {
        fixture.register(partner(1));

        assertFailsWith(ErrorCode.ACCOUNT_NOT_FOUND, () -> directory.revokePartnerPermission(TenantId.of("nobody")));
        assertThat(directory.findById(TenantId.of("nobody"))).isEmpty();
    }

    @Test
    public void nonLatinAndLongestValidValuesReadBackExactly() {
        String tenantId = "客户-" + "ü".repeat(60) + "-" + "顧".repeat(64);
        String accountNumber = "Счёт-番号-" + "Ж".repeat(23) + "名".repeat(30) + "-\uD83D\uDE80";
        String email = "Ёж" + "я".repeat(62) + "@" + "д".repeat(63) + "." + "к".repeat(63) + "." + "x".repeat(53) + ".example";
        Tenant tenant = new Tenant(TenantId.of(tenantId), AccountNumber.of(accountNumber), EmailAddress.of(email), true);
        assertThat(tenantId).hasSize(TenantId.MAX_LENGTH);
        assertThat(accountNumber).hasSize(AccountNumber.MAX_LENGTH);
        assertThat(email).hasSize(EmailAddress.MAX_LENGTH);

        fixture.register(tenant);

        Tenant byId = directory.findById(TenantId.of(tenantId)).orElseThrow();
        assertThat(byId.id().value()).isEqualTo(tenantId);
        assertThat(byId.accountNumber().value()).isEqualTo(accountNumber);
        assertThat(byId.administratorEmail().value()).isEqualTo(email);
        assertThat(byId.partnerPermission()).isTrue();
        assertThat(directory.findByAdministratorEmail(EmailAddress.of(email.toUpperCase(Locale.ROOT))))
                .hasValueSatisfying(found -> assertThat(found.id().value()).isEqualTo(tenantId));
        assertThat(directory.revokePartnerPermission(TenantId.of(tenantId)).accountNumber().value()).isEqualTo(accountNumber);
    }

    @Test
    public void aTenantRegisteredWithoutAProfileReadsBackWithTheDefaults() {
        fixture.register(customer(1));

        Tenant found = directory.findById(customer(1).id()).orElseThrow();

        assertThat(found.profile()).isEqualTo(TenantProfile.DEFAULTS);
        assertThat(found.profile().displayName()).isEmpty();
        assertThat(found.profile().locale()).isEqualTo(Locale.ENGLISH);
        assertThat(found.profile().timeZone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(found.displayNameOrAccountNumber()).isEqualTo("C-2001");
    }

    @Test
    public void theProfileReadsBackAsRegisteredByIdAndByEmail() {
        Tenant hooli = customer(3).withProfile(TenantProfile.named("Hooli").withLocale(Locale.GERMAN)
                .withTimeZone(ZoneId.of("Europe/Berlin")));
        fixture.register(hooli);
        fixture.register(partner(1));

        assertThat(directory.findById(hooli.id())).contains(hooli);
        assertThat(directory.findByAdministratorEmail(hooli.administratorEmail())).contains(hooli);
        assertThat(directory.findById(partner(1).id())).contains(partner(1));
    }

    @Test
    public void registeringATenantAgainReplacesItsProfileAndCanDropTheName() {
        Tenant named = customer(1).withProfile(TenantProfile.named("Initech").withLocale(Locale.forLanguageTag("fr-CH"))
                .withTimeZone(ZoneOffset.ofHoursMinutes(5, 30)));
        fixture.register(named);
        assertThat(directory.findById(named.id())).contains(named);

        Tenant renamed = named.withProfile(named.profile().withoutDisplayName().withLocale(Locale.ENGLISH));
        fixture.register(renamed);

        assertThat(directory.findById(named.id())).contains(renamed);
        assertThat(directory.findById(named.id()).orElseThrow().profile().timeZone()).isEqualTo(ZoneOffset.ofHoursMinutes(5, 30));
    }

    @Test
    public void changingThePartnerPermissionKeepsTheProfile() {
        TenantProfile acme = TenantProfile.named("Acme Reseller").withTimeZone(ZoneId.of("America/New_York"));
        fixture.register(partner(1).withProfile(acme));

        assertThat(directory.revokePartnerPermission(partner(1).id()).profile()).isEqualTo(acme);
        assertThat(directory.grantPartnerPermission(partner(1).id()).profile()).isEqualTo(acme);
        assertThat(directory.setPartnerPermissionIf(partner(1).id(), true, false)).isTrue();
        assertThat(directory.findById(partner(1).id()).orElseThrow().profile()).isEqualTo(acme);
    }

    @Test
    public void theLongestDisplayNameLanguageTagAndZoneReadBackExactly() {
        String name = "Ünïcode GmbH " + "名".repeat(150) + " \uD83D\uDE80 " + "'; DROP TABLE pd_tenant; --";
        name = name + "x".repeat(TenantProfile.MAX_DISPLAY_NAME_LENGTH - name.length());
        Locale longTag = Locale.forLanguageTag("de-DE-x-" + "a".repeat(8) + "-" + "b".repeat(8) + "-" + "c".repeat(7) + "-d");
        ZoneId longestTzdbId = ZoneId.of("America/Argentina/ComodRivadavia");
        assertThat(name).hasSize(TenantProfile.MAX_DISPLAY_NAME_LENGTH);
        assertThat(longTag.toLanguageTag()).hasSize(TenantProfile.MAX_LANGUAGE_TAG_LENGTH);
        Tenant tenant = customer(1).withProfile(TenantProfile.named(name).withLocale(longTag).withTimeZone(longestTzdbId));

        fixture.register(tenant);

        Tenant found = directory.findByAdministratorEmail(customer(1).administratorEmail()).orElseThrow();
        assertThat(found.profile().displayName()).contains(name);
        assertThat(found.profile().locale()).isEqualTo(longTag);
        assertThat(found.profile().timeZone()).isEqualTo(longestTzdbId);
        assertThat(found).isEqualTo(tenant);
    }
}
