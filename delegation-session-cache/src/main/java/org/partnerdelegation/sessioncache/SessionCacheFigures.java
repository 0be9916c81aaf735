package org.partnerdelegation.sessioncache;

/**
 * What a {@link CaffeineSessionCache} has done since it was built: what a health check or a gauge
 * reads. Immutable and thread-safe; the counts are read one after the other, not as one snapshot.
 *
 * @param serving         whether checks are served from memory now: always for a cache without a listener;
 *                        with one, only while it is subscribed (false while it is down or resubscribing)
 * @param hits            checks answered from memory
 * @param misses          checks that read storage while serving (an entry missing, expired or dropped)
 * @param bypassed        checks that read storage because the cache was not serving
 * @param revocations     revocations applied: told by the facade of this node, or pushed by the listener
 * @param pushed          revocations the listener heard from the database (a part of {@code revocations})
 * @param subscriptions   how often the listener subscribed (the first time, then after each reconnect)
 * @param entries         entries held, an estimate
 */
public record SessionCacheFigures(boolean serving, long hits, long misses, long bypassed, long revocations, long pushed,
                                  long subscriptions, long entries) {
}
