package org.partnerdelegation.core.contract;

import java.util.List;

/**
 * The corpus of email addresses a reader could take for one another, and of the spellings that
 * truly are one mailbox. {@link EmailAddressContract} runs it through the facade on every adapter;
 * the core's {@code EmailAddressTest} runs it through {@code EmailAddress} itself.
 *
 * <p>Why each look-alike is another account: a mail system delivers to the local part as written
 * (most compare ASCII letters without case, none folds {@code ²} into {@code 2}), so whoever holds
 * the look-alike mailbox is someone else. The domain is another matter: DNS resolves every
 * spelling that IDNA maps to one name to that name, so those are one domain.
 */
public final class LookAlikeEmails {

    /** The address the partner's invitation is mailed to, in most cases of the corpus. */
    public static final String INVITED = "admin2@initech.example";

    private LookAlikeEmails() {
    }

    /**
     * A pair a reader may mistake for one another that must stay two accounts.
     *
     * @param what      what makes it a look-alike, for the test's name
     * @param invited   the address the invitation was mailed to
     * @param lookAlike the address of another administrator that must not count as the invited one
     */
    public record LookAlike(String what, String invited, String lookAlike) {
        @Override
        public String toString() {
            return what;
        }
    }

    /**
     * Two spellings of one mailbox.
     *
     * @param what        why they are one mailbox, for the test's name
     * @param invited     the address the invitation was mailed to
     * @param sameAccount another spelling of it that must count as the invited account
     */
    public record Equivalent(String what, String invited, String sameAccount) {
        @Override
        public String toString() {
            return what;
        }
    }

    /** {@return every look-alike of the corpus: NFKC, full case folding or a careless eye would take each for the invited address} */
    public static List<LookAlike> lookAlikes() {
        return List.of(
                new LookAlike("superscript two", INVITED, "admin\u00B2@initech.example"),
                new LookAlike("subscript two", INVITED, "admin\u2082@initech.example"),
                new LookAlike("full-width digit", INVITED, "admin\uFF12@initech.example"),
                new LookAlike("full-width letters", INVITED, "\uFF41\uFF44\uFF4D\uFF49\uFF4E2@initech.example"),
                new LookAlike("full-width capital", INVITED, "\uFF21dmin2@initech.example"),
                new LookAlike("mathematical bold a", INVITED, "\uD835\uDC1Admin2@initech.example"),
                new LookAlike("circled a", INVITED, "\u24D0dmin2@initech.example"),
                new LookAlike("dotless i", INVITED, "adm\u0131n2@initech.example"),
                new LookAlike("capital I with dot above", INVITED, "ADM\u0130N2@initech.example"),
                new LookAlike("Cyrillic a", INVITED, "\u0430dmin2@initech.example"),
                new LookAlike("dotless i in the domain", INVITED, "admin2@in\u0131tech.example"),
                new LookAlike("Cyrillic i in the domain", INVITED, "admin2@\u0456nitech.example"),
                new LookAlike("ligature fi", "fin@initech.example", "\uFB01n@initech.example"),
                new LookAlike("ligature ff", "jeff@initech.example", "je\uFB00@initech.example"),
                new LookAlike("Kelvin sign", "kate@initech.example", "\u212Aate@initech.example"),
                new LookAlike("Kelvin sign among capitals", "KIM@initech.example", "\u212AIM@initech.example"),
                new LookAlike("long s", "sam@initech.example", "\u017Fam@initech.example"),
                new LookAlike("sharp s is not ss", "strasse@initech.example", "stra\u00DFe@initech.example"),
                new LookAlike("capital sharp s is not ss", "weiss@initech.example", "WEI\u1E9E@initech.example"),
                new LookAlike("sharp s in the domain is not ss", "admin@fass.example", "admin@fa\u00DF.example"),
                new LookAlike("Greek final sigma is not sigma", "\u03C3\u03BF\u03C6\u03B9\u03B1\u03C3@initech.example",
                        "\u03C3\u03BF\u03C6\u03B9\u03B1\u03C2@initech.example"));
    }

    /** {@return every pair of spellings of one mailbox: ASCII case, the IDNA-equal domain, composed and decomposed accents} */
    public static List<Equivalent> equivalents() {
        return List.of(
                new Equivalent("ASCII upper case", INVITED, "ADMIN2@INITECH.EXAMPLE"),
                new Equivalent("mixed case", INVITED, "Admin2@Initech.Example"),
                new Equivalent("full-width letters in the domain", INVITED, "admin2@\uFF49\uFF4E\uFF49\uFF54\uFF45\uFF43\uFF48.example"),
                new Equivalent("full-width dot in the domain", INVITED, "admin2@initech\uFF0Eexample"),
                new Equivalent("composed and decomposed accent", "ren\u00E9@initech.example", "rene\u0301@initech.example"),
                new Equivalent("accented capital", "ren\u00E9@initech.example", "REN\u00C9@initech.example"),
                new Equivalent("decomposed accented capital", "ren\u00E9@initech.example", "RENE\u0301@initech.example"),
                new Equivalent("Unicode domain and its xn-- label", "admin@b\u00FCcher.example", "admin@xn--bcher-kva.example"),
                new Equivalent("Unicode domain in upper case", "admin@b\u00FCcher.example", "admin@B\u00DCCHER.example"),
                new Equivalent("upper-case xn-- label", "admin@b\u00FCcher.example", "admin@XN--BCHER-KVA.example"));
    }
}
