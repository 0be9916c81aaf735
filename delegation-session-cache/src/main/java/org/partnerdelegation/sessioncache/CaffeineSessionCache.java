package org.partnerdelegation.sessioncache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.TokenHash;
import org.partnerdelegation.core.port.LiveSession;
import org.partnerdelegation.core.port.Revocation;
import org.partnerdelegation.core.port.SessionCache;

/**
 * The node-local cache of session checks, on Caffeine: what {@code PartnerDelegation.Builder.sessionCache} takes.
 *
 * <p>It keeps live answers only (a token that does not validate is read from storage every time),
 * each until the first of: the session's expiry, its delegation's end of access, and the time to
 * live (5 seconds by default) after it was read, on the facade's clock; at most
 * {@link Builder#maximumSize} of them (10,000 by default), the least used going first. Every
 * revocation the facade of this node makes, and with a {@link Builder#listenerConnection listener}
 * every one the database signals, drops the entries it covers. An answer read from storage before a
 * revocation that reached the cache meanwhile is returned but not kept.
 *
 * <p>It fails closed: with a listener, nothing is served from memory until the listener has
 * subscribed, nor from the moment it finds its connection lost until it has subscribed again and
 * emptied the cache; meanwhile every check reads storage. Without a listener (in-memory or H2
 * storage, or a single node) only this node's own revocations are heard: use one across nodes
 * only with a listener.
 *
 * <pre>{@code
 * CaffeineSessionCache cache = CaffeineSessionCache.builder()
 *         .listenerConnection(jdbcUrl, user, password)   // PostgreSQL, the URL of the pool
 *         .build();
 * PartnerDelegation delegation = PartnerDelegation.builder()
 *         // ... the ports
 *         .sessionCache(cache)
 *         .build();
 * // at shutdown: cache.close();
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class CaffeineSessionCache implements SessionCache, AutoCloseable {

    /** The time to live of an entry unless set. */
    public static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofSeconds(5);
    /** The most entries unless set. */
    public static final long DEFAULT_MAXIMUM_SIZE = 10_000;
    /** The longest time to live accepted: longer would keep a change the database did not signal (a host's own SQL) too long. */
    public static final Duration MAXIMUM_TIME_TO_LIVE = Duration.ofMinutes(10);

    private final Cache<TokenHash, Entry> entries;
    private final Duration timeToLive;
    /**
     * Moved on before any entry is dropped: a check keeps what it read only if no revocation (nor a loss of the
     * listener) came between its read of the generation, before it read storage, and its put, after.
     */
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean serving;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder bypassed = new LongAdder();
    private final LongAdder revocations = new LongAdder();
    private final LongAdder pushed = new LongAdder();
    private final LongAdder subscriptions = new LongAdder();
    private final Object changes = new Object();
    private final PostgresRevocationListener listener;

    private CaffeineSessionCache(Builder b) {
        this.timeToLive = b.timeToLive;
        this.entries = Caffeine.newBuilder().maximumSize(b.maximumSize).expireAfterWrite(b.timeToLive).build();
        this.serving = b.jdbcUrl == null;
        this.listener = b.jdbcUrl == null ? null
                : new PostgresRevocationListener(this, b.jdbcUrl, b.user, b.password, b.heartbeat, b.reconnectMinimum, b.reconnectMaximum);
        if (listener != null) {
            listener.start();
        }
    }

    /** {@return a builder with the defaults: 5 seconds, 10,000 entries, no listener} */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Optional<DelegatedSession> find(TokenHash tokenHash, Instant now, Loader loader) {
        if (!serving) {
            bypassed.increment();
            return loader.load().map(LiveSession::session);
        }
        Entry held = entries.getIfPresent(tokenHash);
        if (held != null) {
            if (now.isBefore(held.servesUntil)) {
                hits.increment();
                return Optional.of(held.session);
            }
            entries.asMap().remove(tokenHash, held);
        }
        misses.increment();
        long seen = generation.get();
        Optional<LiveSession> loaded = loader.load();
        if (loaded.isEmpty()) {
            return Optional.empty();
        }
        LiveSession live = loaded.get();
        Instant ttlEnd = now.plus(timeToLive);
        Instant until = live.liveUntil().isBefore(ttlEnd) ? live.liveUntil() : ttlEnd;
        if (serving && now.isBefore(until) && generation.get() == seen) {
            Entry entry = new Entry(live.session(), until);
            entries.put(tokenHash, entry);
            // A revocation that moved the generation between the check above and the put may have swept the
            // entries before this one was there: take it out again. One that moves it after sees it and drops it.
            if (generation.get() != seen || !serving) {
                entries.asMap().remove(tokenHash, entry);
            }
        }
        return Optional.of(live.session());
    }

    @Override
    public void revoked(Revocation revocation) {
        apply(revocation);
        signal();
    }

    /** A revocation the listener heard. */
    void pushed(Revocation revocation) {
        apply(revocation);
        // Counted once applied: whoever waits for the count then finds the entries gone.
        pushed.increment();
        signal();
    }

    private void apply(Revocation revocation) {
        generation.incrementAndGet();
        drop(revocation);
        revocations.increment();
    }

    /** The listener lost its connection, or has not subscribed yet: every check reads storage. */
    void unsubscribed() {
        serving = false;
        generation.incrementAndGet();
        entries.invalidateAll();
        signal();
    }

    /** The listener is subscribed (LISTEN done): drops what may have been revoked meanwhile, then serves. */
    void subscribed() {
        generation.incrementAndGet();
        entries.invalidateAll();
        subscriptions.increment();
        serving = true;
        signal();
    }

    private void drop(Revocation revocation) {
        switch (revocation.scope()) {
            case ALL -> entries.invalidateAll();
            case TOKEN -> entries.invalidate(TokenHash.ofHex(revocation.key()));
            // A scan: revocations are rare beside checks, and the cache is bounded.
            default -> entries.asMap().values().removeIf(e -> revocation.covers(e.session));
        }
    }

    /** {@return what the cache has done so far, and whether it serves from memory now} */
    public SessionCacheFigures figures() {
        return new SessionCacheFigures(serving, hits.sum(), misses.sum(), bypassed.sum(), revocations.sum(), pushed.sum(),
                subscriptions.sum(), entries.estimatedSize());
    }

    /** {@return whether checks are served from memory now (see {@link SessionCacheFigures#serving()})} */
    public boolean serving() {
        return serving;
    }

    /**
     * Waits until the figures meet a condition: a host's readiness check ({@code f -> f.serving()}), a test
     * waiting for a revocation to be heard.
     *
     * @param condition what the figures must show
     * @param timeout   the longest wait
     * @return true when the condition held before the timeout
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    public boolean await(Predicate<SessionCacheFigures> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (changes) {
            while (!condition.test(figures())) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                // Woken by every revocation and change of the listener; the counts of checks are re-read every 10 ms.
                changes.wait(Math.max(1, Math.min(10, left / 1_000_000)));
            }
            return true;
        }
    }

    /**
     * The listener's connection to the database, while it has one: for operators and tests (its backend pid).
     *
     * @return the backend process id of the listener's connection; empty without a listener or while it is down
     */
    public Optional<Integer> listenerBackendPid() {
        return listener == null ? Optional.empty() : listener.backendPid();
    }

    /** Stops the listener, if any, and empties the cache; checks then read storage. Idempotent. */
    @Override
    public void close() {
        if (listener != null) {
            listener.close();
        }
        unsubscribed();
    }

    /** Runs Caffeine's pending maintenance (evictions): the tests read an exact size after it. */
    void cleanUp() {
        entries.cleanUp();
    }

    private void signal() {
        synchronized (changes) {
            changes.notifyAll();
        }
    }

    private record Entry(DelegatedSession session, Instant servesUntil) {
    }

    /**
     * Assembles a {@link CaffeineSessionCache}. Not thread-safe.
     */
    public static final class Builder {
        private Duration timeToLive = DEFAULT_TIME_TO_LIVE;
        private long maximumSize = DEFAULT_MAXIMUM_SIZE;
        private String jdbcUrl;
        private String user;
        private String password;
        private Duration heartbeat = PostgresRevocationListener.DEFAULT_HEARTBEAT;
        private Duration reconnectMinimum = PostgresRevocationListener.DEFAULT_RECONNECT_MINIMUM;
        private Duration reconnectMaximum = PostgresRevocationListener.DEFAULT_RECONNECT_MAXIMUM;

        private Builder() {
        }

        /**
         * How long an entry is served at most after it was read: the bound on a change the cache is not told of.
         *
         * @param timeToLive more than zero, at most {@link #MAXIMUM_TIME_TO_LIVE}
         * @return this builder
         * @throws DelegationException {@code INVALID_INPUT} when it is null or out of range
         */
        public Builder timeToLive(Duration timeToLive) {
            DelegationException.requireArgument(timeToLive, "timeToLive");
            if (timeToLive.isNegative() || timeToLive.isZero() || timeToLive.compareTo(MAXIMUM_TIME_TO_LIVE) > 0) {
                throw DelegationException.invalidInput("timeToLive", "must be more than 0 and at most " + MAXIMUM_TIME_TO_LIVE
                        + ", got " + timeToLive);
            }
            this.timeToLive = timeToLive;
            return this;
        }

        /**
         * The most entries held; beyond it the least used go.
         *
         * @param maximumSize 1 or more
         * @return this builder
         * @throws DelegationException {@code INVALID_INPUT} when it is less than 1
         */
        public Builder maximumSize(long maximumSize) {
            if (maximumSize < 1) {
                throw DelegationException.invalidInput("maximumSize", "must be 1 or more, got " + maximumSize);
            }
            this.maximumSize = maximumSize;
            return this;
        }

        /**
         * Listens to the revocations PostgreSQL signals (schema V11), on one connection of its own opened
         * with {@link java.sql.DriverManager}, not from the pool: give the pool's URL, a multi-host one with
         * {@code targetServerType=primary} included, so that the listener follows a failover. Not through
         * PgBouncer in transaction mode, nor to a standby: neither keeps a {@code LISTEN}.
         *
         * @param jdbcUrl  the PostgreSQL JDBC URL ({@code jdbc:postgresql:...})
         * @param user     the user; may be null when the URL carries it
         * @param password the password; may be null when the URL carries it
         * @return this builder
         * @throws DelegationException {@code INVALID_INPUT} when the URL is null or not a PostgreSQL one
         */
        public Builder listenerConnection(String jdbcUrl, String user, String password) {
            DelegationException.requireArgument(jdbcUrl, "jdbcUrl");
            if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
                throw DelegationException.invalidInput("jdbcUrl", "must be a PostgreSQL JDBC URL (jdbc:postgresql:...):"
                        + " only PostgreSQL signals revocations; leave the listener out for other storages");
            }
            this.jdbcUrl = jdbcUrl;
            this.user = user;
            this.password = password;
            return this;
        }

        /**
         * How often the listener makes a round trip to find a connection that died silently (also its read
         * timeout): the longest a lost connection goes unnoticed is about twice this.
         *
         * @param heartbeat from 100 milliseconds to 1 minute; 1 second unless set
         * @return this builder
         * @throws DelegationException {@code INVALID_INPUT} when it is null or out of range
         */
        public Builder listenerHeartbeat(Duration heartbeat) {
            this.heartbeat = within(heartbeat, "listenerHeartbeat", Duration.ofMillis(100), Duration.ofMinutes(1));
            return this;
        }

        /**
         * The waits between the listener's attempts to reconnect: from {@code minimum}, doubling up to {@code maximum}.
         *
         * @param minimum the first wait, from 10 milliseconds to 1 minute; 100 milliseconds unless set
         * @param maximum the longest wait, from {@code minimum} to 5 minutes; 5 seconds unless set
         * @return this builder
         * @throws DelegationException {@code INVALID_INPUT} when either is null or out of range
         */
        public Builder listenerReconnect(Duration minimum, Duration maximum) {
            Duration min = within(minimum, "minimum", Duration.ofMillis(10), Duration.ofMinutes(1));
            this.reconnectMaximum = within(maximum, "maximum", min, Duration.ofMinutes(5));
            this.reconnectMinimum = min;
            return this;
        }

        private static Duration within(Duration value, String name, Duration least, Duration most) {
            DelegationException.requireArgument(value, name);
            if (value.compareTo(least) < 0 || value.compareTo(most) > 0) {
                throw DelegationException.invalidInput(name, "must be from " + least + " to " + most + ", got " + value);
            }
            return value;
        }

        /**
         * Builds the cache and, with a listener connection, starts the listener (a daemon thread).
         *
         * @return the cache; close it at shutdown
         */
        public CaffeineSessionCache build() {
            return new CaffeineSessionCache(this);
        }
    }
}
