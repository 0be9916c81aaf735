package org.partnerdelegation.spring.boot.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.StepUpChallenge;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

/** Every error code has its status, renders as a problem, and is in the guide's table with the same status. */
class ProblemTypesTest {

    private static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");
    private final ApiProblems problems = new ApiProblems(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void everyErrorCodeHasAStatus() {
        EnumSet<ErrorCode> unmapped = EnumSet.noneOf(ErrorCode.class);
        for (ErrorCode code : ErrorCode.values()) {
            if (ProblemTypes.statusOf(code).isEmpty()) {
                unmapped.add(code);
            }
        }
        assertThat(unmapped).as("codes without an HTTP status in ProblemTypes (add them, and to docs/guide/rest-api.md)").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void everyErrorCodeRendersAsAProblemWithItsCode(ErrorCode code) {
        DelegationException failure = switch (code) {
            case TOO_MANY_REQUESTS -> DelegationException.tooManyRequests("Too soon.", NOW.plusMillis(90_001));
            case STEP_UP_REQUIRED -> DelegationException.stepUpRequired("Sign in again with a second factor.",
                    new StepUpChallenge(true, Duration.ofMinutes(15)));
            default -> new DelegationException(code, "What went wrong, for a person.");
        };
        ResponseEntity<ApiJson.Problem> answer = problems.delegationFailure(failure, request());

        ApiJson.Problem problem = answer.getBody();
        assertThat(answer.getStatusCode().value()).isEqualTo(ProblemTypes.statusOf(code).orElseThrow().value());
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(problem.status()).isEqualTo(answer.getStatusCode().value());
        assertThat(problem.type()).isEqualTo("urn:partner-delegation:error:" + code.name());
        assertThat(problem.code()).isEqualTo(code.name());
        assertThat(problem.detail()).isEqualTo(failure.getMessage());
        assertThat(problem.title()).isNotBlank().doesNotContain("_");
        assertThat(problem.instance()).isEqualTo("/partner-delegation/api/partner/accounts");
    }

    @Test
    void tooManyRequestsSaysWhenToRetryInWholeSecondsRoundedUp() {
        var answer = problems.delegationFailure(DelegationException.tooManyRequests("Too soon.", NOW.plusMillis(90_001)), request());
        assertThat(answer.getStatusCode().value()).isEqualTo(429);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("91");
        assertThat(answer.getBody().retryAt()).isEqualTo("2030-01-01T10:01:30.001Z");
        var exactly = problems.delegationFailure(DelegationException.tooManyRequests("Too soon.", NOW.plusSeconds(90)), request());
        assertThat(exactly.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("90");
        var past = problems.delegationFailure(DelegationException.tooManyRequests("Too soon.", NOW.minusSeconds(5)), request());
        assertThat(past.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
    }

    @Test
    void storageUnavailableAsksToRetryLaterAndTellsNothingOfTheCause() {
        var failure = new DelegationException(ErrorCode.STORAGE_UNAVAILABLE, "The storage is unavailable; try again.",
                new java.sql.SQLException("SELECT secret FROM t; connection refused"));
        var answer = problems.delegationFailure(failure, request());
        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("10");
        assertThat(answer.getBody().detail()).doesNotContain("SELECT");
    }

    @Test
    void stepUpRequiredChallengesAsRfc9470Does() {
        var answer = problems.delegationFailure(DelegationException.stepUpRequired("Sign in again with a second factor.",
                new StepUpChallenge(true, Duration.ofMinutes(15))), request());
        assertThat(answer.getStatusCode().value()).isEqualTo(401);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE))
                .isEqualTo("Bearer error=\"insufficient_user_authentication\", max_age=900");
    }

    @Test
    void theGuidesStatusTableListsEveryCodeWithItsStatus() throws IOException {
        String guide = Files.readString(repositoryRoot().resolve("docs/guide/rest-api.md"));
        Map<String, Integer> documented = new HashMap<>();
        Matcher row = Pattern.compile("(?m)^\\| `([A-Z_]+)` \\| (\\d{3}) ").matcher(guide);
        while (row.find()) {
            documented.put(row.group(1), Integer.parseInt(row.group(2)));
        }
        Map<String, Integer> expected = new HashMap<>();
        for (ErrorCode code : ErrorCode.values()) {
            expected.put(code.name(), ProblemTypes.statusOf(code).map(s -> s.value()).orElse(-1));
        }
        assertThat(documented).as("the status table of docs/guide/rest-api.md").containsAllEntriesOf(expected);
    }

    private static MockHttpServletRequest request() {
        return new MockHttpServletRequest("GET", "/partner-delegation/api/partner/accounts");
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docs/guide"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("No docs/guide above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
