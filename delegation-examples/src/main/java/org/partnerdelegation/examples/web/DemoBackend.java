package org.partnerdelegation.examples.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.examples.DemoInbox;
import org.partnerdelegation.examples.DemoWiring;
import org.partnerdelegation.examples.SeedTenants;
import org.partnerdelegation.examples.StartupLog;

/**
 * The library behind the web demo: the {@link DemoWiring} over an H2 database kept in a
 * directory between runs, seeded with the demo tenants on first start, with the outbox
 * dispatcher and the time-limit job run on a schedule. {@link #reset()} empties the database and
 * seeds it again. Thread-safe.
 */
public final class DemoBackend implements AutoCloseable {

    /** How often the outbox is drained into the demo mailbox. */
    static final Duration DISPATCH_EVERY = Duration.ofSeconds(1);
    /** How often the time-limit job (expiry, ending notices, end dates) runs. */
    static final Duration TIME_LIMITS_EVERY = Duration.ofMinutes(1);

    private final Path dataDirectory;
    private final Clock clock;
    private final String acceptUrlBase;
    private final ScheduledExecutorService scheduler;
    private volatile DemoWiring wiring;

    private DemoBackend(Path dataDirectory, Clock clock, String acceptUrlBase, StartupLog log) {
        this.dataDirectory = dataDirectory;
        this.clock = clock;
        this.acceptUrlBase = acceptUrlBase;
        this.wiring = open(log);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-scheduler");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::dispatchQuietly, DISPATCH_EVERY.toMillis(), DISPATCH_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::enforceTimeLimitsQuietly, TIME_LIMITS_EVERY.toMillis(),
                TIME_LIMITS_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Opens (or creates) the database in {@code dataDirectory}, emptied first when {@code reset},
     * and seeds the demo tenants where they are missing.
     *
     * @param acceptUrlBase the start of the invitation's Accept and Login link: the demo's own accept page
     */
    public static DemoBackend start(Path dataDirectory, boolean reset, Clock clock, String acceptUrlBase) {
        return start(dataDirectory, reset, clock, acceptUrlBase, StartupLog.SILENT);
    }

    /** As {@link #start(Path, boolean, Clock, String)}, telling {@code log} what it does as it does it. */
    public static DemoBackend start(Path dataDirectory, boolean reset, Clock clock, String acceptUrlBase, StartupLog log) {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(log, "log");
        if (reset) {
            log.phase("Emptying the demo data (--reset)...");
            deleteRecursively(dataDirectory);
        }
        return new DemoBackend(dataDirectory, Objects.requireNonNull(clock, "clock"),
                Objects.requireNonNull(acceptUrlBase, "acceptUrlBase"), log);
    }

    /** The use cases. */
    public PartnerDelegation delegation() {
        return wiring.delegation();
    }

    /** The mailboxes of the in-process SMTP server. */
    public DemoInbox inbox() {
        return wiring.inbox();
    }

    /** The current wiring (replaced by {@link #reset()}). */
    public DemoWiring wiring() {
        return wiring;
    }

    /** The demo's tenants, as seeded: partners, customers, the tenant without the permission. */
    public static List<Tenant> seedTenants() {
        return List.of(SeedTenants.acmeReseller(), SeedTenants.globexServices(), SeedTenants.vandelay(),
                SeedTenants.initech(), SeedTenants.umbrella(), SeedTenants.hooli());
    }

    /** Delivers the outbox now, so that the demo mailbox shows a mail as soon as the page that caused it. */
    public synchronized void dispatch() {
        wiring.dispatcher().drain();
    }

    /** Closes the database and the mail server, deletes the database, and starts again from the seed. */
    public synchronized void reset() {
        wiring.close();
        deleteRecursively(dataDirectory);
        wiring = open(StartupLog.SILENT);
    }

    /** Stops the schedule, then the wiring. */
    @Override
    public synchronized void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        wiring.close();
    }

    private DemoWiring open(StartupLog log) {
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the demo's data directory " + dataDirectory, e);
        }
        DemoWiring created = DemoWiring.create(dataDirectory, clock, acceptUrlBase, log);
        try {
            seed(created, log);
        } catch (RuntimeException e) {
            created.close();
            throw e;
        }
        return created;
    }

    /**
     * Registers the tenants that are missing (a kept database keeps its own state, such as a
     * permission the operator revoked) and has the operator grant Globex Services the partner
     * permission on first start, so that the permission's audit trail has a line.
     */
    private static void seed(DemoWiring wiring, StartupLog log) {
        boolean fresh = wiring.tenants().findById(SeedTenants.acmeReseller().id()).isEmpty();
        log.phase(fresh ? "Seeding the demo tenants..." : "Keeping the demo data of the last run...");
        for (Tenant tenant : seedTenants()) {
            if (wiring.tenants().findById(tenant.id()).isEmpty()) {
                wiring.tenants().register(tenant);
            }
        }
        if (fresh) {
            wiring.delegation().grantPartnerPermission(SeedTenants.operator(), SeedTenants.globexServices().id());
        }
    }

    private synchronized void dispatchQuietly() {
        try {
            wiring.dispatcher().drain();
        } catch (RuntimeException e) {
            System.err.println("Demo: delivering the outbox failed: " + e.getMessage());
        }
    }

    private synchronized void enforceTimeLimitsQuietly() {
        try {
            wiring.delegation().enforceTimeLimits(SeedTenants.operator());
        } catch (RuntimeException e) {
            System.err.println("Demo: the time-limit job failed: " + e.getMessage());
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the demo's database in " + directory, e);
        }
    }
}
