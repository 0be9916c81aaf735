/**
 * Durable storage of partner delegation on Jdbi 3 and HikariCP: {@link org.partnerdelegation.jdbi.JdbiStorage}
 * gives the {@link org.partnerdelegation.core.port.TenantDirectory},
 * {@link org.partnerdelegation.core.port.DelegationStore} and
 * {@link org.partnerdelegation.core.port.SessionIssuer} of one H2 (embedded default) or
 * PostgreSQL database, whose migrations ship under {@code db/partner-delegation/h2} and
 * {@code db/partner-delegation/postgresql} on the classpath, run by Flyway
 * ({@link org.partnerdelegation.jdbi.SchemaInstaller}) under the history table {@code pd_flyway_history}.
 */
package org.partnerdelegation.jdbi;
