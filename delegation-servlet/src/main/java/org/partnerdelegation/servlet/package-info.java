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
 * A bearer token that opens no live session is refused (401); so is such a cookie under the paths
 * the host marks delegated-only (401, or a redirect the host chooses), while elsewhere it is
 * cleared and the request goes on without a delegated identity, so that a cookie someone planted
 * locks no one out. An unavailable storage is answered with 503.
 * {@link org.partnerdelegation.servlet.DelegatedSessionCookie} is the cookie itself, which the
 * host's login writes: {@code __Host-pd_delegated_session} over HTTPS, {@code pd_delegated_session}
 * over plain HTTP.
 *
 * <p>The Servlet API is a {@code provided} dependency: the host's container (Jetty, Tomcat,
 * Undertow, a Jakarta EE server, Spring Boot's embedded one) brings it. Every public type here is
 * immutable or thread-safe, but for the filter's builder; none accepts null.
 */
package org.partnerdelegation.servlet;
