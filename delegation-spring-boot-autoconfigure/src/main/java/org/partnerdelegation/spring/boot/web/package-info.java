/**
 * The REST API of a Spring Boot host: controllers under {@code partner-delegation.api.base-path} for the
 * partner, customer and operator use cases, RFC 9457 problem details for every failure, and the committed
 * OpenAPI 3.1 document. The controllers only translate: every permission is checked by the library.
 */
package org.partnerdelegation.spring.boot.web;
