package org.partnerdelegation.core.usecase;

import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.core.domain.SecretToken;

/**
 * The result of a delegated login: the bearer token, shown this once, and the session it opens.
 * The host hands the token to the partner user's client and later checks it with
 * {@link PartnerDelegation#validateSession(String)}. Immutable and thread-safe.
 *
 * @param token   the bearer token; {@link SecretToken#reveal()} gives its text
 * @param session the session: subject (the customer's administrator), actor, expiry
 */
public record IssuedSession(SecretToken token, DelegatedSession session) {
}
