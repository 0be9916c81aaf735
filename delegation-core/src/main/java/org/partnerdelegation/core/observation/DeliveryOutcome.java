package org.partnerdelegation.core.observation;

import java.util.Locale;

/**
 * How one delivery attempt of the outbox dispatcher ended, with a stable lower-case name
 * ({@code delivered}, {@code retry}, {@code failed}, {@code discarded}) for metric tags.
 */
public enum DeliveryOutcome {
    /** The notifier took the notification. */
    DELIVERED,
    /** The notifier failed; the entry is due again later. */
    RETRY,
    /** The notifier failed on the last allowed attempt; the entry is kept as FAILED. */
    FAILED,
    /** The notification was no longer worth sending (its delegation ended, its partner lost the permission). */
    DISCARDED;

    private final String observedName = name().toLowerCase(Locale.ROOT);

    /** {@return the stable name, e.g. {@code retry}} */
    public String observedName() {
        return observedName;
    }
}
