package org.partnerdelegation.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.StepUpChallenge;
import org.partnerdelegation.core.memory.InMemoryDelegationStore;
import org.partnerdelegation.core.memory.InMemorySessionIssuer;
import org.partnerdelegation.core.memory.InMemoryTenantDirectory;

class StepUpPolicyTest {

    private static final Duration FIFTEEN_MINUTES = Duration.ofMinutes(15);

    @Test
    void theDefaultAsksForMultiFactorNoOlderThanFifteenMinutesForLoginsOnly() {
        StepUpPolicy policy = StepUpPolicy.defaults();

        assertThat(policy.requirement()).isEqualTo(StepUpPolicy.Requirement.MULTI_FACTOR);
        assertThat(policy.maxAge()).isEqualTo(FIFTEEN_MINUTES);
        assertThat(policy.customerActions()).isFalse();
        assertThat(policy.isRelaxed()).isFalse();
    }

    @Test
    void theMaximumAgeIsPositiveAndAtMostADay() {
        assertThat(StepUpPolicy.defaults().withMaxAge(Duration.ofNanos(1)).maxAge()).isEqualTo(Duration.ofNanos(1));
        assertThat(StepUpPolicy.defaults().withMaxAge(Duration.ofHours(24)).maxAge()).isEqualTo(Duration.ofHours(24));
        assertInvalid(() -> StepUpPolicy.defaults().withMaxAge(Duration.ofHours(24).plusNanos(1)));
        assertInvalid(() -> StepUpPolicy.defaults().withMaxAge(Duration.ZERO));
        assertInvalid(() -> StepUpPolicy.defaults().withMaxAge(Duration.ofMinutes(-1)));
        assertInvalid(() -> StepUpPolicy.defaults().withMaxAge(null));
        assertInvalid(() -> new StepUpPolicy(null, FIFTEEN_MINUTES, false));
    }

    @Test
    void aCustomersAgeMakesTheRuleStricterAndNeverLooser() {
        StepUpPolicy policy = StepUpPolicy.defaults();

        assertThat(policy.challenge(Optional.of(Duration.ofMinutes(5)))).contains(new StepUpChallenge(true, Duration.ofMinutes(5)));
        // A customer's longer age does not lengthen the host's.
        assertThat(policy.challenge(Optional.of(Duration.ofHours(2)))).contains(new StepUpChallenge(true, FIFTEEN_MINUTES));
        assertThat(policy.challenge(Optional.empty())).contains(new StepUpChallenge(true, FIFTEEN_MINUTES));
    }

    @Test
    void aCustomerRequiresMultiFactorWhereTheHostRelaxedIt() {
        assertThat(StepUpPolicy.defaults().allowingSingleFactor().challenge(Optional.of(Duration.ofMinutes(30))))
                .contains(new StepUpChallenge(true, FIFTEEN_MINUTES));
        assertThat(StepUpPolicy.notRequired().challenge(Optional.of(Duration.ofMinutes(30))))
                .contains(new StepUpChallenge(true, Duration.ofMinutes(30)));
        assertThat(StepUpPolicy.notRequired().challenge(Optional.empty())).isEmpty();
        assertThat(StepUpPolicy.defaults().allowingSingleFactor().challenge(Optional.empty()))
                .contains(new StepUpChallenge(false, FIFTEEN_MINUTES));
    }

    @Test
    void aRelaxedPolicyIsLoggedAsAWarningWhenTheFacadeIsBuiltAndTheDefaultIsNot() {
        List<LogRecord> warnings = new ArrayList<>();
        Logger logger = Logger.getLogger(PartnerDelegation.class.getName());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level configured = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(capture);
        try {
            build(StepUpPolicy.defaults());
            assertThat(warnings).isEmpty();
            build(StepUpPolicy.defaults().allowingSingleFactor());
            build(StepUpPolicy.notRequired());
        } finally {
            logger.removeHandler(capture);
            logger.setLevel(configured);
        }

        assertThat(warnings).hasSize(2);
        assertThat(warnings).extracting(r -> java.text.MessageFormat.format(r.getMessage(), r.getParameters()))
                .anySatisfy(m -> assertThat(m).contains("ANY_FACTOR").contains("relaxed"))
                .anySatisfy(m -> assertThat(m).contains("NONE").contains("relaxed"));
    }

    @Test
    void durationsReadAsAPersonSaysThem() {
        assertThat(StepUpPolicy.describe(Duration.ofMinutes(15))).isEqualTo("15 minutes");
        assertThat(StepUpPolicy.describe(Duration.ofMinutes(1))).isEqualTo("1 minute");
        assertThat(StepUpPolicy.describe(Duration.ofHours(2))).isEqualTo("2 hours");
        assertThat(StepUpPolicy.describe(Duration.ofSeconds(90))).isEqualTo("90 seconds");
        assertThat(StepUpPolicy.describe(Duration.ofMinutes(15).plusNanos(1000))).isEqualTo("900 seconds");
    }

    private static void build(StepUpPolicy policy) {
        InMemoryTenantDirectory tenants = new InMemoryTenantDirectory();
        PartnerDelegation.builder().tenantDirectory(tenants).delegationStore(new InMemoryDelegationStore())
                .sessionIssuer(new InMemorySessionIssuer()).stepUpPolicy(policy).build();
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        DelegationException e = catchThrowableOfType(DelegationException.class, call);
        assertThat(e).as("refused").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
    }
}
