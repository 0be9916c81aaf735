package org.partnerdelegation.mail;

import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.partnerdelegation.core.domain.AccountNumber;
import org.partnerdelegation.core.domain.DelegableRole;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.Notification;
import org.partnerdelegation.core.domain.NotificationId;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.RoleCatalogue;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.memory.InMemoryAdapterFixture;
import org.partnerdelegation.core.usecase.DelegationSettings;
import org.partnerdelegation.core.usecase.PartnerDelegation;

/** Settings, branding and notifications for the mail tests, as static factories. */
final class MailFixtures {

    static final String LOOPBACK = "127.0.0.1";
    static final String ACCEPT_BASE = "https://app.example.com/delegation/accept?token=";
    static final Instant EXPIRES_AT = Instant.parse("2026-01-12T09:00:00Z");
    /** Short, so that a test against a server that is down fails fast. */
    static final Duration TEST_TIMEOUT = Duration.ofSeconds(2);

    private static final Random RANDOM = new Random(7);

    private MailFixtures() {
    }

    /**
     * The facade of the mail tests: the in-memory adapters, the test's clock, repeatable ids, no
     * invitation cool-down (a test resends at one instant) and the host's catalogue.
     */
    static PartnerDelegation facade(InMemoryAdapterFixture adapters, Clock clock, RoleCatalogue catalogue) {
        return PartnerDelegation.builder()
                .tenantDirectory(adapters.tenantDirectory())
                .delegationStore(adapters.delegationStore())
                .sessionIssuer(adapters.sessionIssuer())
                .clock(clock)
                .random(new Random(42))
                .settings(DelegationSettings.defaults().withInvitationCooldown(Duration.ZERO))
                .roleCatalogue(catalogue)
                .build();
    }

    static MailBranding branding() {
        return new MailBranding("Example Cloud", EmailAddress.of("no-reply@example.com"), "Example Cloud", ACCEPT_BASE);
    }

    static MailTemplates templates() {
        return MailTemplates.defaults(branding());
    }

    /** Plain SMTP on the loopback address, no login, two-second timeout. */
    static SmtpSettings smtp(int port) {
        return SmtpSettings.of(LOOPBACK, port, TlsMode.NONE).withTimeout(TEST_TIMEOUT);
    }

    static ServerSetup smtpServer(int port) {
        return server(port, ServerSetup.PROTOCOL_SMTP);
    }

    /**
     * An in-process server of that protocol on the loopback address, given 20 seconds to start:
     * GreenMail's default of 2 is too short on a loaded 2-core build machine (SMTPS generates its key first).
     */
    static ServerSetup server(int port, String protocol) {
        ServerSetup setup = new ServerSetup(port, LOOPBACK, protocol);
        setup.setServerStartupTimeout(20_000);
        return setup;
    }

    /** A port nothing listens on right now. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SecretToken token() {
        synchronized (RANDOM) {
            return SecretToken.generate(RANDOM);
        }
    }

    /** A notification of that type between P-1001 and C-2001, to the side that receives it; the seed's grant. */
    static Notification notification(NotificationType type) {
        return notification(type, AccountNumber.of("P-1001"), AccountNumber.of("C-2001"));
    }

    /** The seed's grant: {@code tenant:administrator}, no end date. */
    static Notification notification(NotificationType type, AccountNumber partner, AccountNumber customer) {
        return notification(type, partner, customer, List.of(DelegableRole.TENANT_ADMINISTRATOR), Optional.empty(),
                Optional.empty(), false);
    }

    /** A notification between P-1001 and C-2001 about these roles, this period and end date. */
    static Notification notification(NotificationType type, List<DelegableRole> roles, Optional<Duration> term,
                                     Optional<Instant> endsAt, boolean autoRenew) {
        return notification(type, AccountNumber.of("P-1001"), AccountNumber.of("C-2001"), roles, term, endsAt, autoRenew);
    }

    static Notification notification(NotificationType type, AccountNumber partner, AccountNumber customer,
                                     List<DelegableRole> roles, Optional<Duration> term, Optional<Instant> endsAt,
                                     boolean autoRenew) {
        EmailAddress partnerEmail = EmailAddress.of("admin@partner1.example");
        EmailAddress customerEmail = EmailAddress.of("admin@customer1.example");
        boolean token = type.carriesInvitation();
        EmailAddress recipient = type.recipientSide() == NotificationType.Side.PARTNER ? partnerEmail : customerEmail;
        return new Notification(new NotificationId(UUID.randomUUID()), type, recipient, DelegationId.of(UUID.randomUUID()),
                partner, partnerEmail, customer, customerEmail,
                token ? Optional.of(token()) : Optional.empty(),
                token ? Optional.of(EXPIRES_AT) : Optional.empty(),
                roles, term, endsAt, autoRenew, type.reportsLogins() ? List.of(LOGIN) : List.of());
    }

    /** A login a login notice or digest reports: Jane of P-1001, with a reason. */
    static final Notification.Login LOGIN = new Notification.Login(AccountNumber.of("P-1001"),
            EmailAddress.of("admin@partner1.example"), org.partnerdelegation.core.domain.UserId.of("jane@partner1.example"),
            Instant.parse("2026-01-05T09:30:15Z"), List.of(DelegableRole.TENANT_ADMINISTRATOR), Optional.of("Ticket 4711"));
}
