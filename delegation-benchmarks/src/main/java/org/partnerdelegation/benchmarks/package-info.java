/**
 * JMH benchmarks of the calls a host makes most ({@code validateSession}, {@code listAccounts},
 * {@code loginToCustomer}, {@code addCustomerAccount} with {@code deleteAccount},
 * {@code acceptInvitation}), each on Jdbi over an in-memory H2 database and over a real
 * PostgreSQL server ({@code storage}), for the library and for its floor in plain JDBC
 * ({@code impl}); {@code validateSession} also on the core's in-memory adapters. The library's
 * facade is built as a host builds it ({@code PartnerDelegation.builder()}, default
 * {@code SecureRandom}, system clock); the data is loaded with plain JDBC, the same for both.
 *
 * <p>Run them from the uber-jar: {@code java -jar delegation-benchmarks/target/benchmarks.jar}
 * (JMH's own options apply, {@code -h} lists them); each fork starts its own PostgreSQL server
 * then. {@code report.BenchmarkReport} runs them all with statement counts, allocation and a
 * fresh-database growth run, and writes docs/BENCHMARKS.md. The build compiles and packages
 * them and never runs them.
 */
package org.partnerdelegation.benchmarks;
