package org.partnerdelegation.examples.spring;

import org.partnerdelegation.servlet.DelegatedSessionCookie;

/**
 * The cookie that carries a partner's delegated session in the sample: under {@code /customer}
 * only, so that the partner user keeps their own sign-in on every other page (Account Management
 * above all) while a delegated session is open. A cookie under a path cannot have a {@code __Host-}
 * name, hence a name of its own; it is HttpOnly and SameSite=Lax, and Secure over HTTPS.
 */
final class SampleCookie {

    /** The cookie's name. */
    static final String NAME = "sample_delegated_session";
    /** The delegated pages: the host's own pages inside a customer's tenant. */
    static final String PATH = "/customer";
    /** The cookie the login writes and the security filter reads. */
    static final DelegatedSessionCookie COOKIE = DelegatedSessionCookie.named(NAME).withPath(PATH);

    private SampleCookie() {
    }
}
