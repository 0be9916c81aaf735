/**
 * Actuator support: the {@code partnerDelegation} health indicator, made by the auto-configuration
 * when the host has Spring Boot's health module.
 */
package org.partnerdelegation.spring.boot.actuate;
