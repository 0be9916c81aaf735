package org.partnerdelegation.examples.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * What the templates under {@code src/main/jte} show: plain values, already in words. The
 * templates escape every value (JTE's HTML content type); nothing here holds markup.
 */
public final class Views {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Views() {
    }

    /** An instant as the pages show it, such as {@code 2026-05-01 14:03 UTC}. */
    public static String time(Instant instant) {
        return TIME.format(instant);
    }

    /** An optional instant, or {@code none}. */
    public static String time(Optional<Instant> instant, String none) {
        return instant.map(Views::time).orElse(none);
    }

    /**
     * The frame of every page.
     *
     * @param title      the page's heading
     * @param userName   the signed-in user, or null
     * @param userTenant the user's tenant, or null
     * @param csrf       the session's CSRF token, for the forms
     * @param banner     the delegated session's banner, or null when the browser holds none
     * @param menu       the navigation menu for the signed-in user (or for a visitor)
     * @param home       where the brand link leads: the user's own page, or the sign-in picker
     * @param back       this page's path and query, which its forms send back so that a refused form returns here
     * @param flashNotice the outcome of the form posted before, on a page that does not show it in a place of its own
     * @param flashError  the refusal of the form posted before, likewise
     */
    public record Chrome(String title, String userName, String userTenant, String csrf, Banner banner, List<MenuItem> menu,
                         String home, String back, String flashNotice, String flashError) {
    }

    /**
     * A link of the navigation menu.
     *
     * @param href    where it leads
     * @param label   its words
     * @param id      its element id
     * @param current whether it is the page shown
     */
    public record MenuItem(String href, String label, String id, boolean current) {
    }

    /**
     * The delegated session the browser holds: in the console "Acting as {@code subject} on behalf of
     * {@code actor}"; on the user's own pages, a reminder with the way back to the console.
     *
     * @param subject   the customer account the session acts as
     * @param actor     the partner user
     * @param inConsole whether the page is the console's (acting as the customer) or the user's own
     */
    public record Banner(String subject, String actor, boolean inConsole) {
    }

    /**
     * A page that asks before a destructive action: what will happen, an optional reason, then a
     * POST with the CSRF token.
     *
     * @param question  the question, as the heading under the title
     * @param effects   what will happen, one sentence each
     * @param action    where the form posts
     * @param button    the button's words
     * @param cancel    where Cancel leads
     * @param hidden    hidden fields besides the CSRF token, name to value
     * @param reason    the reason typed so far (kept when the form was refused)
     * @param error     why the form was refused, or null
     */
    public record ConfirmView(String question, List<String> effects, String action, String button, String cancel,
                              List<Option> hidden, String reason, String error) {
    }

    /** A choice in a select or a checkbox list. */
    public record Option(String value, String label, boolean selected) {
    }

    /** A user of the sign-in picker. */
    public record SignInView(List<DemoUser> users, String next, String notice) {
    }

    /** The partner's Account Management page. */
    public record AccountsView(List<AccountRow> rows, List<Option> statuses, String status, String nextCursor,
                               boolean dialogOpen, String error, String notice, String formEmail,
                               List<Option> roles, List<Option> durations, boolean canAdd) {
    }

    /** One row of the account table. */
    public record AccountRow(String id, String email, String accountNumber, String status, String roles, String accessEnds,
                             boolean canLogin, boolean canResend, boolean canDelete) {
    }

    /** One mail in the demo mailbox. */
    public record MailLine(int number, String to, String subject, String received) {
    }

    /** One mail opened. */
    public record MailView(int number, String from, String to, String subject, String received, String htmlDocument,
                           String text, String acceptLink) {
    }

    /** The customer's accept page. */
    public record AcceptView(String token, boolean signInNeeded, List<DemoUser> signInUsers, String error, String partner,
                             String kind, List<String> roles, String term, String expires, String confirmation,
                             String invitedAccount, String signedInAs) {
    }

    /** The customer's Partner access page. */
    public record PartnerAccessView(boolean connected, String partner, String since, String until, List<Option> roles,
                                    List<LoginLine> logins, List<SessionLine> sessions, String notice, String error) {
    }

    /** A delegated login from the audit trail. */
    public record LoginLine(String when, String who, String roles, String reason) {
    }

    /** A live delegated session. */
    public record SessionLine(String id, String who, String issued, String expires, String roles, String reason) {
    }

    /** The stand-in for the host's admin console, shown inside a delegated session. */
    public record ConsoleView(String tenant, String subject, String actor, String roles, String expires) {
    }

    /** The operator's page. */
    public record OperatorView(List<TenantLine> tenants, List<TrailLine> trail, String notice, String error) {
    }

    /** A tenant and its partner permission. */
    public record TenantLine(String id, String accountNumber, String email, boolean permission) {
    }

    /** A line of the permission audit trail. */
    public record TrailLine(String when, String what, String tenant, String by, String reason) {
    }

    /** An error page. */
    public record ErrorView(int status, String heading, String message) {
    }
}
