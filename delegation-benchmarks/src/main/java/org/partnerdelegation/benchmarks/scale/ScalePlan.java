package org.partnerdelegation.benchmarks.scale;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.UUID;
import org.partnerdelegation.benchmarks.Fixtures;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.Tenant;

/**
 * A year of a product's history, drawn from a {@link ScaleShape}: which partner each delegation
 * belongs to, its status and when it was added, accepted and ended, and how often its partner
 * logged in through it. Drawn once, deterministically, so that the loader and the benchmarks'
 * forks name the same rows. Not thread-safe while drawing; read-only after.
 *
 * <p>Partners: partner 1 holds {@link ScaleShape#largePartner()} delegations; the others draw a
 * size from a Pareto distribution (shape 1.2, at least 2, at most 3,000): most partners have a
 * handful of customers, a few have thousands. Each delegation has a customer of its own
 * (customer {@code i + 1} for delegation {@code i}). Statuses: 50% CONNECTED, 12% PENDING (added
 * in the last six days: older ones would have expired), 22% REMOVED (a third before acceptance),
 * 6% DECLINED, 8% EXPIRED, 2% ENDED. Logins fill the audit events up to the shape's count,
 * spread over the delegations in proportion to how long they were connected, times a random
 * factor.
 */
public final class ScalePlan {

    /** Status codes of {@link #status(int)}. */
    static final byte PENDING = 0;
    static final byte CONNECTED = 1;
    static final byte REMOVED = 2;
    static final byte DECLINED = 3;
    static final byte EXPIRED = 4;
    static final byte ENDED = 5;
    static final String[] STATUS_NAMES = {"PENDING", "CONNECTED", "REMOVED", "DECLINED", "EXPIRED", "ENDED"};

    /** How a REMOVED delegation ended: before acceptance by the partner, or after it by either side. */
    static final byte REMOVED_PENDING = 0;
    static final byte DELETED_BY_PARTNER = 1;
    static final byte DISASSOCIATED_BY_CUSTOMER = 2;

    /** Live sessions the validateSession benchmark cycles through, one per CONNECTED delegation spread over all. */
    public static final int LIVE_SESSIONS = 1_000;
    /** Sessions are kept this long after their login (a host's retention); older logins have only their audit event. */
    static final Duration SESSION_RETENTION = Duration.ofDays(30);
    /** How long a loaded session lives: the library's default. */
    static final Duration SESSION_LIFETIME = Duration.ofHours(1);
    /** How long an invitation is valid: the library's default. */
    static final Duration INVITATION_LIFETIME = Duration.ofDays(7);

    private static final long DAY = 86_400L;
    private static final int MAX_DELEGATIONS = 1 << 21;

    private final ScaleShape shape;
    private final Instant now;
    private final long start;
    private final int[] partner;
    private final byte[] status;
    private final byte[] path;
    private final long[] created;
    private final long[] accepted;
    private final long[] ended;
    private final int[] logins;
    private final int partners;
    private final int[] liveSessionDelegation;
    private final long baseEvents;

    private ScalePlan(ScaleShape shape, Instant now) {
        if (shape.delegations() > MAX_DELEGATIONS) {
            throw new IllegalArgumentException("at most " + MAX_DELEGATIONS + " delegations, got " + shape.delegations());
        }
        this.shape = shape;
        this.now = now.truncatedTo(ChronoUnit.SECONDS);
        this.start = this.now.getEpochSecond() - 366 * DAY;
        int n = shape.delegations();
        partner = new int[n];
        status = new byte[n];
        path = new byte[n];
        created = new long[n];
        accepted = new long[n];
        ended = new long[n];
        logins = new int[n];
        partners = drawPartners();
        long base = partners;
        double[] weight = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            base += drawHistory(i, weight);
            total += weight[i];
        }
        liveSessionDelegation = chooseLiveSessions();
        base += liveSessionDelegation.length;
        baseEvents = base;
        long spare = shape.auditEvents() - base;
        if (spare < 0) {
            throw new IllegalArgumentException("the delegations' own histories take " + base + " audit events, more than "
                    + shape.auditEvents());
        }
        long given = 0;
        for (int i = 0; i < n; i++) {
            logins[i] = (int) Math.floor(spare * weight[i] / total);
            given += logins[i];
        }
        // The rounding's remainder, one each to the first delegations that were ever connected.
        for (int i = 0; given < spare; i = (i + 1) % n) {
            if (weight[i] > 0) {
                logins[i]++;
                given++;
            }
        }
    }

    /** Draws the history of that shape, as of {@code now}. */
    public static ScalePlan draw(ScaleShape shape, Instant now) {
        return new ScalePlan(shape, now);
    }

    private int drawPartners() {
        SplittableRandom random = new SplittableRandom(shape.seed());
        int large = shape.largePartner();
        Arrays.fill(partner, 0, large, 1);
        int p = 1;
        for (int i = large; i < partner.length; ) {
            p++;
            int size = (int) Math.min(3_000, Math.floor(2 / Math.pow(1 - random.nextDouble(), 1 / 1.2)));
            for (int k = 0; k < size && i < partner.length; k++) {
                partner[i++] = p;
            }
        }
        return p;
    }

    /** The delegation's status and times; its weight for logins (0 if never connected); the events of its own history. */
    private int drawHistory(int i, double[] weight) {
        SplittableRandom random = new SplittableRandom(shape.seed() * 1_000_003L + i);
        double r = random.nextDouble();
        long nowSec = now.getEpochSecond();
        byte s = r < 0.50 ? CONNECTED : r < 0.62 ? PENDING : r < 0.84 ? REMOVED : r < 0.90 ? DECLINED : r < 0.98 ? EXPIRED : ENDED;
        status[i] = s;
        accepted[i] = -1;
        ended[i] = -1;
        if (s == PENDING) {
            created[i] = nowSec - random.nextLong(60, 6 * DAY);
            return 1;
        }
        created[i] = nowSec - random.nextLong(8 * DAY, 365 * DAY);
        boolean everConnected = s == CONNECTED || s == ENDED || (s == REMOVED && random.nextInt(3) > 0);
        if (!everConnected) {
            ended[i] = switch (s) {
                case EXPIRED -> created[i] + INVITATION_LIFETIME.toSeconds() + random.nextLong(1, 3_600);
                default -> created[i] + random.nextLong(60, 6 * DAY);
            };
            path[i] = REMOVED_PENDING;
            return 2;
        }
        accepted[i] = created[i] + random.nextLong(60, 3 * DAY);
        if (s != CONNECTED) {
            ended[i] = accepted[i] + random.nextLong(DAY, Math.max(DAY + 1, nowSec - accepted[i] - 60));
            path[i] = random.nextBoolean() ? DELETED_BY_PARTNER : DISASSOCIATED_BY_CUSTOMER;
        }
        long connectedFor = (ended[i] < 0 ? nowSec : ended[i]) - accepted[i];
        weight[i] = connectedFor * (0.1 - Math.log(1 - random.nextDouble()));
        return s == CONNECTED ? 2 : 3;
    }

    /** Every k-th CONNECTED delegation, over the whole range: a session check of any tenant. */
    private int[] chooseLiveSessions() {
        int connected = 0;
        for (byte s : status) {
            connected += s == CONNECTED ? 1 : 0;
        }
        int count = Math.min(LIVE_SESSIONS, connected);
        int step = Math.max(1, connected / count);
        int[] chosen = new int[count];
        int seen = 0;
        int taken = 0;
        for (int i = 0; i < status.length && taken < count; i++) {
            if (status[i] == CONNECTED && seen++ % step == 0) {
                chosen[taken++] = i;
            }
        }
        return Arrays.copyOf(chosen, taken);
    }

    /** {@return the shape it was drawn from} */
    public ScaleShape shape() {
        return shape;
    }

    /** {@return the instant the history ends at: the load's "now"} */
    public Instant now() {
        return now;
    }

    /** {@return how many partners the history has: partner 1 (the large one) to this} */
    public int partners() {
        return partners;
    }

    /** {@return the audit events of the delegations' own history, the partners' grants and the live sessions' logins} */
    long baseEvents() {
        return baseEvents;
    }

    int delegations() {
        return shape.delegations();
    }

    int partnerOf(int i) {
        return partner[i];
    }

    byte status(int i) {
        return status[i];
    }

    byte path(int i) {
        return path[i];
    }

    long createdAt(int i) {
        return created[i];
    }

    /** Epoch second it was accepted, -1 if never. */
    long acceptedAt(int i) {
        return accepted[i];
    }

    /** Epoch second it left PENDING or CONNECTED for good, -1 if it is open. */
    long endedAt(int i) {
        return ended[i];
    }

    int logins(int i) {
        return logins[i];
    }

    /** The epoch second the history starts at: the partners' permission grants. */
    long start() {
        return start;
    }

    /** {@return the delegations holding a live session each, by index} */
    int[] liveSessionDelegations() {
        return liveSessionDelegation.clone();
    }

    /** {@return how many delegations have that status} */
    public int count(String statusName) {
        int code = Arrays.asList(STATUS_NAMES).indexOf(statusName);
        int count = 0;
        for (byte s : status) {
            count += s == code ? 1 : 0;
        }
        return count;
    }

    /** The large partner's CONNECTED delegations, by index, in order: whom its administrators log in to. */
    public int[] largePartnerConnected() {
        return java.util.stream.IntStream.range(0, shape.largePartner()).filter(i -> status[i] == CONNECTED).toArray();
    }

    /** The large partner's open (PENDING or CONNECTED) delegations: the rows of its account list. */
    public int largePartnerOpen() {
        return (int) java.util.stream.IntStream.range(0, shape.largePartner())
                .filter(i -> status[i] == CONNECTED || status[i] == PENDING).count();
    }

    /** The id of delegation {@code i}. */
    public static DelegationId delegationId(int i) {
        return DelegationId.of(UUID.nameUUIDFromBytes(("scale-delegation-" + i).getBytes(StandardCharsets.UTF_8)));
    }

    /** The customer of delegation {@code i}: {@code Fixtures.customer(i + 1)}. */
    public static Tenant customerOf(int i) {
        return Fixtures.customer(i + 1L);
    }

    /** The bearer token of live session {@code k} (of {@link #liveSessionDelegations()}). */
    public static String liveToken(int k) {
        return Fixtures.token("scale-live-" + k).reveal();
    }
}
