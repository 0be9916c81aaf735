package org.partnerdelegation.micrometer;

/**
 * What an observation records as its error in place of the exception thrown: the exception's type
 * or the error code, and nothing of its message, which may name a person or hold a token or an id.
 * A tracing handler records it on the span (type and message) without a stack trace.
 */
final class ObservedError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    ObservedError(String kind) {
        super(kind, null, false, false);
    }
}
