/**
 * Partner delegation for Spring Boot hosts: the types a host implements or calls. The
 * auto-configuration ({@code org.partnerdelegation.spring.boot.autoconfigure}) wires the rest from
 * the {@code partner-delegation.*} properties and the host's {@code DataSource}.
 */
package org.partnerdelegation.spring.boot;
