/**
 * Data at scale: a PostgreSQL database of a million delegations and ten million audit events,
 * written with {@code COPY} as the library would have written the rows over a year
 * ({@link org.partnerdelegation.benchmarks.scale.ScaleLoader}), and the hot paths measured on it
 * against the same paths on ten thousand delegations
 * ({@link org.partnerdelegation.benchmarks.scale.DataAtScaleBenchmark}). The report
 * {@code report.DataAtScaleReport} loads both, measures them in one run and writes the figures
 * into docs/BENCHMARKS.md.
 */
package org.partnerdelegation.benchmarks.scale;
