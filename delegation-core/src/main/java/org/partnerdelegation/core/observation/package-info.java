/**
 * The observation port: what the facade, the outbox dispatcher and a storage adapter report about
 * their own work, so that a host can time it, count its outcomes and trace it (the
 * {@code delegation-micrometer} module turns it into Micrometer observations). Names and outcomes
 * only, all of few values: nothing that identifies a tenant, a user, an address, a delegation or a
 * token is ever handed to an observer.
 */
package org.partnerdelegation.core.observation;
