package org.partnerdelegation.spring.boot.web;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.StepUpChallenge;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Every failure of the API's controllers as an RFC 9457 problem ({@code application/problem+json}).
 * The detail is the library's message, written for a person; causes, stack traces and SQL go to the
 * log only. Scoped to the API's controllers, so the host's own error handling is left alone.
 */
@RestControllerAdvice(assignableTypes = {PartnerApiController.class, CustomerApiController.class, OperatorApiController.class,
        ApiDocumentController.class})
final class ApiProblems {

    /** What a 503 without a better estimate asks the client to wait, as the servlet filter does. */
    static final Duration STORAGE_RETRY_AFTER = Duration.ofSeconds(10);

    private static final Log LOG = LogFactory.getLog(ApiProblems.class);
    private static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private final Clock clock;

    ApiProblems(Clock clock) {
        this.clock = clock;
    }

    @ExceptionHandler(DelegationException.class)
    ResponseEntity<ApiJson.Problem> delegationFailure(DelegationException e, HttpServletRequest request) {
        ErrorCode code = e.code();
        HttpStatus status = ProblemTypes.statusOf(code).orElse(HttpStatus.INTERNAL_SERVER_ERROR);
        HttpHeaders headers = new HttpHeaders();
        String retryAt = null;
        if (status.is5xxServerError()) {
            LOG.warn("Partner delegation API: " + request.getMethod() + " " + request.getRequestURI() + " failed with " + code, e);
        }
        if (code == ErrorCode.TOO_MANY_REQUESTS && e.retryAt().isPresent()) {
            Instant at = e.retryAt().get();
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(secondsUntil(at)));
            retryAt = at.toString();
        } else if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(STORAGE_RETRY_AFTER.toSeconds()));
        }
        if (code == ErrorCode.STEP_UP_REQUIRED) {
            headers.set(HttpHeaders.WWW_AUTHENTICATE, stepUpChallenge(e.stepUpChallenge().orElse(null)));
        }
        return problem(status, code.name(), e.getMessage(), request, headers, retryAt);
    }

    @ExceptionHandler(AuthenticationRequiredException.class)
    ResponseEntity<ApiJson.Problem> unauthenticated(AuthenticationRequiredException e, HttpServletRequest request) {
        HttpHeaders headers = new HttpHeaders();
        // RFC 9110 asks a 401 for a challenge; the API also takes a delegated session as a bearer token.
        headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"partner-delegation\"");
        return problem(HttpStatus.UNAUTHORIZED, ProblemTypes.AUTHENTICATION_REQUIRED, e.getMessage(), request, headers, null);
    }

    @ExceptionHandler(ApiPathNotFoundException.class)
    ResponseEntity<ApiJson.Problem> unknownPath(ApiPathNotFoundException e, HttpServletRequest request) {
        return problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, e.getMessage(), request, new HttpHeaders(), null);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiJson.Problem> unreadableBody(HttpMessageNotReadableException e, HttpServletRequest request) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RequestBodyLimitFilter.BodyTooLargeException) {
                return tooLarge(request);
            }
        }
        // The parser's own message names Java types and positions: not for the client.
        return problem(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_INPUT.name(),
                "The request body is missing or is not the JSON object this endpoint expects.", request, new HttpHeaders(), null);
    }

    @ExceptionHandler({MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class})
    ResponseEntity<ApiJson.Problem> badParameter(Exception e, HttpServletRequest request) {
        String name = e instanceof MethodArgumentTypeMismatchException m ? m.getName()
                : ((MissingServletRequestParameterException) e).getParameterName();
        return problem(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_INPUT.name(), name + " is missing or malformed", request,
                new HttpHeaders(), null);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiJson.Problem> unsupportedMediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        HttpHeaders headers = new HttpHeaders();
        headers.setAccept(java.util.List.of(MediaType.APPLICATION_JSON));
        return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ProblemTypes.UNSUPPORTED_MEDIA_TYPE,
                "Send the request body as application/json.", request, headers, null);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ApiJson.Problem> methodNotAllowed(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        HttpHeaders headers = new HttpHeaders();
        if (e.getSupportedHttpMethods() != null) {
            headers.setAllow(e.getSupportedHttpMethods());
        }
        return problem(HttpStatus.METHOD_NOT_ALLOWED, ProblemTypes.METHOD_NOT_ALLOWED,
                "This endpoint does not take " + e.getMethod() + ".", request, headers, null);
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<Void> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        // The client accepts neither JSON nor a problem: a body it would take does not exist.
        return ResponseEntity.status(HttpStatus.NOT_ACCEPTABLE).build();
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiJson.Problem> unexpected(Exception e, HttpServletRequest request) {
        LOG.error("Partner delegation API: " + request.getMethod() + " " + request.getRequestURI() + " failed", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL_ERROR,
                "The request failed on the server; the server's log has the details.", request, new HttpHeaders(), null);
    }

    ResponseEntity<ApiJson.Problem> tooLarge(HttpServletRequest request) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE,
                "The request body is larger than " + RequestBodyLimitFilter.MAX_BODY_BYTES + " bytes.", request, new HttpHeaders(), null);
    }

    private static ResponseEntity<ApiJson.Problem> problem(HttpStatus status, String code, String detail, HttpServletRequest request,
                                                           HttpHeaders headers, String retryAt) {
        var body = new ApiJson.Problem(ProblemTypes.typeOf(code), ProblemTypes.titleOf(code), status.value(), detail,
                request.getRequestURI(), code, retryAt);
        return ResponseEntity.status(status).headers(headers).contentType(PROBLEM_JSON).body(body);
    }

    private long secondsUntil(Instant at) {
        long millis = Duration.between(clock.instant(), at).toMillis();
        // Rounded up, and at least 1: a client that waits what it is told must not come back too soon.
        return Math.max(1, (millis + 999) / 1000);
    }

    /** RFC 9470's challenge: the client asks the user for a fresh (multi-factor) sign-in and retries. */
    private static String stepUpChallenge(StepUpChallenge challenge) {
        StringBuilder value = new StringBuilder("Bearer error=\"insufficient_user_authentication\"");
        if (challenge != null) {
            value.append(", max_age=").append(challenge.maxAge().toSeconds());
        }
        return value.toString();
    }
}
