package org.partnerdelegation.examples.web;

import org.partnerdelegation.core.domain.DelegationException;

/** The library's refusals in words a person understands, as the pages show them next to the form. */
final class Messages {

    /** A malformed email address typed into the Add new Account dialog. */
    static final String MALFORMED_EMAIL = "That is not an email address: it needs a name, an @ and a domain, such as admin@customer.example.";

    private Messages() {
    }

    /** What went wrong, in words. */
    static String words(DelegationException e) {
        return switch (e.code()) {
            case ALREADY_LINKED_TO_ANOTHER_TENANT -> DelegationException.ALREADY_LINKED_MESSAGE;
            case PARTNER_PERMISSION_REQUIRED -> "Your tenant does not hold the partner permission, so it cannot add or manage"
                    + " customers. An operator of Example Cloud can grant it.";
            case ACCOUNT_NOT_FOUND -> "No customer account has that administrator email. Check the address with your customer.";
            case CANNOT_LINK_OWN_ACCOUNT -> "That is your own tenant's administrator account: a partner cannot add itself as a customer.";
            case TOO_MANY_REQUESTS -> "Too many requests: this customer was invited a moment ago."
                    + e.retryAt().map(at -> " Try again after " + Views.time(at) + ".").orElse(" Try again in a few minutes.");
            case DELEGATED_SESSION_NOT_ALLOWED -> "A delegated session cannot do this: it acts inside the customer's tenant only."
                    + " End the session and use your own account.";
            case OPERATOR_REQUIRED -> "Only an operator of Example Cloud can do this.";
            case ADMINISTRATOR_REQUIRED -> "Only an administrator of the tenant can do this.";
            case NOT_CONNECTED -> "This customer is not connected (any more): logging in is possible only while it is Connected.";
            case NOT_PENDING -> "This invitation is no longer pending.";
            case INVITATION_INVALID -> "This invitation link is not valid any more: it was answered, withdrawn or replaced by a newer mail.";
            case INVITATION_EXPIRED -> "This invitation has expired: ask the partner to send it again.";
            case INVITATION_FOR_ANOTHER_ACCOUNT -> "This invitation was sent to another account: sign in as the invited account.";
            case DELEGATION_NOT_FOUND -> "That customer account is no longer in your list.";
            case SESSION_NOT_FOUND -> "That session no longer exists.";
            case STORAGE_UNAVAILABLE -> "The database is unavailable right now: try again in a moment.";
            case OUTCOME_UNKNOWN -> "The database went away while saving this: it may have been saved. Try again: a repeat is safe.";
            case INVALID_INPUT -> "The request was not valid: " + e.getMessage();
            // The library's message says which factor or age is missing; the demo's sign-in is its step-up.
            case STEP_UP_REQUIRED -> e.getMessage() + " In this demo, signing in again (Sign out, then pick your user) stands"
                    + " for that step-up.";
            default -> e.getMessage();
        };
    }

    /** The HTTP status a refusal is shown with. */
    static int status(DelegationException e) {
        return switch (e.code()) {
            case DELEGATED_SESSION_NOT_ALLOWED, PARTNER_PERMISSION_REQUIRED, OPERATOR_REQUIRED, ADMINISTRATOR_REQUIRED,
                 INVITATION_FOR_ANOTHER_ACCOUNT -> 403;
            case TOO_MANY_REQUESTS -> 429;
            case STEP_UP_REQUIRED -> 401;
            case STORAGE_UNAVAILABLE, OUTCOME_UNKNOWN -> 503;
            case DELEGATION_NOT_FOUND, SESSION_NOT_FOUND, ACCOUNT_NOT_FOUND -> 404;
            case ALREADY_LINKED_TO_ANOTHER_TENANT, CONCURRENT_UPDATE, NOT_CONNECTED, NOT_PENDING -> 409;
            default -> 400;
        };
    }
}
