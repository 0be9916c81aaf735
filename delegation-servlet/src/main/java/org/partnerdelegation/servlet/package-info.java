/**
 * The servlet adapter of partner delegation: a Jakarta Servlet 6 filter that authenticates the
 * requests a partner user makes with a delegated session.
 *
 * <p>{@link org.partnerdelegation.servlet.DelegatedSessionFilter} reads the delegated session
 * token from a cookie of its own or the {@code Authorization: Bearer} header, checks it with
 * {@link org.partnerdelegation.core.usecase.PartnerDelegation#validateSession(String)}, and exposes
 * the live {@link org.partnerdelegation.core.domain.DelegatedSession} and its
 * {@link org.partnerdelegation.core.domain.DelegatedSession#principal() principal} as request
 * attributes, which the host's servlets read with
 * {@link org.partnerdelegation.servlet.DelegatedSessionFilter#sessionOf(jakarta.servlet.ServletRequest)}
 * and {@link org.partnerdelegation.servlet.DelegatedSessionFilter#principalOf(jakarta.servlet.ServletRequest)}.
 * An invalid or ended session is refused (401, or a redirect the host chooses), an unavailable
 * storage answered with 503.
 *
 * <p>The Servlet API is a {@code provided} dependency: the host's container (Jetty, Tomcat,
 * Undertow, a Jakarta EE server, Spring Boot's embedded one) brings it. Every public type here is
 * immutable or thread-safe, but for the filter's builder; none accepts null.
 */
package org.partnerdelegation.servlet;
