package org.partnerdelegation.core.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.partnerdelegation.core.contract.TenantFixtures.adminOf;
import static org.partnerdelegation.core.contract.TenantFixtures.customer;
import static org.partnerdelegation.core.contract.TenantFixtures.partner;

import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.contract.RecordingObserver;
import org.partnerdelegation.core.contract.RecordingObserver.Event;
import org.partnerdelegation.core.contract.RecordingObserver.Kind;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.memory.InMemoryDelegationStore;
import org.partnerdelegation.core.memory.InMemorySessionIssuer;
import org.partnerdelegation.core.memory.InMemoryTenantDirectory;
import org.partnerdelegation.core.usecase.AccountListEntry;
import org.partnerdelegation.core.usecase.PartnerDelegation;

/**
 * The facade reports every public use case to its observer under the use case's own name, whatever
 * it ends with; an observer's failure changes no outcome; and the default observer costs the check
 * on every request no allocation.
 */
class ObservedFacadeTest {

    private static final Tenant PARTNER = partner(1);
    private static final Tenant CUSTOMER = customer(1);

    private final InMemoryTenantDirectory tenants = new InMemoryTenantDirectory();

    private PartnerDelegation facade(DelegationObserver observer, Clock clock) {
        tenants.register(PARTNER);
        tenants.register(CUSTOMER);
        return PartnerDelegation.builder().tenantDirectory(tenants).delegationStore(new InMemoryDelegationStore())
                .sessionIssuer(new InMemorySessionIssuer()).clock(clock).observer(observer).build();
    }

    /** The use cases: every public instance method taking arguments (the accessors take none). */
    private static List<Method> useCaseMethods() {
        return Arrays.stream(PartnerDelegation.class.getMethods())
                .filter(m -> m.getDeclaringClass() == PartnerDelegation.class && !Modifier.isStatic(m.getModifiers()))
                .filter(m -> m.getParameterCount() > 0)
                .toList();
    }

    private static String snakeCase(String camel) {
        return camel.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
    }

    @Test
    void everyPublicUseCaseIsObservedOnceUnderItsOwnNameWhateverItEndsWith() throws IllegalAccessException {
        RecordingObserver observer = new RecordingObserver();
        PartnerDelegation delegation = facade(observer, Clock.systemUTC());
        assertThat(useCaseMethods()).hasSizeGreaterThan(30);

        for (Method method : useCaseMethods()) {
            observer.clear();
            try {
                method.invoke(delegation, new Object[method.getParameterCount()]);   // every argument null: refused, or nothing to do
            } catch (InvocationTargetException refusedOrFailed) {
                // the outcome is what the observer was told, checked below
            }

            assertThat(observer.events()).as(method.toString()).extracting(Event::kind, Event::name)
                    .containsOnly(org.assertj.core.groups.Tuple.tuple(Kind.USE_CASE, snakeCase(method.getName())));
            assertThat(observer.events()).as(method.toString()).hasSize(2);
        }
    }

    @Test
    void everyUseCaseNameBelongsToAMethodOfTheFacade() {
        Set<String> methods = useCaseMethods().stream().map(m -> snakeCase(m.getName())).collect(Collectors.toCollection(TreeSet::new));

        assertThat(EnumSet.allOf(UseCase.class)).extracting(UseCase::observedName).containsExactlyInAnyOrderElementsOf(methods);
    }

    @Test
    void anUnexpectedExceptionIsObservedAsAFailureByItsTypeAndStillReachesTheCaller() {
        RecordingObserver observer = new RecordingObserver();
        PartnerDelegation delegation = facade(observer, new BrokenClock());

        Throwable thrown = catchThrowable(() -> delegation.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail()));

        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessage("the clock broke");
        assertThat(observer.ends(Kind.USE_CASE)).extracting(Event::name, Event::outcome, Event::detail)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("add_customer_account", "failed", IllegalStateException.class.getName()));
    }

    @Test
    void anObserverThatThrowsChangesNoOutcome() {
        DelegationObserver broken = new DelegationObserver() {
            @Override
            public CallObservation useCase(UseCase useCase) {
                return new CallObservation() {
                    @Override
                    public void succeeded() {
                        throw new IllegalStateException("observer bug on success");
                    }

                    @Override
                    public void refused(ErrorCode code) {
                        throw new IllegalStateException("observer bug on refusal");
                    }

                    @Override
                    public void failed(Throwable error) {
                        throw new IllegalStateException("observer bug on failure");
                    }
                };
            }
        };
        DelegationObserver throwsAtStart = new DelegationObserver() {
            @Override
            public CallObservation useCase(UseCase useCase) {
                throw new IllegalStateException("observer bug at start");
            }
        };

        for (DelegationObserver observer : List.of(broken, throwsAtStart)) {
            PartnerDelegation delegation = facade(observer, Clock.systemUTC());
            AccountListEntry row = delegation.addCustomerAccount(adminOf(PARTNER), CUSTOMER.administratorEmail());
            assertThat(row.status()).isEqualTo(org.partnerdelegation.core.domain.DelegationStatus.PENDING);
            Throwable refusal = catchThrowable(() -> delegation.addCustomerAccount(adminOf(CUSTOMER), PARTNER.administratorEmail()));
            assertThat(refusal).isInstanceOf(org.partnerdelegation.core.domain.DelegationException.class);
        }
    }

    @Test
    void theDefaultObserverIsTheSharedOneThatAllocatesNothing() {
        PartnerDelegation delegation = PartnerDelegation.builder().tenantDirectory(tenants).delegationStore(new InMemoryDelegationStore())
                .sessionIssuer(new InMemorySessionIssuer()).build();

        assertThat(delegation.observer()).isSameAs(DelegationObserver.none());
        assertThat(Observing.useCase(DelegationObserver.none(), UseCase.VALIDATE_SESSION)).isSameAs(CallObservation.none());
    }

    @Test
    void validatingASessionWithTheDefaultObserverAllocatesNothingPerCall() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        PartnerDelegation delegation = facade(DelegationObserver.none(), Clock.systemUTC());
        // A missing token is answered without reading anything: what is left of the call is its observation.
        for (int i = 0; i < 200_000; i++) {
            delegation.validateSession(null);
        }
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        int calls = 1_000_000;
        for (int i = 0; i < calls; i++) {
            delegation.validateSession(null);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertThat(allocated).as("bytes allocated by %d calls", calls).isLessThan(calls / 10);
    }

    /** A clock that fails: an unexpected exception inside a use case, as an adapter's bug would throw one. */
    private static final class BrokenClock extends Clock {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            throw new IllegalStateException("the clock broke");
        }
    }
}
