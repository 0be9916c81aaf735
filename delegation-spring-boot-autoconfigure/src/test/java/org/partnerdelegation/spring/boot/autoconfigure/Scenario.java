package org.partnerdelegation.spring.boot.autoconfigure;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.Authentication;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.domain.UserId;
import org.partnerdelegation.core.memory.InMemoryNotifier;
import org.partnerdelegation.core.outbox.OutboxDispatcher;
import org.partnerdelegation.core.usecase.GrantRequest;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.LoginRequest;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.jdbi.JdbiStorage;

/**
 * A partner (acme) and a customer (initech) in a context's storage, and the steps of a delegation
 * between them, through the context's own facade.
 */
public final class Scenario {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    /** The roles the tests' catalogue registers, as properties. */
    public static final String[] ROLE_PROPERTIES = {
            "partner-delegation.roles.definitions[0].key=tenant:administrator",
            "partner-delegation.roles.definitions[0].name=Administrator",
            "partner-delegation.roles.definitions[0].description=Everything the customer's administrator can do.",
            "partner-delegation.roles.definitions[1].key=billing:read",
            "partner-delegation.roles.definitions[1].name=Billing (read only)",
            "partner-delegation.roles.definitions[1].description=Reads invoices.",
            "partner-delegation.roles.definitions[2].key=support:tickets",
            "partner-delegation.roles.definitions[2].name=Support tickets",
            "partner-delegation.roles.definitions[2].description=Opens and answers tickets.",
            "partner-delegation.roles.default-roles=tenant:administrator"};

    public final Tenant partner = new Tenant(TenantId.of("acme"), AccountNumber.of("P-1001"),
            EmailAddress.of("admin@acme.example"), true);
    public final Tenant customer = new Tenant(TenantId.of("initech"), AccountNumber.of("C-2001"),
            EmailAddress.of("admin@initech.example"), false);
    private final PartnerDelegation delegation;

    private Scenario(PartnerDelegation delegation) {
        this.delegation = delegation;
    }

    /** The tenants registered in the storage of the facade. */
    public static Scenario in(JdbiStorage storage, PartnerDelegation delegation) {
        Scenario scenario = new Scenario(delegation);
        storage.tenantDirectory().register(scenario.partner);
        storage.tenantDirectory().register(scenario.customer);
        return scenario;
    }

    /** A new in-memory H2 database's URL, kept open as long as the JVM runs. */
    public static String newH2Url() {
        return "jdbc:h2:mem:autoconfig-" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
    }

    public Principal partnerUser(String user) {
        return Principal.administrator(partner.id(), UserId.of(user));
    }

    public Principal customerAdministrator() {
        return Principal.administrator(customer.id(), UserId.of("admin@initech.example")).withVerifiedEmail(customer.administratorEmail());
    }

    /** The partner invites the customer, asking billing:read and support:tickets; the invitation waits in the outbox. */
    public DelegationId invite() {
        return delegation.addCustomerAccount(partnerUser("jane@acme.example"), customer.administratorEmail(),
                GrantRequest.roles("billing:read", "support:tickets")).delegationId();
    }

    /** Invites, delivers the invitation to a notifier of the test's own, and the customer accepts it. */
    public DelegationId connect() {
        DelegationId id = invite();
        InMemoryNotifier mailbox = new InMemoryNotifier();
        OutboxDispatcher.builder(delegation).notifier(mailbox).build().drain();
        String token = mailbox.latestInvitationTokenFor(customer.administratorEmail()).orElseThrow().reveal();
        delegation.acceptInvitation(customerAdministrator(), token);
        return id;
    }

    /** A partner user logs in after a fresh multi-factor sign-in, holding the roles named (all granted when none). */
    public IssuedSession login(DelegationId id, String... roles) {
        return delegation.loginToCustomer(partnerUser("jane@acme.example").withAuthentication(Authentication.multiFactor(Instant.now())),
                id, roles.length == 0 ? LoginRequest.allGranted() : LoginRequest.roles(roles));
    }
}
