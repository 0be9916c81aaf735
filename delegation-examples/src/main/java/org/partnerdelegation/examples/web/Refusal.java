package org.partnerdelegation.examples.web;

/** A request the demo refuses, with the status, the error page's heading and a message in words. */
final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String heading;

    Refusal(int status, String heading, String message) {
        super(message);
        this.status = status;
        this.heading = heading;
    }
}
