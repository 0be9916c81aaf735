package org.partnerdelegation.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.partnerdelegation.core.domain.Notification;

/**
 * The words the module writes itself into a mail, in one language: dates and times, periods
 * ({@code 30 days}) and the lines of the login notices. They come from
 * {@code org/partnerdelegation/mail/templates/[<tag>/]messages.properties} (UTF-8), key by key: the
 * locale's own tag, then its language, then English. A language the module has no words for gets
 * the English patterns, its dates written with its own month names. Immutable and thread-safe.
 */
final class Wording {

    private static final String ROOT = "org/partnerdelegation/mail/templates/";
    /** Each file read once; an absent one is an empty map. */
    private static final Map<String, Map<String, String>> FILES = new ConcurrentHashMap<>();
    private static final Map<Locale, Wording> CACHE = new ConcurrentHashMap<>();

    /** English in UTC: what a mail without a known reader is written in. */
    static final Wording ENGLISH = of(Locale.ENGLISH);

    private final Locale locale;
    private final Map<String, String> words;
    private final DateTimeFormatter date;
    private final DateTimeFormatter loginTime;

    private Wording(Locale locale, Map<String, String> words) {
        this.locale = locale;
        this.words = words;
        this.date = DateTimeFormatter.ofPattern(words.get("date"), locale);
        this.loginTime = DateTimeFormatter.ofPattern(words.get("loginTime"), locale);
    }

    /** The words for a reader of that locale; an unknown language gets English words with its own month names. */
    static Wording of(Locale locale) {
        return CACHE.computeIfAbsent(locale, l -> {
            Map<String, String> merged = new java.util.HashMap<>(file(""));
            if (!l.getLanguage().isEmpty() && !l.getLanguage().equals("en")) {
                merged.putAll(file(l.getLanguage() + "/"));
            }
            String tag = l.toLanguageTag();
            if (!tag.equals(l.getLanguage())) {
                merged.putAll(file(tag + "/"));
            }
            return new Wording(l, Map.copyOf(merged));
        });
    }

    private static Map<String, String> file(String folder) {
        return FILES.computeIfAbsent(folder, f -> {
            String resource = ROOT + f + "messages.properties";
            try (InputStream in = Wording.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    return Map.of();
                }
                Properties p = new Properties();
                p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                return p.stringPropertyNames().stream().collect(Collectors.toUnmodifiableMap(k -> k, p::getProperty));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the mail wording resource " + resource, e);
            }
        });
    }

    Locale locale() {
        return locale;
    }

    /** A date and time to the minute, with the zone: {@code 12 January 2026, 09:00 UTC}. */
    String date(Instant at, ZoneId zone) {
        return date.format(at.atZone(zone));
    }

    /** When a login happened, to the second: two logins within a minute read apart. */
    String loginTime(Instant at, ZoneId zone) {
        return loginTime.format(at.atZone(zone));
    }

    /**
     * A period as people say it: {@code 30 days}, {@code 1 day and 12 hours}, {@code 90 minutes}
     * becomes {@code 1 hour and 30 minutes}. Seconds show only in a period shorter than a minute.
     */
    String term(Duration term) {
        List<String> parts = new ArrayList<>();
        add(parts, term.toDays(), "day");
        add(parts, term.toHoursPart(), "hour");
        add(parts, term.toMinutesPart(), "minute");
        if (parts.isEmpty()) {
            add(parts, Math.max(1, term.toSecondsPart()), "second");
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " " + word("term.and") + " " + parts.get(parts.size() - 1);
    }

    private void add(List<String> parts, long amount, String unit) {
        if (amount > 0) {
            parts.add(fill(word("term." + unit + (amount == 1 ? "" : "s")), Map.of("n", String.valueOf(amount))));
        }
    }

    /**
     * One login on one line: who (the partner user, of the partner by name, account number and
     * email), when, with which roles (their catalogue names) and why. The partner user's id and the
     * reason are the partner's words: kept to one line, as the caller escapes them for HTML.
     */
    String loginLine(Notification.Login l, ZoneId zone) {
        String roles = l.roles().stream().map(r -> MailText.oneLine(r.name())).collect(Collectors.joining(", "));
        Map<String, String> partnerValues = Map.of("account", l.partnerAccountNumber().value(), "email", l.partnerEmail().value(),
                "name", l.partnerName().map(MailText::oneLine).orElse(""));
        String partner = fill(word(l.partnerName().isPresent() ? "login.partner.named" : "login.partner"), partnerValues);
        String line = fill(word("login.line"), Map.of("user", MailText.oneLine(l.partnerUser().value()), "partner", partner,
                "at", loginTime(l.at(), zone), "roles", roles));
        return line + l.reason().map(r -> fill(word("login.reason"), Map.of("reason", MailText.oneLine(r)))).orElse("");
    }

    private String word(String key) {
        String word = words.get(key);
        if (word == null) {
            // The English file has every key (WordingTest): only a broken build gets here.
            throw new IllegalStateException("The mail wording has no " + key);
        }
        return word;
    }

    /**
     * Puts the values into {@code {name}} markers in one pass: a value that itself holds a marker
     * (a partner user named {@code {reason}}) is not filled in again.
     */
    static String fill(String pattern, Map<String, String> values) {
        StringBuilder out = new StringBuilder(pattern.length() + 32);
        int at = 0;
        while (at < pattern.length()) {
            int open = pattern.indexOf('{', at);
            int close = open < 0 ? -1 : pattern.indexOf('}', open);
            String value = close < 0 ? null : values.get(pattern.substring(open + 1, close));
            if (value == null) {
                int end = open < 0 ? pattern.length() : open + 1;
                out.append(pattern, at, end);
                at = end;
            } else {
                out.append(pattern, at, open).append(value);
                at = close + 1;
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "Wording[" + locale.toLanguageTag() + "]";
    }
}
