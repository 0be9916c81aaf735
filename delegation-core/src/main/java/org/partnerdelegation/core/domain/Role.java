package org.partnerdelegation.core.domain;

/** What the host says the acting user is within its tenant. */
public enum Role {
    /** An administrator of the tenant: may manage delegations on its side. */
    ADMINISTRATOR,
    /** A user of the tenant without administration rights: may only look. */
    MEMBER,
    /** An operator of the host product: grants and revokes the partner permission, runs maintenance. */
    OPERATOR
}
