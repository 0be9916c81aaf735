package org.partnerdelegation.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.ContractAssertions.assertFailsWith;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;

import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.TenantDirectoryContract;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;

class InMemoryTenantDirectoryTest extends TenantDirectoryContract {

    @Override
    protected AdapterFixture newFixture() {
        return new InMemoryAdapterFixture();
    }

    @Test
    void registeringASecondTenantWithTheSameAdministratorEmailIsRefused() {
        fixture.register(customer(1));
        Tenant sameEmail = new Tenant(TenantId.of("customer-1-copy"), AccountNumber.of("C-9999"),
                EmailAddress.of("ADMIN@Customer1.example"), false);

        assertFailsWith(ErrorCode.INVALID_INPUT, () -> fixture.register(sameEmail));

        assertThat(directory.findById(sameEmail.id())).isEmpty();
        assertThat(directory.findByAdministratorEmail(sameEmail.administratorEmail())).contains(customer(1));
    }

    @Test
    void registeringATenantAgainUnderANewEmailFreesTheOldOne() {
        fixture.register(customer(1));
        Tenant moved = new Tenant(customer(1).id(), customer(1).accountNumber(), EmailAddress.of("new-admin@customer1.example"), false);

        fixture.register(moved);

        assertThat(directory.findByAdministratorEmail(customer(1).administratorEmail())).isEmpty();
        assertThat(directory.findByAdministratorEmail(EmailAddress.of("New-Admin@Customer1.example"))).contains(moved);
        assertThat(fixture.register(customer(2))).isEqualTo(customer(2));
    }
}
