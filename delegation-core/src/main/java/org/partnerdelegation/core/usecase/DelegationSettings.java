package org.partnerdelegation.core.usecase;

import java.time.Duration;
import org.partnerdelegation.core.domain.DelegationException;

/**
 * Tunable limits of the use cases. Immutable and thread-safe; start from {@link #defaults()} and
 * change what you need with the {@code with...} methods.
 *
 * @param invitationTtl how long an invitation link stays valid once sent: default 7 days, at most 30
 * @param sessionTtl    how long a delegated session lasts: default 1 hour, at most 24
 * @param maxPageSize   the largest account-list or audit page a caller may ask for: default 100, at most 1000
 * @param invitationCooldown the least time between two invitations from one partner to one customer (adding it
 *                      again after a removal, or resending): default 5 minutes, at most 1 day, zero to turn off
 * @param minTerm       the shortest period a partner may request: default 1 day
 * @param maxTerm       the longest period a partner may request: default 730 days (2 years, as GDAP)
 * @param endingNotice  how long before a delegation's end date both sides are told: default 14 days, zero for no notice
 * @param loginsPerWindow how many delegated logins one partner user may make into one delegation within {@code loginWindow}:
 *                      default 30, 1 to {@value #MAX_LOGINS_PER_WINDOW}
 * @param loginWindow   the window of the login rate: default 1 minute, at most 1 day
 * @param maxLiveSessions how many live delegated sessions one partner user may hold into one delegation; a login past it
 *                      ends the oldest: default {@value #DEFAULT_MAX_LIVE_SESSIONS}, 1 to {@value #MAX_MAX_LIVE_SESSIONS}
 */
public record DelegationSettings(Duration invitationTtl, Duration sessionTtl, int maxPageSize, Duration invitationCooldown,
                                 Duration minTerm, Duration maxTerm, Duration endingNotice, int loginsPerWindow,
                                 Duration loginWindow, int maxLiveSessions) {

    /** How long an invitation link stays valid unless configured: 7 days. */
    public static final Duration DEFAULT_INVITATION_TTL = Duration.ofDays(7);
    /** The longest invitation time to live accepted: 30 days. */
    public static final Duration MAX_INVITATION_TTL = Duration.ofDays(30);
    /** How long a delegated session lasts unless configured: 1 hour. */
    public static final Duration DEFAULT_SESSION_TTL = Duration.ofHours(1);
    /** The longest session time to live accepted: 24 hours. */
    public static final Duration MAX_SESSION_TTL = Duration.ofHours(24);
    /** The largest page a caller may ask for unless configured: {@value}. */
    public static final int DEFAULT_MAX_PAGE_SIZE = 100;
    /** The least time between two invitations to one customer unless configured: 5 minutes. */
    public static final Duration DEFAULT_INVITATION_COOLDOWN = Duration.ofMinutes(5);
    /** The longest cool-down accepted: 1 day. */
    public static final Duration MAX_INVITATION_COOLDOWN = Duration.ofDays(1);
    /** The shortest period a partner may request unless configured: 1 day. */
    public static final Duration DEFAULT_MIN_TERM = Duration.ofDays(1);
    /** The longest period a partner may request unless configured: 730 days. */
    public static final Duration DEFAULT_MAX_TERM = Duration.ofDays(730);
    /** How long before the end both sides are told unless configured: 14 days. */
    public static final Duration DEFAULT_ENDING_NOTICE = Duration.ofDays(14);
    /** The longest period a host may allow: 10 years. */
    public static final Duration LONGEST_TERM = Duration.ofDays(3653);
    /** How many logins of one partner user into one delegation a window allows unless configured: {@value}. */
    public static final int DEFAULT_LOGINS_PER_WINDOW = 30;
    /** The most logins per window accepted: {@value}. */
    public static final int MAX_LOGINS_PER_WINDOW = 10_000;
    /** The window of the login rate unless configured: 1 minute. */
    public static final Duration DEFAULT_LOGIN_WINDOW = Duration.ofMinutes(1);
    /**
     * The longest login window accepted: 1 day. The rate is counted from the stored sessions, and
     * retention keeps an ended session at least a day ({@link RetentionPolicy}): a longer window
     * would count logins that retention may already have deleted.
     */
    public static final Duration MAX_LOGIN_WINDOW = Duration.ofDays(1);
    /**
     * How many live sessions one partner user holds into one delegation unless configured: {@value}. Enough for a
     * person's browser tabs and devices plus a tool; few enough that a leaked account cannot pile up sessions.
     */
    public static final int DEFAULT_MAX_LIVE_SESSIONS = 5;
    /** The largest cap on live sessions accepted: {@value}. */
    public static final int MAX_MAX_LIVE_SESSIONS = 1000;

    /**
     * Validates the settings.
     *
     * @param invitationTtl      how long an invitation link stays valid; positive, at most {@link #MAX_INVITATION_TTL}
     * @param sessionTtl         how long a delegated session lasts; positive, at most {@link #MAX_SESSION_TTL}
     * @param maxPageSize        the largest page a caller may ask for; 1 to 1000
     * @param invitationCooldown the least time between two invitations to one customer; zero (off) to
     *                           {@link #MAX_INVITATION_COOLDOWN}
     * @param minTerm            the shortest period a partner may request; positive
     * @param maxTerm            the longest period a partner may request; at least {@code minTerm}, at most {@link #LONGEST_TERM}
     * @param endingNotice       how long before the end both sides are told; zero (no notice) or positive, at most {@code maxTerm}
     * @param loginsPerWindow    how many logins of one partner user into one delegation {@code loginWindow} allows; 1 to
     *                           {@link #MAX_LOGINS_PER_WINDOW}
     * @param loginWindow        the window of the login rate; positive, at most {@link #MAX_LOGIN_WINDOW}
     * @param maxLiveSessions    how many live sessions one partner user holds into one delegation; 1 to
     *                           {@link #MAX_MAX_LIVE_SESSIONS}
     * @throws DelegationException {@code INVALID_INPUT} naming the first component that is missing or out of range
     */
    public DelegationSettings {
        requireWithin(invitationTtl, MAX_INVITATION_TTL, "invitationTtl");
        requireWithin(sessionTtl, MAX_SESSION_TTL, "sessionTtl");
        if (maxPageSize < 1 || maxPageSize > 1000) {
            throw DelegationException.invalidInput("maxPageSize", "must be between 1 and 1000, got " + maxPageSize);
        }
        DelegationException.requireArgument(invitationCooldown, "invitationCooldown");
        if (invitationCooldown.isNegative() || invitationCooldown.compareTo(MAX_INVITATION_COOLDOWN) > 0) {
            throw DelegationException.invalidInput("invitationCooldown",
                    "must be zero or positive and at most " + MAX_INVITATION_COOLDOWN + ", got " + invitationCooldown);
        }
        requireWithin(maxTerm, LONGEST_TERM, "maxTerm");
        requireWithin(minTerm, maxTerm, "minTerm");
        DelegationException.requireArgument(endingNotice, "endingNotice");
        if (endingNotice.isNegative() || endingNotice.compareTo(maxTerm) > 0) {
            throw DelegationException.invalidInput("endingNotice", "must be zero or positive and at most maxTerm (" + maxTerm
                    + "), got " + endingNotice);
        }
        if (loginsPerWindow < 1 || loginsPerWindow > MAX_LOGINS_PER_WINDOW) {
            throw DelegationException.invalidInput("loginsPerWindow", "must be between 1 and " + MAX_LOGINS_PER_WINDOW + ", got "
                    + loginsPerWindow);
        }
        requireWithin(loginWindow, MAX_LOGIN_WINDOW, "loginWindow");
        if (maxLiveSessions < 1 || maxLiveSessions > MAX_MAX_LIVE_SESSIONS) {
            throw DelegationException.invalidInput("maxLiveSessions", "must be between 1 and " + MAX_MAX_LIVE_SESSIONS + ", got "
                    + maxLiveSessions);
        }
    }

    /**
     * Settings with the default login rate and cap on live sessions (the constructor before they existed).
     *
     * @param invitationTtl      how long an invitation link stays valid
     * @param sessionTtl         how long a delegated session lasts
     * @param maxPageSize        the largest page a caller may ask for
     * @param invitationCooldown the least time between two invitations to one customer
     * @param minTerm            the shortest period a partner may request
     * @param maxTerm            the longest period a partner may request
     * @param endingNotice       how long before the end both sides are told
     * @throws DelegationException {@code INVALID_INPUT} as the canonical constructor
     */
    public DelegationSettings(Duration invitationTtl, Duration sessionTtl, int maxPageSize, Duration invitationCooldown,
                              Duration minTerm, Duration maxTerm, Duration endingNotice) {
        this(invitationTtl, sessionTtl, maxPageSize, invitationCooldown, minTerm, maxTerm, endingNotice, DEFAULT_LOGINS_PER_WINDOW,
                DEFAULT_LOGIN_WINDOW, DEFAULT_MAX_LIVE_SESSIONS);
    }

    /**
     * Settings with the default term bounds and ending notice.
     *
     * @param invitationTtl      how long an invitation link stays valid
     * @param sessionTtl         how long a delegated session lasts
     * @param maxPageSize        the largest page a caller may ask for
     * @param invitationCooldown the least time between two invitations to one customer
     * @throws DelegationException {@code INVALID_INPUT} as the canonical constructor
     */
    public DelegationSettings(Duration invitationTtl, Duration sessionTtl, int maxPageSize, Duration invitationCooldown) {
        this(invitationTtl, sessionTtl, maxPageSize, invitationCooldown, DEFAULT_MIN_TERM, DEFAULT_MAX_TERM, DEFAULT_ENDING_NOTICE);
    }

    /**
     * {@return the defaults: invitations valid 7 days, sessions 1 hour, pages of at most 100, 5 minutes between invitations,
     * periods of 1 to 730 days, the ending notice 14 days ahead, 30 logins a minute and 5 live sessions per partner user
     * and delegation}
     */
    public static DelegationSettings defaults() {
        return new DelegationSettings(DEFAULT_INVITATION_TTL, DEFAULT_SESSION_TTL, DEFAULT_MAX_PAGE_SIZE, DEFAULT_INVITATION_COOLDOWN);
    }

    /**
     * A copy with another invitation time to live.
     *
     * @param ttl how long an invitation link stays valid once sent; positive, at most {@link #MAX_INVITATION_TTL}
     * @return the changed copy
     * @throws DelegationException {@code INVALID_INPUT} when it is null or out of range
     */
    public DelegationSettings withInvitationTtl(Duration ttl) {
        return new DelegationSettings(ttl, sessionTtl, maxPageSize, invitationCooldown, minTerm, maxTerm, endingNotice,
                loginsPerWindow, loginWindow, maxLiveSessions);
    }

    /**
     * A copy with another session time to live.
     *
     * @param ttl how long a delegated session lasts; positive, at most {@link #MAX_SESSION_TTL}
     * @return the changed copy
     * @throws DelegationException {@code INVALID_INPUT} when it is null or out of range
     */
    public DelegationSettings withSessionTtl(Duration ttl) {
        return new DelegationSettings(invitationTtl, ttl, maxPageSize, invitationCooldown, minTerm, maxTerm, endingNotice,
                loginsPerWindow, loginWindow, maxLiveSessions);
    }

    /**
     * A copy with another largest page size.
     *
     * @param size the largest account-list or audit page a caller may ask for; 1 to 1000
     * @return the changed copy
     * @throws DelegationException {@code INVALID_INPUT} when it is out of range
     */
    public DelegationSettings withMaxPageSize(int size) {
        return new DelegationSettings(invitationTtl, sessionTtl, size, invitationCooldown, minTerm, maxTerm, endingNotice,
                loginsPerWindow, loginWindow, maxLiveSessions);
    }

    /**
     * A copy with another cool-down between invitations to the same customer ({@link Duration#ZERO} turns it off).
     *
     * @param cooldown the least time between two invitations from one partner to one customer; zero to
     *                 {@link #MAX_INVITATION_COOLDOWN}
     * @return the changed copy
     * @throws DelegationException {@code INVALID_INPUT} when it is null, negative or too long
     */
    public DelegationSettings withInvitationCooldown(Duration cooldown) {
        return new DelegationSettings(invitationTtl, sessionTtl, maxPageSize, cooldown, minTerm, maxTerm, endingNotice,
                loginsPerWindow, loginWindow, maxLiveSessions);
    }

    /**
     * A copy with other bounds on the period a partner may request.
     *
     * @param shortest the shortest period; positive, at most {@code longest}
     * @param longest  the longest period; at most {@link #LONGEST_TERM}
     * @return the changed copy
     * @throws DelegationException {@code INVALID_INPUT} when either is null or out of range
     */
    public DelegationSettings withTermBounds(Duration shortest, Duration longest) {
        return new DelegationSettings(invitationTtl, sessionTtl, maxPageSize, invitationCooldown, shortest, longest, endingNotice,
                loginsPerWindow, loginWindow, maxLiveSessions);
    }

    /**
     * A copy with another ending notice.
     *
     * @param notice how long before a delegation's end date both sides are told; zero for no notice
     * @return the changed copy
     * @throws DelegationException {@code INVALID_INPUT} when it is null, negative or longer than {@link #maxTerm()}
     */
    public DelegationSettings withEndingNotice(Duration notice) {
        return new DelegationSettings(invitationTtl, sessionTtl, maxPageSize, invitationCooldown, minTerm, maxTerm, notice,
                loginsPerWindow, loginWindow, maxLiveSessions);
    }

    /**
     * A copy with another login rate: how many delegated logins one partner user may make into one delegation
     * within a window. The call past it is refused with {@code TOO_MANY_REQUESTS}.
     *
     * @param logins how many logins the window allows; 1 to {@link #MAX_LOGINS_PER_WINDOW}
     * @param window the window; positive, at most {@link #MAX_LOGIN_WINDOW}
     * @return the changed copy
     * @throws DelegationException {@code INVALID_INPUT} when either is null or out of range
     */
    public DelegationSettings withLoginRate(int logins, Duration window) {
        return new DelegationSettings(invitationTtl, sessionTtl, maxPageSize, invitationCooldown, minTerm, maxTerm, endingNotice,
                logins, window, maxLiveSessions);
    }

    /**
     * A copy with another cap on the live sessions one partner user holds into one delegation; a login past it ends
     * the oldest of them.
     *
     * @param max how many live sessions; 1 to {@link #MAX_MAX_LIVE_SESSIONS}
     * @return the changed copy
     * @throws DelegationException {@code INVALID_INPUT} when it is out of range
     */
    public DelegationSettings withMaxLiveSessions(int max) {
        return new DelegationSettings(invitationTtl, sessionTtl, maxPageSize, invitationCooldown, minTerm, maxTerm, endingNotice,
                loginsPerWindow, loginWindow, max);
    }

    /**
     * Checks a requested period against the bounds.
     *
     * @param term the period a partner requests
     * @throws DelegationException {@code INVALID_INPUT} when it is shorter than {@link #minTerm()} or longer than {@link #maxTerm()}
     */
    public void requireTermAllowed(Duration term) {
        if (term.compareTo(minTerm) < 0 || term.compareTo(maxTerm) > 0) {
            throw DelegationException.invalidInput("term", "must be between " + describe(minTerm) + " and " + describe(maxTerm)
                    + ", got " + describe(term));
        }
    }

    private static String describe(Duration d) {
        return d.toHours() % 24 == 0 && d.toSeconds() % 3600 == 0 ? d.toDays() + " day(s)" : d.toString();
    }

    private static void requireWithin(Duration value, Duration max, String name) {
        DelegationException.requireArgument(value, name);
        if (value.isNegative() || value.isZero() || value.compareTo(max) > 0) {
            throw DelegationException.invalidInput(name, "must be positive and at most " + max + ", got " + value);
        }
    }
}
