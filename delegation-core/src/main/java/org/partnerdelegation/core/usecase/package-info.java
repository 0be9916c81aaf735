/**
 * The use cases: {@link org.partnerdelegation.core.usecase.PartnerDelegation}, the facade a
 * host calls, with the values it takes and returns. Behind it, package-private: one class per
 * side (partner, customer, sessions, operator), the transitions they share, and the one access
 * policy every use case asks who may do what.
 */
package org.partnerdelegation.core.usecase;
