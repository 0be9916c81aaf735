package org.partnerdelegation.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.ErrorCode;

/** The bounds of the login rate and of the cap on live sessions, each just before, at and just after its limit. */
class DelegationSettingsLoginLimitsTest {

    private static final DelegationSettings DEFAULTS = DelegationSettings.defaults();
    private static final Duration NANO = Duration.ofNanos(1);

    @Test
    void theDefaultsAreThirtyLoginsAMinuteAndFiveLiveSessions() {
        assertThat(DEFAULTS.loginsPerWindow()).isEqualTo(30);
        assertThat(DEFAULTS.loginWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(DEFAULTS.maxLiveSessions()).isEqualTo(5);
    }

    @Test
    void theFormerConstructorsKeepTheDefaultLimits() {
        DelegationSettings seven = new DelegationSettings(Duration.ofDays(7), Duration.ofHours(2), 50, Duration.ZERO,
                Duration.ofDays(1), Duration.ofDays(730), Duration.ofDays(14));
        assertThat(seven.loginsPerWindow()).isEqualTo(30);
        assertThat(seven.loginWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(seven.maxLiveSessions()).isEqualTo(5);
        assertThat(new DelegationSettings(Duration.ofDays(7), Duration.ofHours(2), 50, Duration.ZERO).maxLiveSessions()).isEqualTo(5);
    }

    @Test
    void theLoginCountIsOneToTenThousand() {
        refused("loginsPerWindow", () -> DEFAULTS.withLoginRate(0, Duration.ofMinutes(1)));
        assertThat(DEFAULTS.withLoginRate(1, Duration.ofMinutes(1)).loginsPerWindow()).isEqualTo(1);
        assertThat(DEFAULTS.withLoginRate(10_000, Duration.ofMinutes(1)).loginsPerWindow()).isEqualTo(10_000);
        refused("loginsPerWindow", () -> DEFAULTS.withLoginRate(10_001, Duration.ofMinutes(1)));
    }

    @Test
    void theLoginWindowIsPositiveAndAtMostADay() {
        refused("loginWindow", () -> DEFAULTS.withLoginRate(30, null));
        refused("loginWindow", () -> DEFAULTS.withLoginRate(30, Duration.ofSeconds(-1)));
        refused("loginWindow", () -> DEFAULTS.withLoginRate(30, Duration.ZERO));
        assertThat(DEFAULTS.withLoginRate(30, NANO).loginWindow()).isEqualTo(NANO);
        assertThat(DEFAULTS.withLoginRate(30, Duration.ofDays(1).minus(NANO)).loginWindow()).isEqualTo(Duration.ofDays(1).minus(NANO));
        assertThat(DEFAULTS.withLoginRate(30, Duration.ofDays(1)).loginWindow()).isEqualTo(DelegationSettings.MAX_LOGIN_WINDOW);
        refused("loginWindow", () -> DEFAULTS.withLoginRate(30, Duration.ofDays(1).plus(NANO)));
    }

    @Test
    void theCapOnLiveSessionsIsOneToAThousand() {
        refused("maxLiveSessions", () -> DEFAULTS.withMaxLiveSessions(0));
        assertThat(DEFAULTS.withMaxLiveSessions(1).maxLiveSessions()).isEqualTo(1);
        assertThat(DEFAULTS.withMaxLiveSessions(1000).maxLiveSessions()).isEqualTo(1000);
        refused("maxLiveSessions", () -> DEFAULTS.withMaxLiveSessions(1001));
    }

    @Test
    void everyCopyKeepsTheLimitsAndTheLimitsKeepTheRest() {
        DelegationSettings limited = DEFAULTS.withLoginRate(7, Duration.ofSeconds(90)).withMaxLiveSessions(2);
        for (DelegationSettings copy : new DelegationSettings[] {limited.withInvitationTtl(Duration.ofDays(1)),
                limited.withSessionTtl(Duration.ofHours(3)), limited.withMaxPageSize(10), limited.withInvitationCooldown(Duration.ZERO),
                limited.withTermBounds(Duration.ofDays(2), Duration.ofDays(30)), limited.withEndingNotice(Duration.ZERO)}) {
            assertThat(copy.loginsPerWindow()).isEqualTo(7);
            assertThat(copy.loginWindow()).isEqualTo(Duration.ofSeconds(90));
            assertThat(copy.maxLiveSessions()).isEqualTo(2);
        }
        assertThat(limited.withLoginRate(30, Duration.ofMinutes(1)).withMaxLiveSessions(5)).isEqualTo(DEFAULTS);
    }

    private static void refused(String name, ThrowingCallable call) {
        DelegationException e = catchThrowableOfType(DelegationException.class, call);
        assertThat(e).as("refused: %s", name).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(e.getMessage()).startsWith(name + " ");
    }
}
