package org.partnerdelegation.core.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * How and when the host authenticated a user: the moment of the last authentication and the
 * methods used, as OpenID Connect's {@code amr} claim names them (RFC 8176: {@code pwd},
 * {@code otp}, {@code hwk}, {@code mfa}, ...), or the host's own statement that it was
 * multi-factor. A delegated login asks for it ({@link Principal#withAuthentication}): the library
 * lets a partner user into a customer's tenant only after a fresh multi-factor authentication,
 * by default. Immutable and thread-safe.
 *
 * <p>Build one from what the identity provider said at the user's last sign-in or step-up: the ID
 * token's {@code auth_time} and {@code amr}, or the host's own session records. Never from what
 * the request claims.
 *
 * @param authenticatedAt   when the user last authenticated (OpenID Connect's {@code auth_time})
 * @param methods           the methods used ({@code amr} values), in their natural order; may be empty when the host
 *                          only states {@code multiFactor}
 * @param multiFactorStated whether the host states that the authentication was multi-factor, whatever the methods say
 */
public record Authentication(Instant authenticatedAt, Set<String> methods, boolean multiFactorStated) {

    /** The most methods one authentication may list. */
    public static final int MAX_METHODS = 16;
    /** The {@code amr} value that says the authentication used more than one factor (RFC 8176). */
    public static final String MULTI_FACTOR = "mfa";

    private static final Pattern METHOD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");
    // RFC 8176's values by the kind of factor they prove: two kinds are two factors. "mca" (several channels) and
    // "rba" (risk-based) say nothing of the factors, so they count as none.
    private static final Set<String> KNOWLEDGE = Set.of("pwd", "pin", "kba");
    private static final Set<String> POSSESSION = Set.of("otp", "hwk", "swk", "sms", "tel", "sc", "pop", "wia");
    private static final Set<String> INHERENCE = Set.of("face", "fpt", "iris", "retina", "vbm", "user");

    /**
     * Checks the components.
     *
     * @param authenticatedAt   when the user last authenticated
     * @param methods           the {@code amr} values: each 1 to 32 letters, digits, '.', '_' or '-', starting with a letter
     *                          or digit; at most {@value #MAX_METHODS}; copied into their natural order
     * @param multiFactorStated whether the host states the authentication was multi-factor
     * @throws DelegationException {@code INVALID_INPUT} naming the component that is null or malformed
     */
    public Authentication {
        Validation.requireNonNull(authenticatedAt, "authentication.authenticatedAt");
        Validation.requireNonNull(methods, "authentication.methods");
        if (methods.size() > MAX_METHODS) {
            throw DelegationException.invalidInput("authentication.methods",
                    "must list at most " + MAX_METHODS + " methods, got " + methods.size());
        }
        TreeSet<String> sorted = new TreeSet<>();
        for (String method : methods) {
            if (method == null || !METHOD.matcher(method).matches()) {
                throw DelegationException.invalidInput("authentication.methods",
                        "must be amr values such as pwd, otp, hwk or mfa (1 to 32 letters, digits, '.', '_' or '-'), got "
                                + (method == null ? "null" : "'" + shown(method) + "'"));
            }
            sorted.add(method);
        }
        methods = Collections.unmodifiableSet(sorted);
    }

    /** The refused value as it may be shown: at most 40 characters, anything but printable ASCII as its U+ code point. */
    private static String shown(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(40).forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7f) {
                out.appendCodePoint(cp);
            } else {
                out.append(String.format("U+%04X", cp));
            }
        });
        return value.codePointCount(0, value.length()) > 40 ? out + "..." : out.toString();
    }

    /**
     * An authentication by the methods an identity provider reported ({@code amr}); whether it was
     * multi-factor follows from them ({@link #isMultiFactor()}).
     *
     * @param authenticatedAt when the user last authenticated ({@code auth_time})
     * @param methods         the {@code amr} values
     * @return the authentication
     * @throws DelegationException {@code INVALID_INPUT} as the canonical constructor
     */
    public static Authentication of(Instant authenticatedAt, Set<String> methods) {
        return new Authentication(authenticatedAt, methods, false);
    }

    /**
     * An authentication by the methods an identity provider reported ({@code amr}).
     *
     * @param authenticatedAt when the user last authenticated ({@code auth_time})
     * @param methods         the {@code amr} values
     * @return the authentication
     * @throws DelegationException {@code INVALID_INPUT} as the canonical constructor
     */
    public static Authentication of(Instant authenticatedAt, String... methods) {
        Validation.requireNonNull(methods, "authentication.methods");
        // Not Set.of: an identity provider may repeat a method, and a null one is refused by the constructor by name.
        return of(authenticatedAt, new java.util.HashSet<>(java.util.Arrays.asList(methods)));
    }

    /**
     * The host's statement that the user passed a multi-factor authentication at that moment, for
     * hosts that do not keep {@code amr} values. The audit trail records the method as {@code mfa}.
     *
     * @param authenticatedAt when the user last authenticated with more than one factor
     * @return the authentication, stated multi-factor
     * @throws DelegationException {@code INVALID_INPUT} when {@code authenticatedAt} is null
     */
    public static Authentication multiFactor(Instant authenticatedAt) {
        return new Authentication(authenticatedAt, Set.of(), true);
    }

    /**
     * Whether the authentication was multi-factor: the host stated it, the methods include
     * {@value #MULTI_FACTOR}, or they prove two kinds of factor (something known such as {@code pwd}
     * or {@code pin}, something held such as {@code otp}, {@code hwk}, {@code swk}, {@code sms} or
     * {@code sc}, something one is such as {@code fpt} or {@code face}). Two methods of one kind
     * (a password and a PIN) are one factor.
     *
     * @return true when the authentication counts as multi-factor
     */
    public boolean isMultiFactor() {
        if (multiFactorStated || methods.contains(MULTI_FACTOR)) {
            return true;
        }
        int kinds = 0;
        for (Set<String> kind : Set.of(KNOWLEDGE, POSSESSION, INHERENCE)) {
            if (methods.stream().anyMatch(kind::contains)) {
                kinds++;
            }
        }
        return kinds >= 2;
    }

    /**
     * The methods as the audit trail records them: the {@code amr} values, with {@value #MULTI_FACTOR}
     * added when the host stated a multi-factor authentication without naming it.
     *
     * @return the methods to record, in their natural order
     */
    public Set<String> recordedMethods() {
        if (!multiFactorStated || methods.contains(MULTI_FACTOR)) {
            return methods;
        }
        TreeSet<String> recorded = new TreeSet<>(methods);
        recorded.add(MULTI_FACTOR);
        return Collections.unmodifiableSet(recorded);
    }

    /** {@return the methods as one space-separated text, or "none" when there are none} */
    public String describeMethods() {
        Set<String> recorded = recordedMethods();
        return recorded.isEmpty() ? "none" : String.join(" ", recorded);
    }
}
