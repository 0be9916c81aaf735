package org.partnerdelegation.spring.boot.web;

/** Nobody is signed in on the request: neither a delegated session nor the host's login. Answered with 401. */
final class AuthenticationRequiredException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    AuthenticationRequiredException() {
        super("Sign in first: the request carries neither a delegated session nor a signed-in user of the host.", null, false, false);
    }
}
