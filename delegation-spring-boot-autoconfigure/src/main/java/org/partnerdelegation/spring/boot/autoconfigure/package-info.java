/**
 * The auto-configurations and the {@code partner-delegation.*} properties of a Spring Boot host:
 * the facade on the host's {@code DataSource}, the mail notifier, the background jobs as lifecycle
 * beans, and Spring Security's {@code delegatedSession} expressions. Every bean backs off when the
 * host defines its own.
 */
package org.partnerdelegation.spring.boot.autoconfigure;
