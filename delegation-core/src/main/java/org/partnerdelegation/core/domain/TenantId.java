package org.partnerdelegation.core.domain;

/**
 * Identifies a tenant of the host product, in the host's own terms (a UUID, a slug, a number).
 *
 * @param value 1 to 128 characters, without control or formatting characters
 */
public record TenantId(String value) {

    public static final int MAX_LENGTH = 128;

    public TenantId {
        Validation.requireText(value, "tenantId", MAX_LENGTH);
    }

    public static TenantId of(String value) {
        return new TenantId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
