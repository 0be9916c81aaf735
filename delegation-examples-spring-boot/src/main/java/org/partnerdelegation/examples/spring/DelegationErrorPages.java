package org.partnerdelegation.examples.spring;

import org.partnerdelegation.core.domain.DelegationException;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * Shows a refusal of the library as a page with its stable code and its message, which says what
 * to do, under the HTTP status the code means. Only the library's own exception: anything else is
 * Spring's error page, which shows no detail.
 */
@ControllerAdvice
class DelegationErrorPages {

    @ExceptionHandler(DelegationException.class)
    ModelAndView refused(DelegationException refusal, Model model) {
        ModelAndView page = new ModelAndView("refused", model.asMap(), status(refusal));
        page.addObject("code", refusal.code().name());
        page.addObject("message", refusal.getMessage());
        return page;
    }

    static HttpStatus status(DelegationException refusal) {
        return switch (refusal.code()) {
            case PARTNER_PERMISSION_REQUIRED, ADMINISTRATOR_REQUIRED, OPERATOR_REQUIRED, DELEGATED_SESSION_NOT_ALLOWED,
                 INVITATION_FOR_ANOTHER_ACCOUNT, STEP_UP_REQUIRED, ROLE_NOT_GRANTED -> HttpStatus.FORBIDDEN;
            case ACCOUNT_NOT_FOUND, DELEGATION_NOT_FOUND, SESSION_NOT_FOUND -> HttpStatus.NOT_FOUND;
            case ALREADY_LINKED_TO_ANOTHER_TENANT, CANNOT_LINK_OWN_ACCOUNT, NOT_CONNECTED, NOT_PENDING, CONCURRENT_UPDATE,
                 INVITING_PARTNER_UNAVAILABLE -> HttpStatus.CONFLICT;
            case INVITATION_EXPIRED -> HttpStatus.GONE;
            case TOO_MANY_REQUESTS -> HttpStatus.TOO_MANY_REQUESTS;
            case STORAGE_UNAVAILABLE, NOTIFICATION_FAILED, UNSUPPORTED_DATABASE -> HttpStatus.SERVICE_UNAVAILABLE;
            default -> HttpStatus.BAD_REQUEST;
        };
    }
}
