package org.partnerdelegation.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.partnerdelegation.core.memory.InMemorySessionIssuer;
import org.partnerdelegation.core.memory.InMemoryTenantDirectory;

/** The store answers the hot paths itself only for its own siblings: any other directory or issuer gets the general path. */
class JoinedQueriesOfferTest {

    @Test
    void theStoreOffersJoinedQueriesForItsOwnDirectoryAndIssuer() {
        try (JdbiStorage storage = JdbiStorage.inMemory("joined-own")) {
            assertThat(storage.delegationStore().joinedQueries(storage.tenantDirectory(), storage.sessionIssuer())).isPresent();
        }
    }

    @Test
    void theStoreOffersNoneForTheHostsOwnDirectoryOrIssuer() {
        try (JdbiStorage storage = JdbiStorage.inMemory("joined-host")) {
            assertThat(storage.delegationStore().joinedQueries(new InMemoryTenantDirectory(), storage.sessionIssuer())).isEmpty();
            assertThat(storage.delegationStore().joinedQueries(storage.tenantDirectory(), new InMemorySessionIssuer())).isEmpty();
        }
    }

    @Test
    void theStoreOffersNoneForAnotherStoragesDirectory() {
        try (JdbiStorage storage = JdbiStorage.inMemory("joined-a"); JdbiStorage other = JdbiStorage.inMemory("joined-b")) {
            assertThat(storage.delegationStore().joinedQueries(other.tenantDirectory(), storage.sessionIssuer())).isEmpty();
        }
    }
}
