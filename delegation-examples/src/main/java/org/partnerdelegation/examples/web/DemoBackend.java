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
 * The library behind the web demo: the {@link DemoWiring} over an H2 database and the received
 * mail, both kept in a data directory between runs, seeded with the demo tenants on first start,
 * with the outbox dispatcher and the time-limit job run on a schedule. The backend holds the
 * {@link DataDirectoryLock} on the directory from start to {@link #close()}, so that a second demo
 * cannot open the same files. {@link #reset()} deletes the database and the mail and seeds again.
 * Thread-safe.
 */
public final class DemoBackend implements AutoCloseable {

    /** How often the outbox is drained into the demo mailbox. */
    static final Duration DISPATCH_EVERY = Duration.ofSeconds(1);
    /** How often the time-limit job (expiry, ending notices, end dates) runs. */
    static final Duration TIME_LIMITS_EVERY = Duration.ofMinutes(1);
    /** How the embedded database's files start ({@code partner-delegation.mv.db}, its trace file...). */
    private static final String DATABASE_FILES = "partner-delegation.";

    private final Path dataDirectory;
    private final DataDirectoryLock lock;
    private final Clock clock;
    private final String acceptUrlBase;
    private final ScheduledExecutorService scheduler;
    private volatile DemoWiring wiring;

    private DemoBackend(Path dataDirectory, DataDirectoryLock lock, Clock clock, String acceptUrlBase, StartupLog log) {
        this.dataDirectory = dataDirectory;
        this.lock = lock;
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
     * Claims {@code dataDirectory}, opens (or creates) the database and the mailbox in it, emptied
     * first when {@code reset}, and seeds the demo tenants where they are missing.
     *
     * @param acceptUrlBase the start of the invitation's Accept and Login link: the demo's own accept page
     * @throws DataDirectoryLock.InUseException when another demo holds the directory
     */
    public static DemoBackend start(Path dataDirectory, boolean reset, Clock clock, String acceptUrlBase) {
        return start(dataDirectory, reset, clock, acceptUrlBase, StartupLog.SILENT);
    }

    /** As {@link #start(Path, boolean, Clock, String)}, telling {@code log} what it does as it does it. */
    public static DemoBackend start(Path dataDirectory, boolean reset, Clock clock, String acceptUrlBase, StartupLog log) {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(acceptUrlBase, "acceptUrlBase");
        // Before anything is deleted or opened: the demo holding the directory keeps its files.
        DataDirectoryLock lock = DataDirectoryLock.acquire(dataDirectory);
        try {
            if (reset) {
                log.phase("Emptying the demo data (--reset)...");
                deleteDemoFiles(dataDirectory);
            }
            return new DemoBackend(dataDirectory, lock, clock, acceptUrlBase, log);
        } catch (RuntimeException | Error e) {
            lock.close();
            throw e;
        }
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

    /** Closes the database and the mail server, deletes the database and the kept mail, and starts again from the seed. */
    public synchronized void reset() {
        wiring.close();
        deleteDemoFiles(dataDirectory);
        wiring = open(StartupLog.SILENT);
    }

    /** Stops the schedule, then the wiring, then releases the data directory. */
    @Override
    public synchronized void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            wiring.close();
        } finally {
            lock.close();
        }
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

    /**
     * Deletes what the demo keeps in {@code directory}: the database's files and the mail
     * directory. Nothing else: the directory is the user's choice (-Dpd.demo.dataDir), and may
     * hold other files; the lock file stays, as the lock is held on it.
     */
    private static void deleteDemoFiles(Path directory) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> top = Files.list(directory)) {
            for (Path entry : top.toList()) {
                String name = entry.getFileName().toString();
                if (name.startsWith(DATABASE_FILES) || name.equals(DemoWiring.MAIL_DIRECTORY)) {
                    deleteRecursively(entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the demo's data in " + directory, e);
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        try (Stream<Path> files = Files.walk(path)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
