package org.partnerdelegation.examples;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import org.partnerdelegation.core.memory.InMemoryNotifier;
import org.partnerdelegation.core.outbox.OutboxDispatcher;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.jdbi.JdbiStorage;
import org.partnerdelegation.jdbi.JdbiTenantDirectory;

/**
 * What the walkthrough works with, composed by Guice from {@link EmbeddedStorageModule},
 * {@link DelegationModule} and {@link DemoMailboxModule}. Closing it closes the database pool.
 *
 * @param tenants    the host's tenants (the table-backed directory); register them here
 * @param mailbox    what the dispatcher delivered, standing in for the recipients' mailboxes
 * @param delegation the use cases
 * @param dispatcher delivers the outbox to {@code mailbox}; call {@link OutboxDispatcher#drain()}
 * @param storage    the embedded H2 database
 */
public record DemoWiring(JdbiTenantDirectory tenants, InMemoryNotifier mailbox, PartnerDelegation delegation,
                         OutboxDispatcher dispatcher, JdbiStorage storage) implements AutoCloseable {

    /** Everything over an embedded H2 database in {@code dataDirectory}, reading "now" from {@code clock}. */
    public static DemoWiring create(Path dataDirectory, Clock clock) {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(clock, "clock");
        Injector injector = Guice.createInjector(new EmbeddedStorageModule(dataDirectory), new DelegationModule(clock),
                new DemoMailboxModule());
        return new DemoWiring(injector.getInstance(JdbiTenantDirectory.class), injector.getInstance(InMemoryNotifier.class),
                injector.getInstance(PartnerDelegation.class), injector.getInstance(OutboxDispatcher.class),
                injector.getInstance(JdbiStorage.class));
    }

    @Override
    public void close() {
        dispatcher.close();
        storage.close();
    }
}
