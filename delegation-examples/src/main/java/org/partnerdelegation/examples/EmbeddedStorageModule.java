package org.partnerdelegation.examples;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.nio.file.Path;
import java.util.Objects;
import org.partnerdelegation.core.port.DelegationStore;
import org.partnerdelegation.core.port.SessionIssuer;
import org.partnerdelegation.core.port.TenantDirectory;
import org.partnerdelegation.jdbi.JdbiStorage;
import org.partnerdelegation.jdbi.JdbiTenantDirectory;

/**
 * The storage ports over the embedded default: a file-backed H2 database in the
 * {@link DataDirectory}, schema installed at start. A host on PostgreSQL provides
 * {@code JdbiStorage.connect(DatabaseConfig)} here instead, and nothing else changes.
 */
public final class EmbeddedStorageModule extends AbstractModule {

    private final Path dataDirectory;

    public EmbeddedStorageModule(Path dataDirectory) {
        this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
    }

    @Provides
    @DataDirectory
    Path dataDirectory() {
        return dataDirectory;
    }

    @Provides
    @Singleton
    JdbiStorage storage(@DataDirectory Path directory) {
        return JdbiStorage.embedded(directory);
    }

    @Provides
    JdbiTenantDirectory jdbiTenantDirectory(JdbiStorage storage) {
        return storage.tenantDirectory();
    }

    @Provides
    TenantDirectory tenantDirectory(JdbiStorage storage) {
        return storage.tenantDirectory();
    }

    @Provides
    DelegationStore delegationStore(JdbiStorage storage) {
        return storage.delegationStore();
    }

    @Provides
    SessionIssuer sessionIssuer(JdbiStorage storage) {
        return storage.sessionIssuer();
    }
}
