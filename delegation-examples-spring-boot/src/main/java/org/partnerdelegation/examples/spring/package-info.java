/**
 * A Spring Boot host on the partner delegation starter: its users and tenants, Spring Security's
 * form login, the one bean only the host writes ({@link org.partnerdelegation.spring.boot.HostPrincipalResolver}),
 * the Account Management and Partner access pages, and a page of the host's own that a partner
 * reaches with a delegated session. A sample to read and run, not a library.
 */
package org.partnerdelegation.examples.spring;
