/**
 * In-memory adapters of every port: thread-safe, keeping the same invariants as the database
 * adapters, and losing everything with the JVM. Hosts use them in their own tests and for quick
 * embedding; {@code delegation-jdbi} and {@code delegation-mail} are the durable ones.
 */
package org.partnerdelegation.core.memory;
