package org.partnerdelegation.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.partnerdelegation.core.contract.AdapterFixture;
import org.partnerdelegation.core.contract.DelegationHarness;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.usecase.AccountQuery;

class SmokeTest {

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void wholeFlowRuns(String db) {
        try (AdapterFixture f = db.equals("h2") ? Databases.h2() : Databases.postgres()) {
            DelegationHarness w = new DelegationHarness(f);
            w.register(partner(1));
            w.register(partner(2));
            w.register(customer(1));
            DelegationId id = w.connect(partner(1), customer(1));
            assertThat(w.delegation.listAccounts(adminOf(partner(1)), AccountQuery.firstPage()).items())
                    .singleElement().satisfies(e -> assertThat(e.status()).isEqualTo(DelegationStatus.CONNECTED));
            var session = w.delegation.loginToCustomer(adminOf(partner(1)), id);
            assertThat(w.delegation.validateSession(session.token().reveal())).isPresent();
            assertThatThrownBy(() -> w.delegation.addCustomerAccount(adminOf(partner(2)), customer(1).administratorEmail()))
                    .isInstanceOf(DelegationException.class)
                    .satisfies(e -> assertThat(((DelegationException) e).code()).isEqualTo(ErrorCode.ALREADY_LINKED_TO_ANOTHER_TENANT));
            w.delegation.disassociatePartner(adminOf(customer(1)));
            assertThat(w.delegation.validateSession(session.token().reveal())).isEmpty();
            w.dispatcher.drain();
            assertThat(w.notifier.delivered()).hasSize(5);
        }
    }
}
