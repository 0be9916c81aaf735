package org.partnerdelegation.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Masking addresses in a mail server's reply and in the SMTP user name ({@link MailText#maskEmails}):
 * the same output as the regular expression it replaces, in linear time on hostile text.
 */
class MaskEmailsTest {

    /**
     * The rule as a regular expression, as the module once applied it (in quadratic time): a run of
     * characters without whitespace or delimiters, an at sign, and more of them.
     */
    private static final Pattern RULE = Pattern.compile("[^\\s<>()\\[\\]{}\"',;:@]+@[^\\s<>()\\[\\]{}\"',;:@]+");

    /** 1 MiB of text: a quadratic pass needs seconds for 40 KB of it, so many minutes for this. */
    private static final int ONE_MEGABYTE = 1 << 20;

    @Test
    void masksTheLocalPartAfterItsFirstCodePointAndKeepsTheDomain() {
        assertThat(MailText.maskEmails("x@y a@b@c \uD83D\uDE00mile@mail {a@b} @x y@ a@@b"))
                .isEqualTo("x***@y a***@b@c \uD83D\uDE00***@mail {a***@b} @x y@ a@@b");
    }

    @Test
    void masksAsTheRuleDoesOnTwentyThousandRandomTexts() {
        String[] pieces = {"a", "B", "é", "\uD83D\uDE00", "\uD800", "\uDC00", "@", "@", ".", " ", "\t", "\n", "\u00A0",
            "<", ">", "\"", "'", "(", ")", ",", ";", ":", "[", "]", "{", "}", "-", "+", "$", "\\"};
        Random random = new Random(17);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int length = random.nextInt(24); length > 0; length--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            String value = text.toString();

            assertThat(MailText.maskEmails(value)).as("maskEmails(\"%s\")", value).isEqualTo(byTheRule(value));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"no at sign", "a long run ending in an at sign", "at signs with nothing after",
        "one at sign after a long run", "only at signs", "addresses"})
    void masksAOneMegabyteHostileTextInLinearTime(String kind) {
        String text = hostile(kind);

        String masked = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> MailText.maskEmails(text),
                () -> "a quadratic pass over 1 MB of " + kind);

        assertThat(masked).isEqualTo(switch (kind) {
            case "one at sign after a long run" -> "a***@b";
            case "addresses" -> "j***@x.io ".repeat(ONE_MEGABYTE / 16);
            default -> text;
        });
    }

    /** A text of about 1 MB of the given kind. */
    private static String hostile(String kind) {
        return switch (kind) {
            case "no at sign" -> "a".repeat(ONE_MEGABYTE);
            case "a long run ending in an at sign" -> "a".repeat(ONE_MEGABYTE) + "@ b";
            case "at signs with nothing after" -> "ab@ ".repeat(ONE_MEGABYTE / 4);
            case "one at sign after a long run" -> "a".repeat(ONE_MEGABYTE) + "@b";
            case "only at signs" -> "@".repeat(ONE_MEGABYTE);
            case "addresses" -> "jane.doe@x.io ".repeat(ONE_MEGABYTE / 16);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** What the regular expression's replacement gave. */
    private static String byTheRule(String text) {
        Matcher m = RULE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String address = m.group();
            int first = Character.charCount(address.codePointAt(0));
            m.appendReplacement(out, Matcher.quoteReplacement(address.substring(0, first) + "***" + address.substring(address.indexOf('@'))));
        }
        return m.appendTail(out).toString();
    }
}
