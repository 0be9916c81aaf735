package org.partnerdelegation.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.partnerdelegation.core.contract.TenantFixtures;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.domain.SessionId;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.domain.TokenHash;
import org.partnerdelegation.core.domain.UserId;

/**
 * The in-memory directory's finders and the session issuer's {@code introspect} take no lock:
 * read beside the changes, they see each tenant and session as it was before or after a change,
 * never a state no change left behind.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class InMemoryLockFreeFindersTest {

    private static final int CHANGES = 20_000;

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).as("test threads ended").isTrue();
    }

    @Test
    void findersBesideReRegistrationsSeeEachTenantBeforeOrAfter() throws Exception {
        InMemoryTenantDirectory directory = new InMemoryTenantDirectory();
        Tenant steady = directory.register(TenantFixtures.partner(1));
        Tenant moving = TenantFixtures.customer(1);
        EmailAddress first = moving.administratorEmail();
        EmailAddress second = EmailAddress.of("moved@customer1.example");
        directory.register(moving);
        AtomicBoolean changing = new AtomicBoolean(true);

        Future<?> changes = threads.submit(() -> {
            try {
                for (int i = 0; i < CHANGES; i++) {
                    // The same email again (the steady tenant), another email, and the permission, back and forth.
                    directory.register(steady.withPartnerPermission(i % 2 == 0));
                    directory.register(new Tenant(moving.id(), moving.accountNumber(), i % 2 == 0 ? second : first, false));
                }
            } finally {
                changing.set(false);
            }
            return null;
        });
        List<Future<List<String>>> finders = new ArrayList<>();
        for (int f = 0; f < 2; f++) {
            finders.add(threads.submit(() -> {
                List<String> wrong = new ArrayList<>();
                while (changing.get()) {
                    if (directory.findByAdministratorEmail(steady.administratorEmail()).isEmpty()) {
                        wrong.add("the steady tenant's email, re-registered unchanged, went missing");
                    }
                    for (EmailAddress email : List.of(first, second)) {
                        directory.findByAdministratorEmail(email)
                                .filter(t -> !t.administratorEmail().equals(email))
                                .ifPresent(t -> wrong.add(email + " found a tenant whose email is " + t.administratorEmail()));
                    }
                    if (directory.findById(moving.id()).isEmpty()) {
                        wrong.add("the moving tenant went missing");
                    }
                }
                return wrong;
            }));
        }

        changes.get();
        for (Future<List<String>> finder : finders) {
            assertThat(finder.get()).isEmpty();
        }
        assertThat(directory.findByAdministratorEmail(first)).map(Tenant::id).contains(moving.id());
        assertThat(directory.findByAdministratorEmail(second)).isEmpty();
    }

    @Test
    void introspectBesideRevocationsSeesEachSessionBeforeOrAfter() throws Exception {
        InMemorySessionIssuer sessions = new InMemorySessionIssuer();
        DelegationId delegation = DelegationId.of(UUID.randomUUID());
        Instant now = Instant.parse("2026-01-05T09:00:00Z");
        List<TokenHash> hashes = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            TokenHash hash = SecretToken.generate(new java.util.Random(i)).hash();
            hashes.add(hash);
            sessions.issue(new DelegatedSession(new SessionId(UUID.randomUUID()), hash, delegation,
                    TenantFixtures.customer(1).id(), TenantFixtures.customer(1).administratorEmail(),
                    TenantFixtures.partner(1).id(), UserId.of("user"), DelegatedSession.TENANT_ADMINISTRATOR_SCOPE,
                    0, now, now.plusSeconds(3600), Optional.empty()));
        }
        AtomicBoolean revoking = new AtomicBoolean(true);

        Future<Integer> revocation = threads.submit(() -> {
            try {
                return sessions.revokeAll(delegation, now);
            } finally {
                revoking.set(false);
            }
        });
        Future<List<String>> finder = threads.submit(() -> {
            List<String> wrong = new ArrayList<>();
            do {
                // Revoked one after the other, in any order: each is either live or revoked, never missing.
                for (TokenHash hash : hashes) {
                    if (sessions.introspect(hash).isEmpty()) {
                        wrong.add("a session went missing while revoked");
                    }
                }
            } while (revoking.get());
            return wrong;
        });

        assertThat(revocation.get()).isEqualTo(hashes.size());
        assertThat(finder.get()).isEmpty();
        assertThat(hashes).allSatisfy(hash -> assertThat(sessions.introspect(hash)).get()
                .extracting(s -> s.revokedAt().isPresent()).isEqualTo(true));
    }
}
