package org.partnerdelegation.examples.web;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.partnerdelegation.core.domain.DelegableRole;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.RoleCatalogue;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.usecase.AccountAction;
import org.partnerdelegation.core.usecase.AccountListEntry;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.GrantRequest;
import org.partnerdelegation.core.usecase.Page;
import org.partnerdelegation.examples.web.Views.AccountRow;
import org.partnerdelegation.examples.web.Views.AccountsView;
import org.partnerdelegation.examples.web.Views.Option;

/**
 * The partner's Account Management page: the table of customer accounts with the actions each
 * status allows, keyset paging, the status filter, and the Add new Account dialog with the
 * roles and period to request. Login hands the browser the delegated session's cookie.
 */
final class AccountPages {

    private static final List<Integer> DURATIONS = List.of(30, 90, 365);

    /** A Next page link whose after= was changed or cut short: the library refuses the cursor. */
    static final String BROKEN_PAGE_LINK = "This page link is not valid (it was changed or cut short): the list starts again from its first page.";

    private final Pages pages;

    AccountPages(Pages pages) {
        this.pages = pages;
    }

    void accounts(Context ctx) {
        renderAccounts(ctx, pages.principal(ctx), ctx.queryParam("add") != null, null, Pages.notice(ctx.queryParam("notice")), "",
                pages.delegation().roleCatalogue().defaultRoles(), "");
    }

    private void renderAccounts(Context ctx, Principal actor, boolean dialogOpen, String error, String notice, String formEmail,
                                Set<RoleKey> formRoles, String formDays) {
        String status = filter(ctx.queryParam("status"));
        AccountQuery query = AccountQuery.firstPage().withStatuses(statuses(status));
        String after = ctx.queryParam("after");
        if (after != null && !after.isBlank()) {
            query = query.after(after);
        }
        List<AccountRow> rows = new ArrayList<>();
        String next = null;
        try {
            Page<AccountListEntry> page;
            try {
                page = pages.delegation().listAccounts(actor, query);
            } catch (DelegationException e) {
                // The filter and the page size are the page's own: only the after= of the link can be invalid.
                if (e.code() != ErrorCode.INVALID_INPUT || query.cursor().isEmpty()) {
                    throw e;
                }
                ctx.status(400);
                error = error != null ? error : BROKEN_PAGE_LINK;
                page = pages.delegation().listAccounts(actor, AccountQuery.firstPage().withStatuses(query.statuses()));
            }
            RoleCatalogue catalogue = pages.delegation().roleCatalogue();
            for (AccountListEntry entry : page.items()) {
                rows.add(new AccountRow(entry.delegationId().value().toString(), entry.email().value(),
                        entry.accountNumber().value(), entry.status().label(), Pages.roleNames(catalogue, entry.roles()),
                        entry.status() == DelegationStatus.PENDING ? "After approval" : Views.time(entry.endsAt(), "No end date"),
                        entry.actions().contains(AccountAction.LOGIN), entry.actions().contains(AccountAction.RESEND_INVITATION),
                        entry.actions().contains(AccountAction.DELETE_ACCOUNT)));
            }
            next = page.nextCursor().map(c -> java.net.URLEncoder.encode(c, java.nio.charset.StandardCharsets.UTF_8)).orElse(null);
        } catch (DelegationException e) {
            if (e.code() != ErrorCode.PARTNER_PERMISSION_REQUIRED) {
                throw e;
            }
            error = error != null ? error : Messages.words(e);
        }
        List<Option> statusOptions = new ArrayList<>();
        statusOptions.add(new Option("open", "Pending and Connected", status.equals("open")));
        for (DelegationStatus s : DelegationStatus.values()) {
            statusOptions.add(new Option(s.name(), s.label(), status.equals(s.name())));
        }
        statusOptions.add(new Option("all", "All, with history", status.equals("all")));
        List<Option> roles = pages.delegation().roleCatalogue().roles().stream()
                .map(r -> new Option(r.key().value(), r.name(), formRoles.contains(r.key()))).toList();
        List<Option> durations = new ArrayList<>();
        durations.add(new Option("", "No end date (the plain flow)", formDays.isEmpty()));
        for (int days : DURATIONS) {
            durations.add(new Option(String.valueOf(days), days + " days", formDays.equals(String.valueOf(days))));
        }
        pages.render(ctx, "accounts.jte", Map.of("chrome", pages.chrome(ctx, "Account Management"),
                "view", new AccountsView(rows, statusOptions, status, next, dialogOpen, error, notice, formEmail, roles, durations)));
    }

    /** The filter's value: "open" (the default, also for a value the filter does not offer), a status's name, or "all". */
    private static String filter(String requested) {
        if (requested != null && (requested.equals("all") || requested.equals("open")
                || Arrays.stream(DelegationStatus.values()).anyMatch(s -> s.name().equals(requested)))) {
            return requested;
        }
        return "open";
    }

    private static Set<DelegationStatus> statuses(String filter) {
        if (filter.equals("all")) {
            return EnumSet.allOf(DelegationStatus.class);
        }
        for (DelegationStatus s : DelegationStatus.values()) {
            if (s.name().equals(filter)) {
                return EnumSet.of(s);
            }
        }
        return DelegationStatus.OPEN;
    }

    void addAccount(Context ctx) {
        Principal actor = pages.principal(ctx);
        String rawEmail = Objects.requireNonNullElse(ctx.formParam("email"), "").strip();
        String days = Objects.requireNonNullElse(ctx.formParam("days"), "");
        RoleCatalogue catalogue = pages.delegation().roleCatalogue();
        // Only what the dialog offers: the catalogue's roles and the periods of its list.
        Set<RoleKey> roles = new LinkedHashSet<>();
        List<String> notOffered = new ArrayList<>();
        for (String key : ctx.formParams("roles")) {
            Pages.role(catalogue, key).map(DelegableRole::key).ifPresentOrElse(roles::add, () -> notOffered.add(key));
        }
        EmailAddress email;
        try {
            email = EmailAddress.of(rawEmail);
        } catch (DelegationException e) {
            renderAddError(ctx, actor, 422, Messages.MALFORMED_EMAIL, rawEmail, roles, days);
            return;
        }
        String problem = !notOffered.isEmpty()
                ? "Pick the roles to request from the list: " + String.join(", ", notOffered)
                        + (notOffered.size() == 1 ? " is not one of them." : " are not among them.")
                : roles.isEmpty() ? "Check at least one role to request."
                : !days.isEmpty() && DURATIONS.stream().noneMatch(d -> String.valueOf(d).equals(days)) ? "Pick a period from the list."
                : null;
        if (problem != null) {
            renderAddError(ctx, actor, 422, problem, rawEmail, roles, days);
            return;
        }
        try {
            if (roles.equals(catalogue.defaultRoles()) && days.isEmpty()) {
                pages.delegation().addCustomerAccount(actor, email); // the seed's plain flow
            } else {
                GrantRequest request = GrantRequest.roles(roles);
                if (!days.isEmpty()) {
                    request = request.forTerm(Duration.ofDays(Integer.parseInt(days)));
                }
                pages.delegation().addCustomerAccount(actor, email, request);
            }
        } catch (DelegationException e) {
            if (e.code() == ErrorCode.DELEGATED_SESSION_NOT_ALLOWED) {
                throw e;
            }
            renderAddError(ctx, actor, Messages.status(e), Messages.words(e), rawEmail, roles, days);
            return;
        }
        pages.backend().dispatch();
        ctx.redirect("/accounts?notice=added");
    }

    private void renderAddError(Context ctx, Principal actor, int status, String error, String email, Set<RoleKey> roles, String days) {
        ctx.status(status);
        renderAccounts(ctx, actor, true, error, null, email, roles, days);
    }

    private DelegationId delegationId(Context ctx) {
        try {
            return DelegationId.parse(ctx.pathParam("id"));
        } catch (RuntimeException e) {
            throw new Refusal(404, "Not found", "That customer account is not in your list.");
        }
    }

    void resend(Context ctx) {
        rowAction(ctx, actor -> pages.delegation().resendInvitation(actor, delegationId(ctx)), "/accounts?notice=resent");
    }

    void delete(Context ctx) {
        rowAction(ctx, actor -> pages.delegation().deleteAccount(actor, delegationId(ctx)), "/accounts?notice=deleted");
    }

    /** A row's button: on success to {@code redirect}; a refusal in words above the table. */
    private void rowAction(Context ctx, Consumer<Principal> action, String redirect) {
        pages.act(ctx, action, (actor, e) -> renderAccounts(ctx, actor, false, Messages.words(e), null, "",
                pages.delegation().roleCatalogue().defaultRoles(), ""), redirect);
    }

    /** Login: the delegated session's token goes into its own cookie, and the browser to the customer's console. */
    void login(Context ctx) {
        rowAction(ctx, actor -> DelegatedRequests.store(ctx,
                pages.delegation().loginToCustomer(actor, delegationId(ctx)).token().reveal()), "/console");
    }
}
