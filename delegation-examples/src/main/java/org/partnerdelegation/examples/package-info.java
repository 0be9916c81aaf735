/**
 * Runnable examples of embedding the library. {@link org.partnerdelegation.examples.ConsoleWalkthrough}
 * plays the whole flow on the console over the embedded H2 database, wired by Guice from small
 * modules with {@code @Provides} methods ({@link org.partnerdelegation.examples.EmbeddedStorageModule},
 * {@link org.partnerdelegation.examples.DelegationModule}, {@link org.partnerdelegation.examples.DemoMailboxModule})
 * in {@link org.partnerdelegation.examples.DemoWiring}. A host on another container wires the
 * same builders its own way.
 */
package org.partnerdelegation.examples;
