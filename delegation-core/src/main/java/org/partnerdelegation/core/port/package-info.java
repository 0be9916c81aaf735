/**
 * The ports: interfaces the core needs from the outside world, implemented by adapters
 * (in-memory ones in {@code org.partnerdelegation.core.memory}, Jdbi ones in
 * {@code delegation-jdbi}, a mail one in {@code delegation-mail}, or the host's own).
 * The behaviour every implementation must have is written once as the contract test kit in
 * this module's test-jar.
 */
package org.partnerdelegation.core.port;
