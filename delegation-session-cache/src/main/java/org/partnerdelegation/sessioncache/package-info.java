/**
 * A node-local cache of the session check ({@code PartnerDelegation.validateSession}), for
 * {@code PartnerDelegation.Builder.sessionCache}: {@link org.partnerdelegation.sessioncache.CaffeineSessionCache},
 * bounded in size and time, whose entries every revocation drops, pushed across nodes by
 * PostgreSQL's {@code LISTEN/NOTIFY} ({@link org.partnerdelegation.sessioncache.PostgresRevocationListener})
 * or published in process. It fails closed: while it cannot be sure it heard every revocation,
 * every check reads storage.
 */
package org.partnerdelegation.sessioncache;
