package org.partnerdelegation.core.outbox;

/**
 * What one {@link OutboxDispatcher#drain()} did. Immutable and thread-safe.
 *
 * @param delivered entries handed to the notifier successfully
 * @param retried   entries that failed and will be tried again later
 * @param failed    entries that failed their last allowed attempt and are now FAILED
 * @param discarded entries no longer worth sending (an invitation for a delegation already ended)
 */
public record DrainResult(int delivered, int retried, int failed, int discarded) {

    /** A drain that found nothing due: every count 0. */
    public static final DrainResult NOTHING = new DrainResult(0, 0, 0, 0);

    /**
     * Adds two results up, count by count.
     *
     * @param other the result to add
     * @return the sums
     */
    public DrainResult plus(DrainResult other) {
        return new DrainResult(delivered + other.delivered, retried + other.retried, failed + other.failed,
                discarded + other.discarded);
    }

    /** {@return how many entries the drain handled in all: delivered, retried, failed and discarded} */
    public int total() {
        return delivered + retried + failed + discarded;
    }
}
