package org.partnerdelegation.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.memory.InMemoryTenantDirectory;
// tag::tenant-profile[]
import java.time.ZoneId;
import java.util.Locale;
import org.partnerdelegation.core.domain.*;
// end::tenant-profile[]

/** The guide's "Tenant profiles" (docs/guide/embedding.md): a tenant with its display name, language and time zone. */
class TenantProfileSnippetTest {

    // tag::tenant-profile[]
    /** Hooli, as your tenant tables have it: known as "Hooli", its administrator reads German, it lives in Berlin. */
    static Tenant hooli() {
        return new Tenant(TenantId.of("hooli"), AccountNumber.of("C-2003"), EmailAddress.of("admin@hooli.example"), false,
                TenantProfile.named("Hooli").withLocale(Locale.GERMAN).withTimeZone(ZoneId.of("Europe/Berlin")));
    }

    /** Without a profile: no display name (texts show the account number), English, UTC. */
    static Tenant initech() {
        return new Tenant(TenantId.of("initech"), AccountNumber.of("C-2001"), EmailAddress.of("admin@initech.example"), false);
    }
    // end::tenant-profile[]

    @Test
    void theDirectoryKeepsTheProfileAndATenantWithoutOneHasTheDefaults() {
        InMemoryTenantDirectory tenants = new InMemoryTenantDirectory();
        tenants.register(hooli());
        tenants.register(initech());

        assertThat(tenants.findByAdministratorEmail(EmailAddress.of("admin@hooli.example")).orElseThrow().profile().locale())
                .isEqualTo(Locale.GERMAN);
        assertThat(tenants.findById(TenantId.of("hooli")).orElseThrow().displayNameOrAccountNumber()).isEqualTo("Hooli");
        assertThat(tenants.findById(TenantId.of("initech")).orElseThrow().displayNameOrAccountNumber()).isEqualTo("C-2001");
        assertThat(initech().profile()).isEqualTo(TenantProfile.DEFAULTS);
    }

    @Test
    void aNameThatWouldShowSomethingElseIsRefusedNamingTheField() {
        DelegationException refused = catchThrowableOfType(DelegationException.class,
                () -> TenantProfile.named("Hooli\u202E evil"));

        assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(refused.getMessage()).startsWith("displayName must not contain control or formatting characters (found U+202E)");
    }
}
