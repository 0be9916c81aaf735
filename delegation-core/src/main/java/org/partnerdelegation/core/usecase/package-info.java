/**
 * The use cases: {@link org.partnerdelegation.core.usecase.PartnerDelegation}, the facade a
 * host calls, with the values it takes and returns.
 */
package org.partnerdelegation.core.usecase;
