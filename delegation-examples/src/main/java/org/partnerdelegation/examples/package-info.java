/**
 * Runnable examples of embedding the library. {@link org.partnerdelegation.examples.ConsoleWalkthrough}
 * plays the whole flow on the console over the in-memory adapters, wired with plain {@code new}
 * in {@link org.partnerdelegation.examples.InMemoryWiring}.
 */
package org.partnerdelegation.examples;
