/**
 * Sustained load with nothing lost: {@link org.partnerdelegation.benchmarks.load.LoadRun} runs
 * application nodes with a host's mix of calls on PostgreSQL, then checks every acknowledged write
 * and the library's invariants; {@link org.partnerdelegation.benchmarks.load.LoadMain} is its
 * command line.
 */
package org.partnerdelegation.benchmarks.load;
