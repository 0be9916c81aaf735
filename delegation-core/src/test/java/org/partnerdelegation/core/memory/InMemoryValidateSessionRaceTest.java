package org.partnerdelegation.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.operator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.partnerdelegation.core.contract.DelegationHarness;
import org.partnerdelegation.core.contract.TenantFixtures;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.usecase.PartnerDelegation;

/**
 * {@code validateSession} on several threads while the session is ended: a check that starts
 * once the ending call has returned finds nothing, on every thread, however the in-memory
 * adapters let the checks run beside the writes.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class InMemoryValidateSessionRaceTest {

    private static final int ROUNDS = 50;
    private static final int CHECKERS = 2;
    /** Checks each thread makes once the session has ended, before it stops. */
    private static final int CHECKS_AFTER = 50;

    private final ExecutorService threads = Executors.newFixedThreadPool(CHECKERS);

    /** The ways a session stops validating, each a call that has taken effect once it returns. */
    enum Ending {
        REVOKE_PARTNER_PERMISSION {
            @Override
            void end(Round r) {
                r.facade().revokePartnerPermission(operator(), r.partner().id());
            }
        },
        DELETE_ACCOUNT {
            @Override
            void end(Round r) {
                r.facade().deleteAccount(adminOf(r.partner()), r.delegationId());
            }
        },
        DISASSOCIATE_PARTNER {
            @Override
            void end(Round r) {
                r.facade().disassociatePartner(adminOf(r.customer()));
            }
        },
        END_SESSION {
            @Override
            void end(Round r) {
                r.facade().endSession(r.token());
            }
        },
        END_SESSIONS_OF_USER {
            @Override
            void end(Round r) {
                Tenant partner = r.partner();
                r.facade().endSessionsOfUser(adminOf(partner), partner.id(), adminOf(partner).userId());
            }
        };

        abstract void end(Round r);
    }

    /** One partner connected to one customer, and a session of the partner's administrator in it. */
    record Round(PartnerDelegation facade, Tenant partner, Tenant customer, DelegationId delegationId, String token) {
        static Round start() {
            DelegationHarness h = new DelegationHarness(new InMemoryAdapterFixture());
            Tenant partner = h.register(TenantFixtures.partner(1));
            Tenant customer = h.register(TenantFixtures.customer(1));
            DelegationId id = h.connect(partner, customer);
            String token = h.delegation.loginToCustomer(adminOf(partner), id).token().reveal();
            return new Round(h.delegation, partner, customer, id, token);
        }
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).as("checker threads ended").isTrue();
    }

    @ParameterizedTest
    @EnumSource(Ending.class)
    void noCheckStartedAfterTheSessionEndedFindsItOnAnyThread(Ending ending) throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Round r = Round.start();
            AtomicBoolean ended = new AtomicBoolean();
            CountDownLatch everyCheckerSawItLive = new CountDownLatch(CHECKERS);
            List<Future<Integer>> checkers = new ArrayList<>();
            for (int c = 0; c < CHECKERS; c++) {
                checkers.add(threads.submit(() -> {
                    boolean sawLive = false;
                    int foundAfterEnd = 0;
                    for (int checksAfter = 0; checksAfter < CHECKS_AFTER; ) {
                        boolean endedBefore = ended.get();
                        boolean found = r.facade().validateSession(r.token()).isPresent();
                        if (endedBefore) {
                            checksAfter++;
                            foundAfterEnd += found ? 1 : 0;
                        } else if (found && !sawLive) {
                            sawLive = true;
                            everyCheckerSawItLive.countDown();
                        }
                    }
                    return foundAfterEnd;
                }));
            }
            assertThat(everyCheckerSawItLive.await(30, TimeUnit.SECONDS)).as("the session validated at first").isTrue();

            ending.end(r);
            ended.set(true);

            for (Future<Integer> checker : checkers) {
                assertThat(checker.get()).as("checks that found the session after %s returned (round %d)", ending, round)
                        .isZero();
            }
            assertThat(r.facade().validateSession(r.token())).isEmpty();
        }
    }
}
