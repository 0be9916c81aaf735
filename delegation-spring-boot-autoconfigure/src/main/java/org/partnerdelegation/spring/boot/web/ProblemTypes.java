package org.partnerdelegation.spring.boot.web;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.partnerdelegation.core.domain.ErrorCode;
import org.springframework.http.HttpStatus;

/**
 * The table from the library's {@link ErrorCode}s to HTTP statuses, and the problem {@code type} URI of
 * every code. A table rather than a switch so that docs/guide/rest-api.md can be checked against it;
 * a code missing here is a failing test, and answers 500 until it is added.
 */
final class ProblemTypes {

    /** The prefix of every problem type: {@code urn:partner-delegation:error:} and the code. */
    static final String TYPE_PREFIX = "urn:partner-delegation:error:";

    /** Codes of the API itself, for failures before a use case runs; never an {@link ErrorCode}. */
    static final String AUTHENTICATION_REQUIRED = "AUTHENTICATION_REQUIRED";
    static final String NOT_FOUND = "NOT_FOUND";
    static final String METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED";
    static final String UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE";
    static final String PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE";
    static final String INTERNAL_ERROR = "INTERNAL_ERROR";

    private static final Map<ErrorCode, HttpStatus> STATUSES = new EnumMap<>(ErrorCode.class);

    static {
        STATUSES.put(ErrorCode.PARTNER_PERMISSION_REQUIRED, HttpStatus.FORBIDDEN);
        STATUSES.put(ErrorCode.ADMINISTRATOR_REQUIRED, HttpStatus.FORBIDDEN);
        STATUSES.put(ErrorCode.OPERATOR_REQUIRED, HttpStatus.FORBIDDEN);
        STATUSES.put(ErrorCode.DELEGATED_SESSION_NOT_ALLOWED, HttpStatus.FORBIDDEN);
        STATUSES.put(ErrorCode.INVITATION_FOR_ANOTHER_ACCOUNT, HttpStatus.FORBIDDEN);
        STATUSES.put(ErrorCode.ROLE_NOT_GRANTED, HttpStatus.FORBIDDEN);
        STATUSES.put(ErrorCode.ACCOUNT_NOT_FOUND, HttpStatus.NOT_FOUND);
        STATUSES.put(ErrorCode.DELEGATION_NOT_FOUND, HttpStatus.NOT_FOUND);
        STATUSES.put(ErrorCode.SESSION_NOT_FOUND, HttpStatus.NOT_FOUND);
        STATUSES.put(ErrorCode.INVITATION_INVALID, HttpStatus.NOT_FOUND);
        STATUSES.put(ErrorCode.INVITATION_EXPIRED, HttpStatus.GONE);
        STATUSES.put(ErrorCode.ALREADY_LINKED_TO_ANOTHER_TENANT, HttpStatus.CONFLICT);
        STATUSES.put(ErrorCode.CANNOT_LINK_OWN_ACCOUNT, HttpStatus.CONFLICT);
        STATUSES.put(ErrorCode.NOT_CONNECTED, HttpStatus.CONFLICT);
        STATUSES.put(ErrorCode.NOT_PENDING, HttpStatus.CONFLICT);
        STATUSES.put(ErrorCode.CONCURRENT_UPDATE, HttpStatus.CONFLICT);
        STATUSES.put(ErrorCode.INVITING_PARTNER_UNAVAILABLE, HttpStatus.CONFLICT);
        STATUSES.put(ErrorCode.RENEWAL_NOT_ALLOWED, HttpStatus.CONFLICT);
        STATUSES.put(ErrorCode.INVALID_INPUT, HttpStatus.BAD_REQUEST);
        STATUSES.put(ErrorCode.REASON_REQUIRED, HttpStatus.BAD_REQUEST);
        STATUSES.put(ErrorCode.STEP_UP_REQUIRED, HttpStatus.UNAUTHORIZED);
        STATUSES.put(ErrorCode.TOO_MANY_REQUESTS, HttpStatus.TOO_MANY_REQUESTS);
        STATUSES.put(ErrorCode.STORAGE_UNAVAILABLE, HttpStatus.SERVICE_UNAVAILABLE);
        STATUSES.put(ErrorCode.OUTCOME_UNKNOWN, HttpStatus.SERVICE_UNAVAILABLE);
        STATUSES.put(ErrorCode.NOTIFICATION_FAILED, HttpStatus.SERVICE_UNAVAILABLE);
        STATUSES.put(ErrorCode.UNSUPPORTED_DATABASE, HttpStatus.INTERNAL_SERVER_ERROR);
    }

    private ProblemTypes() {
    }

    /** {@return the status of a code; empty for a code this table does not know yet} */
    static Optional<HttpStatus> statusOf(ErrorCode code) {
        return Optional.ofNullable(STATUSES.get(code));
    }

    static String typeOf(String code) {
        return TYPE_PREFIX + code;
    }

    /** A title a person can read, from the code: {@code DELEGATION_NOT_FOUND} becomes "Delegation not found". */
    static String titleOf(String code) {
        String words = code.replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
