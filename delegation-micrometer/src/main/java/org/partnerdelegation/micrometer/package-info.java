/**
 * Micrometer for partner delegation, with or without Spring: {@link org.partnerdelegation.micrometer.MicrometerDelegationObserver}
 * turns the core's observation port into Micrometer {@code Observation}s (timers, and spans where a
 * tracing bridge is registered), and {@link org.partnerdelegation.micrometer.DelegationGauges} binds
 * gauges of the outbox and the live delegated sessions to a {@code MeterRegistry}.
 */
package org.partnerdelegation.micrometer;
