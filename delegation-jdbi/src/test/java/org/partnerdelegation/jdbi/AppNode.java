package org.partnerdelegation.jdbi;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.partnerdelegation.core.outbox.OutboxDispatcher;
import org.partnerdelegation.core.outbox.RetryPolicy;
import org.partnerdelegation.core.port.Notifier;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.core.usecase.StepUpPolicy;

/**
 * One application node as a host runs it: its own pool ({@link JdbiStorage}), its own facade and
 * its own outbox dispatcher, with the builders' default {@code SecureRandom} so that two nodes
 * never mint the same ids or tokens. Several nodes over one database URL model a cluster.
 * Closing the node closes its pool.
 */
final class AppNode implements AutoCloseable {

    final String name;
    final JdbiStorage storage;
    final PartnerDelegation delegation;
    final OutboxDispatcher dispatcher;

    AppNode(String name, JdbiStorage storage, Clock clock, Notifier notifier, int batchSize) {
        this.name = Objects.requireNonNull(name, "name");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.delegation = PartnerDelegation.builder()
                .tenantDirectory(storage.tenantDirectory())
                .delegationStore(storage.delegationStore())
                .sessionIssuer(storage.sessionIssuer())
                .clock(clock)
                .stepUpPolicy(StepUpPolicy.notRequired()).build();
        // Built from the facade: the same store, directory, clock and settings.
        this.dispatcher = OutboxDispatcher.builder(delegation)
                .notifier(notifier)
                .batchSize(batchSize)
                .retryPolicy(new RetryPolicy(3, Duration.ofMinutes(1), Duration.ofMinutes(10)))
                .build();
    }

    /**
     * How long a node waits for a connection: the races run many threads on a 2-core machine that CI
     * may share, where the default 5 s was once not enough for the first connection of a new pool.
     */
    private static final Duration UNDER_LOAD = Duration.ofSeconds(30);

    /** A node with its own pool of {@code poolSize} connections to the PostgreSQL database at {@code url}. */
    static AppNode postgres(String name, String url, int poolSize, Clock clock, Notifier notifier, int batchSize) {
        return new AppNode(name, JdbiStorage.connect(Databases.postgresConfig(url).withMaximumPoolSize(poolSize)
                .withConnectionTimeout(UNDER_LOAD)), clock,
                notifier, batchSize);
    }

    /** A node with its own pool on the in-memory H2 database of that name (shared by every pool that names it). */
    static AppNode h2(String name, String database, int poolSize, Clock clock, Notifier notifier, int batchSize) {
        return new AppNode(name, JdbiStorage.connect(DatabaseConfig.of("jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1", "sa", "")
                .withMaximumPoolSize(poolSize).withConnectionTimeout(UNDER_LOAD)), clock, notifier, batchSize);
    }

    @Override
    public void close() {
        dispatcher.close();
        storage.close();
    }

    @Override
    public String toString() {
        return name;
    }
}
