package org.partnerdelegation.spring.boot.web;

/** No endpoint of the API has the requested path. Answered with a 404 problem. */
final class ApiPathNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ApiPathNotFoundException() {
        super("No endpoint of the partner delegation API has this path; see its OpenAPI document (openapi.yaml).", null, false, false);
    }
}
