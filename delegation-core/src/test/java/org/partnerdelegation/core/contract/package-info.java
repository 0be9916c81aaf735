/**
 * The port contract test kit, published in the core's test-jar: one abstract class per storage
 * port ({@link org.partnerdelegation.core.contract.TenantDirectoryContract},
 * {@link org.partnerdelegation.core.contract.DelegationStoreContract},
 * {@link org.partnerdelegation.core.contract.SessionIssuerContract}) stating what every adapter
 * must do. An adapter module depends on the test-jar, implements
 * {@link org.partnerdelegation.core.contract.AdapterFixture} once, and subclasses each contract
 * with {@code newFixture()} returning a fresh, empty set of its adapters; the in-memory adapters
 * run it through {@code org.partnerdelegation.core.memory.InMemoryAdapterFixture}.
 */
package org.partnerdelegation.core.contract;
