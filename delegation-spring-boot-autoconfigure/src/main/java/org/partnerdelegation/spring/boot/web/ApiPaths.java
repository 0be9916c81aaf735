package org.partnerdelegation.spring.boot.web;

/** The API's base path as a placeholder, resolved from {@code partner-delegation.api.base-path}. */
final class ApiPaths {

    static final String BASE = "${partner-delegation.api.base-path:/partner-delegation/api}";

    private ApiPaths() {
    }
}
