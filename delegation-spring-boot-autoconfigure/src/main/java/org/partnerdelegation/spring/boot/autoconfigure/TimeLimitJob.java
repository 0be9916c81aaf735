package org.partnerdelegation.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.core.usecase.TimeLimitResult;
import org.springframework.context.SmartLifecycle;

/**
 * Runs {@link PartnerDelegation#enforceTimeLimits(Principal)} (which expires invitations first,
 * as {@link PartnerDelegation#expireInvitations(Principal)} does, then ends delegations past
 * their end, sends the ending notices and the login digests) every period, as an operator
 * principal, while the application context runs. Started once the context is refreshed; stopped
 * when it closes, before any bean is destroyed, letting a run in progress finish. Several nodes
 * may run it at once. Thread-safe.
 */
public final class TimeLimitJob implements SmartLifecycle {

    private static final System.Logger LOG = System.getLogger(TimeLimitJob.class.getName());
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final PartnerDelegation delegation;
    private final Principal operator;
    private final Duration period;
    private ScheduledExecutorService scheduler;

    /**
     * A job running every {@code period} as {@code operator}.
     *
     * @param delegation the facade
     * @param operator   an operator principal ({@link Principal#operator}); the audit trail records it
     * @param period     the delay between the end of one run and the start of the next; positive
     * @throws DelegationException {@code INVALID_INPUT} when the period is missing, zero or negative, or the
     *                             principal is not an operator
     */
    public TimeLimitJob(PartnerDelegation delegation, Principal operator, Duration period) {
        this.delegation = Objects.requireNonNull(delegation, "delegation");
        this.operator = Objects.requireNonNull(operator, "operator");
        if (!operator.isOperator() || operator.isDelegated()) {
            throw DelegationException.invalidInput("operator", "must be an operator of the host product (Principal.operator)");
        }
        this.period = requirePeriod(period, "partner-delegation.jobs.time-limits.period");
    }

    static Duration requirePeriod(Duration period, String name) {
        DelegationException.requireArgument(period, name);
        if (period.isNegative() || period.isZero()) {
            throw DelegationException.invalidInput(name, "must be positive, got " + period);
        }
        return period;
    }

    /**
     * One run, now, on the caller's thread.
     *
     * @return what it changed
     * @throws DelegationException as {@link PartnerDelegation#enforceTimeLimits(Principal)}
     */
    public TimeLimitResult runOnce() {
        return delegation.enforceTimeLimits(operator);
    }

    @Override
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "partner-delegation-time-limits");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::runLogged, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = scheduler;
            scheduler = null;
        }
        if (running == null) {
            return;
        }
        running.shutdown();
        try {
            if (!running.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                running.shutdownNow();
            }
        } catch (InterruptedException e) {
            running.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    private void runLogged() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Enforcing the delegations' time limits failed; trying again at the next tick", e);
        }
    }

    @Override
    public String toString() {
        return "TimeLimitJob[every " + period + " as " + operator.tenantId().value() + "/" + operator.userId().value() + "]";
    }
}
