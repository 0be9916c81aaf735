package org.partnerdelegation.examples;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.google.inject.util.Modules;
import com.icegreen.greenmail.util.GreenMail;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.partnerdelegation.core.outbox.OutboxDispatcher;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.jdbi.JdbiStorage;
import org.partnerdelegation.jdbi.JdbiTenantDirectory;
import org.partnerdelegation.mail.SimpleJavaMailNotifier;

/**
 * What the walkthrough works with, composed by Guice from {@link EmbeddedStorageModule},
 * {@link DelegationModule} and {@link DemoMailModule}. Closing it stops the dispatcher, closes the
 * notifier, stops the in-process SMTP server and closes the database, so that no thread of the
 * demo outlives it. Closing again does nothing.
 */
public final class DemoWiring implements AutoCloseable {

    /** The directory, in the data directory, where the in-process SMTP server keeps the mails it received. */
    public static final String MAIL_DIRECTORY = "mailbox";

    private final JdbiTenantDirectory tenants;
    private final DemoInbox inbox;
    private final PartnerDelegation delegation;
    private final OutboxDispatcher dispatcher;
    private final SimpleJavaMailNotifier notifier;
    private final GreenMail smtpServer;
    private final JdbiStorage storage;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DemoWiring(JdbiTenantDirectory tenants, DemoInbox inbox, PartnerDelegation delegation, OutboxDispatcher dispatcher,
                       SimpleJavaMailNotifier notifier, GreenMail smtpServer, JdbiStorage storage) {
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.inbox = Objects.requireNonNull(inbox, "inbox");
        this.delegation = Objects.requireNonNull(delegation, "delegation");
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.smtpServer = Objects.requireNonNull(smtpServer, "smtpServer");
        this.storage = Objects.requireNonNull(storage, "storage");
    }

    /**
     * Everything over an embedded H2 database in {@code dataDirectory}, reading "now" from
     * {@code clock}, with the SMTP server started over the mails kept in the data directory's
     * {@value #MAIL_DIRECTORY} directory (which keeps every mail it receives from now on). When
     * a part cannot be built, the parts already started are closed again before its exception
     * propagates (the part's own, such as a {@code DelegationException}, not Guice's wrapper).
     */
    public static DemoWiring create(Path dataDirectory, Clock clock) {
        return create(dataDirectory, clock, DemoMailModule.ACCEPT_URL_BASE);
    }

    /**
     * As {@link #create(Path, Clock)}, with the invitation mail's Accept and Login link starting
     * with {@code acceptUrlBase} (the web demo's own accept page) instead of the walkthrough's
     * {@link DemoMailModule#ACCEPT_URL_BASE}.
     */
    public static DemoWiring create(Path dataDirectory, Clock clock, String acceptUrlBase) {
        return create(dataDirectory, clock, acceptUrlBase, StartupLog.SILENT);
    }

    /**
     * As {@link #create(Path, Clock, String)}, telling {@code log} as it opens the database and
     * starts the mail server.
     */
    public static DemoWiring create(Path dataDirectory, Clock clock, String acceptUrlBase, StartupLog log) {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(acceptUrlBase, "acceptUrlBase");
        Objects.requireNonNull(log, "log");
        Module mail = Modules.override(new DemoMailModule(dataDirectory.resolve(MAIL_DIRECTORY))).with(binder ->
                binder.bind(String.class).annotatedWith(AcceptUrlBase.class).toInstance(acceptUrlBase));
        Injector injector = Guice.createInjector(new EmbeddedStorageModule(dataDirectory), new DelegationModule(clock), mail);
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            log.phase("Opening the database in " + dataDirectory.toAbsolutePath() + " (H2) and migrating its schema...");
            JdbiStorage storage = injector.getInstance(JdbiStorage.class);
            started.push(storage::close);
            log.phase("Starting the mail server (SMTP, in this process)...");
            GreenMail smtpServer = injector.getInstance(GreenMail.class);
            started.push(smtpServer::stop);
            SimpleJavaMailNotifier notifier = injector.getInstance(SimpleJavaMailNotifier.class);
            started.push(notifier);
            OutboxDispatcher dispatcher = injector.getInstance(OutboxDispatcher.class);
            started.push(dispatcher);
            return new DemoWiring(injector.getInstance(JdbiTenantDirectory.class), injector.getInstance(DemoInbox.class),
                    injector.getInstance(PartnerDelegation.class), dispatcher, notifier, smtpServer, storage);
        } catch (RuntimeException | Error e) {
            Throwable failure = unwrapped(e);
            closeAll(started, failure);
            if (failure instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) failure;
        }
    }

    /**
     * What a part threw when it could not be built, rather than Guice's wrapper around it: the
     * library's {@code DelegationException} keeps its type and stable code for the caller.
     */
    private static Throwable unwrapped(Throwable e) {
        if (e instanceof ProvisionException provision && provision.getErrorMessages().size() == 1
                && provision.getCause() instanceof RuntimeException cause) {
            return cause;
        }
        return e;
    }

    /** The host's tenants (the table-backed directory); register them here. */
    public JdbiTenantDirectory tenants() {
        return tenants;
    }

    /** The recipients' mailboxes on the in-process SMTP server. */
    public DemoInbox inbox() {
        return inbox;
    }

    /** The use cases. */
    public PartnerDelegation delegation() {
        return delegation;
    }

    /** Delivers the outbox through the {@link #notifier()}: call {@link OutboxDispatcher#drain()}. */
    public OutboxDispatcher dispatcher() {
        return dispatcher;
    }

    /** Mails each notification through SMTP to the {@link #smtpServer()}. */
    public SimpleJavaMailNotifier notifier() {
        return notifier;
    }

    /** The in-process SMTP server, listening on a free port of the loopback address. */
    public GreenMail smtpServer() {
        return smtpServer;
    }

    /** The embedded H2 database. */
    public JdbiStorage storage() {
        return storage;
    }

    /**
     * Stops the dispatcher, closes the notifier, stops the SMTP server, shuts the embedded database
     * down and closes its pool, in that order; a part that fails to close does not keep the others open.
     *
     * @throws IllegalStateException after closing all parts, when one of them failed (each failure suppressed in it)
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Deque<AutoCloseable> parts = new ArrayDeque<>();
        parts.push(storage::close);
        parts.push(smtpServer::stop);
        parts.push(notifier);
        parts.push(dispatcher);
        RuntimeException failure = new IllegalStateException("Closing the demo's wiring failed");
        closeAll(parts, failure);
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    /** Closes every part, the last started first, adding each failure to {@code failure} as suppressed. */
    private static void closeAll(Deque<AutoCloseable> parts, Throwable failure) {
        while (!parts.isEmpty()) {
            try {
                parts.pop().close();
            } catch (Exception | Error e) {
                failure.addSuppressed(e);
            }
        }
    }
}
