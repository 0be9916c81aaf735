package org.partnerdelegation.examples.web;

/**
 * A request the demo refuses, with the status, the error page's heading and a message in words.
 * A refused form goes back to its page with what was typed, unless the refusal is {@link #forged}:
 * a form from another site, or with no session at all, is answered where it was sent and keeps
 * nothing, so that no other site can fill a form for the visitor or fill the server's memory.
 */
final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String heading;
    final boolean forged;

    Refusal(int status, String heading, String message) {
        this(status, heading, message, false);
    }

    private Refusal(int status, String heading, String message, boolean forged) {
        super(message);
        this.status = status;
        this.heading = heading;
        this.forged = forged;
    }

    /** A form the demo will not send back to a page: refused where it was sent, keeping nothing. */
    static Refusal forged(String message) {
        return new Refusal(403, "Refused", message, true);
    }
}
