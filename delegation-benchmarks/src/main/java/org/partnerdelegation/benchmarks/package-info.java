/**
 * JMH benchmarks of the calls a host makes most: {@code validateSession} (every request of a
 * delegated session), {@code listAccounts} (the partner's account list), and adding then deleting a
 * customer account, each on the core's in-memory adapters and on Jdbi over an in-memory H2 database
 * (the {@code storage} parameter). They build the facade as a host does, with
 * {@code PartnerDelegation.builder()}, the default {@code SecureRandom} and the system clock.
 *
 * <p>Each runs in one fork, 1-second iterations: five of warmup (ten for
 * {@code CustomerAccountBenchmark}), since the H2 paths were still getting faster in the third
 * and fourth, then five measured.
 *
 * <p>Run them from the uber-jar: {@code java -jar delegation-benchmarks/target/benchmarks.jar}
 * (JMH's own options apply, {@code -h} lists them). The build compiles and packages them and
 * never runs them.
 */
package org.partnerdelegation.benchmarks;
