/**
 * Spring Security for partner delegation: a validated delegated session becomes the request's
 * {@link org.partnerdelegation.spring.boot.security.DelegatedSessionAuthentication}, added to a
 * {@code SecurityFilterChain} with
 * {@code http.with(PartnerDelegationConfigurer.delegatedSessions(), c -> c.delegatedOnly("/customer/**"))}.
 * Applies when {@code spring-security-web} is on the class path.
 */
package org.partnerdelegation.spring.boot.security;
