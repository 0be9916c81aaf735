/**
 * The domain of partner delegation: identifiers and values (records that validate in their
 * constructors and throw {@link org.partnerdelegation.core.domain.DelegationException} with
 * {@code INVALID_INPUT}), the {@link org.partnerdelegation.core.domain.Delegation} and its
 * {@link org.partnerdelegation.core.domain.DelegationStatus state machine}, invitations,
 * delegated sessions, audit events, outbox entries and the error codes.
 *
 * <p>Every type here is immutable and thread-safe.
 */
package org.partnerdelegation.core.domain;
