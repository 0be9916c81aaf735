package org.partnerdelegation.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Notification;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.usecase.AccountListEntry;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.core.usecase.PartnerLink;

/**
 * Plays the seed scenario of partner delegation over the embedded H2 database and narrates it:
 * the partner Acme Reseller adds two customers, the invitations are mailed, customer 1 accepts,
 * the partner logs in to it, a second partner is refused, and customer 1 disassociates. After
 * each step it prints the partner's account list.
 *
 * <p>Every run starts from a fresh, empty database (a temporary directory, deleted afterwards). The walkthrough checks what it shows: when the
 * library does not behave as the scenario expects, {@link #run(PrintStream)} throws
 * {@link IllegalStateException}. Session tokens are never printed; the invitation link is, as it
 * is the content of the invitation mail. Instances are immutable; each run is independent.
 */
public final class Walkthrough {

    /** Where the host serves the Accept and Login page; the invitation mail links to it with the token. */
    public static final String ACCEPT_LINK = "https://app.example.com/delegation/accept?token=";

    private final Clock clock;

    /** A walkthrough on the system clock (UTC), ticking in whole seconds so that the times print short. */
    public Walkthrough() {
        this(Clock.tick(Clock.systemUTC(), Duration.ofSeconds(1)));
    }

    /** A walkthrough whose use cases read "now" from {@code clock}. */
    public Walkthrough(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Plays the whole scenario, printing it to {@code out}.
     *
     * @throws IllegalStateException when a step does not turn out as the scenario expects
     * @throws DelegationException   when a use case fails where the scenario expects success
     */
    public void run(PrintStream out) {
        Objects.requireNonNull(out, "out");
        Path directory;
        try {
            directory = Files.createTempDirectory("partner-delegation-walkthrough");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a directory for the embedded database", e);
        }
        try {
            run(out, directory);
        } finally {
            deleteQuietly(directory);
        }
    }

    /**
     * Plays the whole scenario over an embedded H2 database in {@code dataDirectory}, which must
     * not hold an earlier run's database (the scenario starts from empty tables).
     */
    public void run(PrintStream out, Path dataDirectory) {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        try (DemoWiring wiring = DemoWiring.create(dataDirectory, clock)) {
            out.println("Storage: embedded H2 database in " + dataDirectory.toAbsolutePath());
            new Run(out, wiring).play();
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }

    /** One play of the scenario: its wiring, its output and what it has printed of the mailbox so far. */
    private static final class Run {
        private final PrintStream out;
        private final DemoWiring wiring;
        private final PartnerDelegation delegation;
        private final Tenant acme = SeedTenants.acmeReseller();
        private final Tenant globex = SeedTenants.globexServices();
        private final Tenant initech = SeedTenants.initech();
        private final Tenant umbrella = SeedTenants.umbrella();
        private final Principal jane = SeedTenants.janeAtAcme();
        private final Principal gary = SeedTenants.garyAtGlobex();
        private int step;
        private int mailShown;

        Run(PrintStream out, DemoWiring wiring) {
            this.out = out;
            this.wiring = wiring;
            this.delegation = wiring.delegation();
        }

        void play() {
            seed();
            DelegationId initechRow = addCustomers();
            deliverInvitations();
            accept();
            String sessionToken = login(initechRow);
            refuseSecondPartner();
            disassociate(sessionToken);
            out.println();
            out.println("Walkthrough complete.");
        }

        private void seed() {
            heading("The host's tenants");
            for (Tenant tenant : List.of(acme, globex, initech, umbrella)) {
                wiring.tenants().register(tenant);
                out.printf("  %-16s account %-7s administrator %-30s partner permission: %s%n", tenant.id(),
                        tenant.accountNumber(), tenant.administratorEmail(), tenant.partnerPermission() ? "yes" : "no");
            }
            partnerTable();
        }

        private DelegationId addCustomers() {
            heading("Acme Reseller adds two customers by their administrator emails");
            AccountListEntry first = delegation.addCustomerAccount(jane, initech.administratorEmail());
            out.println("  Added " + first.email() + " (account " + first.accountNumber() + "): " + first.status().label());
            AccountListEntry second = delegation.addCustomerAccount(jane, umbrella.administratorEmail());
            out.println("  Added " + second.email() + " (account " + second.accountNumber() + "): " + second.status().label());
            expect(first.status() == DelegationStatus.PENDING && second.status() == DelegationStatus.PENDING,
                    "new customer accounts start Pending");
            partnerTable();
            return first.delegationId();
        }

        private void deliverInvitations() {
            heading("The outbox dispatcher mails the invitations");
            out.println("  Tokens are minted now, at delivery; storage keeps only their SHA-256 hashes.");
            deliverMail();
            expect(wiring.mailbox().latestInvitationTokenFor(initech.administratorEmail()).isPresent()
                    && wiring.mailbox().latestInvitationTokenFor(umbrella.administratorEmail()).isPresent(),
                    "both customers received an invitation");
            partnerTable();
        }

        private void accept() {
            heading("Initech's administrator opens the link and accepts");
            String token = wiring.mailbox().latestInvitationTokenFor(initech.administratorEmail())
                    .map(SecretToken::reveal)
                    .orElseThrow(() -> new IllegalStateException("Walkthrough failed: no invitation for " + initech.administratorEmail()));
            PartnerLink link = delegation.acceptInvitation(SeedTenants.administratorOf(initech), token);
            out.println("  You accepted: " + link.partnerEmail() + " (account " + link.partnerAccountNumber()
                    + ") now manages your tenant. Status: " + link.status().label());
            expect(link.status() == DelegationStatus.CONNECTED, "the delegation is Connected once accepted");
            deliverMail();
            partnerTable();
        }

        private String login(DelegationId initechRow) {
            heading("Jane at Acme Reseller logs in to Initech");
            IssuedSession issued = delegation.loginToCustomer(jane, initechRow);
            DelegatedSession session = issued.session();
            out.println("  Delegated session issued (its bearer token goes to Jane's browser only, not shown here):");
            out.println("    subject: " + session.subject() + " (Initech's administrator account)");
            out.println("    actor:   " + session.actorUser() + " of tenant " + session.actorTenant());
            out.println("    scope:   " + session.scope());
            out.println("    expires: " + session.expiresAt());
            String sessionToken = issued.token().reveal();
            Optional<DelegatedSession> validated = delegation.validateSession(sessionToken);
            expect(validated.isPresent(), "a fresh delegated session validates");
            out.println("  validateSession: valid, acting as " + validated.get().subject() + " on behalf of " + validated.get().actorUser());
            partnerTable();
            return sessionToken;
        }

        private void refuseSecondPartner() {
            heading("An operator lets Globex Services act as a partner; Globex then adds Initech");
            Tenant granted = delegation.grantPartnerPermission(SeedTenants.operator(), globex.id());
            out.println("  Operator granted the partner permission to " + granted.id() + " (account " + granted.accountNumber() + ")");
            try {
                delegation.addCustomerAccount(gary, initech.administratorEmail());
                throw new IllegalStateException("Walkthrough failed: a second partner was allowed to add a connected customer");
            } catch (DelegationException refused) {
                if (refused.code() != ErrorCode.ALREADY_LINKED_TO_ANOTHER_TENANT) {
                    throw refused;
                }
                out.println("  Refused:");
                out.println("    code:    " + refused.code());
                out.println("    message: " + refused.getMessage());
            }
            partnerTable();
        }

        private void disassociate(String sessionToken) {
            heading("Initech disassociates its partner");
            Principal initechAdmin = SeedTenants.administratorOf(initech);
            delegation.disassociatePartner(initechAdmin);
            expect(delegation.currentPartner(initechAdmin).isEmpty(), "Initech has no partner after disassociating");
            out.println("  Initech has no partner any more.");
            boolean stillValid = delegation.validateSession(sessionToken).isPresent();
            expect(!stillValid, "the delegated session stops validating once the delegation is removed");
            out.println("  validateSession: the session issued at the login no longer validates (access ended at once).");
            deliverMail();
            partnerTable();
            out.println();
            out.println("  History, all statuses (ended delegations stay for the audit):");
            indent(AccountTable.render(delegation.listAccounts(jane,
                    AccountQuery.firstPage().withStatuses(EnumSet.allOf(DelegationStatus.class))).items()));
        }

        /** Drains the outbox and prints what reached the mailbox since the last call. */
        private void deliverMail() {
            wiring.dispatcher().drain();
            List<Notification> delivered = wiring.mailbox().delivered();
            for (Notification mail : delivered.subList(mailShown, delivered.size())) {
                out.println("  Mail to " + mail.recipient() + ": " + describe(mail));
                if (mail.type() == NotificationType.INVITATION) {
                    out.println("    Accept and Login: " + ACCEPT_LINK + mail.invitationToken().map(SecretToken::reveal).orElseThrow());
                    out.println("    (the link expires at " + mail.invitationExpiresAt().orElseThrow() + ")");
                }
            }
            mailShown = delivered.size();
        }

        private static String describe(Notification mail) {
            String partner = mail.partnerEmail() + " (account " + mail.partnerAccountNumber() + ")";
            String customer = mail.customerEmail() + " (account " + mail.customerAccountNumber() + ")";
            return switch (mail.type()) {
                case INVITATION -> "invitation from " + partner + " to manage your tenant";
                case ACCEPTANCE_CONFIRMATION -> "you accepted " + partner + " as your partner";
                case ACCEPTANCE_NOTICE -> customer + " accepted your invitation";
                case DECLINE_NOTICE -> customer + " declined your invitation";
                case EXPIRY_NOTICE -> "the invitation to " + customer + " expired";
                case REMOVAL_NOTICE_TO_PARTNER -> "the delegation to " + customer + " was removed";
                case REMOVAL_NOTICE_TO_CUSTOMER -> partner + " no longer manages your tenant";
            };
        }

        private void partnerTable() {
            out.println();
            out.println("  Acme Reseller's customer accounts:");
            indent(AccountTable.render(delegation.listAccounts(jane, AccountQuery.firstPage()).items()));
        }

        private void indent(String text) {
            text.lines().forEach(line -> out.println("    " + line));
        }

        private void heading(String title) {
            out.println();
            out.println(step == 0 ? "== " + title : "== Step " + step + ": " + title);
            step++;
        }

        private static void expect(boolean condition, String what) {
            if (!condition) {
                throw new IllegalStateException("Walkthrough failed: expected that " + what);
            }
        }
    }
}
