package org.partnerdelegation.core.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.ErrorCode;

/** What the dispatcher writes to the log and to an entry's last error from a notifier's failure. */
class DescribeFailureTest {

    /**
     * The rule as a regular expression, as the dispatcher once applied it (in quadratic time): a
     * local part's first character kept and the rest masked, where an at sign follows it and, past
     * it, a dot after at least one character, before any whitespace or further at sign.
     */
    private static final Pattern RULE = Pattern.compile("([^\\s@<>\"'(),;:\\[\\]])[^\\s@<>\"'(),;:\\[\\]]*@(?=[^\\s@]+\\.)");

    /** 1 MiB of text: a quadratic pass needs 1.8 s for 40 KB of it, so about 20 minutes for this. */
    private static final int ONE_MEGABYTE = 1 << 20;

    @Test
    void keepsTheCodeAndMasksEveryEmailAddressInTheMessage() {
        String described = OutboxDispatcher.describe(new DelegationException(ErrorCode.NOTIFICATION_FAILED,
                "550 <jane.doe@customer.example> rejected; cc Bob@Partner.Example failed (smtp.example.com:25)"));

        assertThat(described).isEqualTo("NOTIFICATION_FAILED: 550 <j***@customer.example> rejected; cc B***@Partner.Example failed"
                + " (smtp.example.com:25)");
    }

    @Test
    void namesTheExceptionTypeWhenThereIsNoCode() {
        assertThat(OutboxDispatcher.describe(new IllegalStateException("connection refused")))
                .isEqualTo("IllegalStateException: connection refused");
    }

    @Test
    void masksOnlyWhereADotFollowsTheAtSignAndKeepsAWholeFirstCodePoint() {
        assertThat(describe("x@y a@.b a@b. \uD83D\uDE00mile@mail.example a@b@c.d null@ @x.y"))
                .isEqualTo("IllegalStateException: x@y a@.b a***@b. \uD83D\uDE00***@mail.example a@b***@c.d null@ @x.y");
        assertThat(OutboxDispatcher.describe(new IllegalStateException())).isEqualTo("IllegalStateException: null");
    }

    @Test
    void masksAsTheRuleDoesOnTwentyThousandRandomTexts() {
        String[] pieces = {"a", "B", "é", "\uD83D\uDE00", "\uD800", "\uDC00", "@", "@", ".", ".", " ", "\t", "\n", "\u00A0",
            "<", ">", "\"", "'", "(", ")", ",", ";", ":", "[", "]", "{", "}", "-", "+"};
        Random random = new Random(17);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int length = random.nextInt(24); length > 0; length--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            String message = text.toString();

            assertThat(describe(message)).as("describe(\"%s\")", message)
                    .isEqualTo("IllegalStateException: " + RULE.matcher(message).replaceAll("$1***@"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"no at sign", "at signs without dots", "one at sign between long runs", "only at signs",
        "dots without at signs", "addresses"})
    void masksAOneMegabyteHostileMessageInLinearTime(String kind) {
        String message = hostile(kind);

        String described = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> describe(message),
                () -> "a quadratic pass over 1 MB of " + kind);

        if (kind.equals("addresses")) {
            assertThat(described).isEqualTo("IllegalStateException: " + "j***@x.io ".repeat(ONE_MEGABYTE / 16));
        } else {
            assertThat(described).isEqualTo("IllegalStateException: " + message);
        }
    }

    /** A message of about 1 MB of the given kind. */
    private static String hostile(String kind) {
        return switch (kind) {
            case "no at sign" -> "a".repeat(ONE_MEGABYTE);
            case "at signs without dots" -> "ab@".repeat(ONE_MEGABYTE / 3);
            case "one at sign between long runs" -> "a".repeat(ONE_MEGABYTE / 2) + "@" + "b".repeat(ONE_MEGABYTE / 2);
            case "only at signs" -> "@".repeat(ONE_MEGABYTE);
            case "dots without at signs" -> "a.".repeat(ONE_MEGABYTE / 2);
            case "addresses" -> "jane.doe@x.io ".repeat(ONE_MEGABYTE / 16);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static String describe(String message) {
        return OutboxDispatcher.describe(new IllegalStateException(message));
    }
}
