package org.partnerdelegation.core.domain;

/**
 * Identifies a tenant of the host product, in the host's own terms (a UUID, a slug, a number).
 * Immutable and thread-safe.
 *
 * @param value 1 to 128 characters, without control or formatting characters
 */
public record TenantId(String value) {

    /** The longest tenant id accepted, in characters. */
    public static final int MAX_LENGTH = 128;

    /**
     * Validates the tenant id.
     *
     * @param value 1 to {@link #MAX_LENGTH} characters, not blank, without control or formatting characters
     * @throws DelegationException {@code INVALID_INPUT} when it is missing, blank, too long or holds such characters
     */
    public TenantId {
        Validation.requireText(value, "tenantId", MAX_LENGTH);
    }

    /**
     * The tenant id with that text; same as the constructor.
     *
     * @param value 1 to {@link #MAX_LENGTH} characters, not blank, without control or formatting characters
     * @return the tenant id
     * @throws DelegationException {@code INVALID_INPUT} when it is missing, blank, too long or holds such characters
     */
    public static TenantId of(String value) {
        return new TenantId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
