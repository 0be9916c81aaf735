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
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.partnerdelegation.core.domain.DelegableRole;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.DelegationStatus;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.Reason;
import org.partnerdelegation.core.domain.RoleCatalogue;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.domain.Tenant;
import org.partnerdelegation.core.usecase.AccountAction;
import org.partnerdelegation.core.usecase.AccountListEntry;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.GrantRequest;
import org.partnerdelegation.core.usecase.Page;
import org.partnerdelegation.examples.web.Views.AccountRow;
import org.partnerdelegation.examples.web.Views.AccountsView;
import org.partnerdelegation.examples.web.Views.Option;
import org.partnerdelegation.examples.web.WebSessions.Flash;

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
        Optional<Flash> flash = Pages.flash(ctx);
        RoleCatalogue catalogue = pages.delegation().roleCatalogue();
        // A refused Add comes back with what was typed; any other refusal is shown above the table.
        boolean refusedAdd = flash.filter(f -> f.error() != null && f.form().containsKey("email")).isPresent();
        Set<RoleKey> formRoles = refusedAdd ? offered(catalogue, flash.get().form().getOrDefault("roles", List.of()))
                : catalogue.defaultRoles();
        renderAccounts(ctx, pages.principal(ctx), ctx.queryParam("add") != null || refusedAdd,
                flash.map(Flash::error).orElse(null), Pages.notice(ctx, flash),
                refusedAdd ? flash.get().field("email", "") : "", formRoles, refusedAdd ? flash.get().field("days", "") : "");
    }

    private static Set<RoleKey> offered(RoleCatalogue catalogue, List<String> keys) {
        Set<RoleKey> roles = new LinkedHashSet<>();
        keys.forEach(k -> Pages.role(catalogue, k).map(DelegableRole::key).ifPresent(roles::add));
        return roles;
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
        // Without the partner permission the rows are listed read-only (no actions), with no Add button.
        boolean canAdd = pages.delegation().tenantDirectory().findById(actor.tenantId()).map(Tenant::partnerPermission).orElse(false);
        if (!canAdd) {
            dialogOpen = false;
        }
        {
            Page<AccountListEntry> page;
            try {
                page = pages.delegation().viewAccounts(actor, query);
            } catch (DelegationException e) {
                // The filter and the page size are the page's own: only the after= of the link can be invalid.
                if (e.code() != ErrorCode.INVALID_INPUT || query.cursor().isEmpty()) {
                    throw e;
                }
                ctx.status(400);
                error = error != null ? error : BROKEN_PAGE_LINK;
                page = pages.delegation().viewAccounts(actor, AccountQuery.firstPage().withStatuses(query.statuses()));
            }
            RoleCatalogue catalogue = pages.delegation().roleCatalogue();
            for (AccountListEntry entry : page.items()) {
                rows.add(new AccountRow(entry.delegationId().value().toString(), entry.email().value(),
                        entry.accountNumber().value(), entry.status().label(), Pages.roleNames(catalogue, entry.roles()),
                        accessEnds(entry), entry.actions().contains(AccountAction.LOGIN),
                        entry.actions().contains(AccountAction.RESEND_INVITATION),
                        entry.actions().contains(AccountAction.DELETE_ACCOUNT)));
            }
            next = page.nextCursor().map(c -> java.net.URLEncoder.encode(c, java.nio.charset.StandardCharsets.UTF_8)).orElse(null);
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
                "view", new AccountsView(rows, statusOptions, status, next, dialogOpen, error, notice, formEmail, roles, durations,
                        canAdd)));
    }

    /**
     * The Access ends cell: the date while access lasts; for a Pending row the period asked for,
     * counted from approval; nothing for a row that ended or never started.
     */
    static String accessEnds(AccountListEntry entry) {
        return switch (entry.status()) {
            case PENDING -> entry.term().map(t -> t.toDays() + " days from approval").orElse("No end date");
            case CONNECTED -> Views.time(entry.endsAt(), "No end date");
            default -> "";
        };
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
        if (rawEmail.length() > EmailAddress.MAX_LENGTH) {
            throw new Refusal(422, "Add new Account", "That address is " + rawEmail.length() + " characters long: an email"
                    + " address has at most " + EmailAddress.MAX_LENGTH + ".");
        }
        EmailAddress email;
        try {
            email = EmailAddress.of(rawEmail);
        } catch (DelegationException e) {
            throw new Refusal(422, "Add new Account", Messages.MALFORMED_EMAIL);
        }
        String problem = notOffered.stream().anyMatch(String::isBlank) ? "A role was sent without a name: check the roles to request"
                + " from the list."
                : !notOffered.isEmpty() ? "Pick the roles to request from the list: " + String.join(", ", notOffered)
                        + (notOffered.size() == 1 ? " is not one of them." : " are not among them.")
                : roles.isEmpty() ? "Check at least one role to request."
                : !days.isEmpty() && DURATIONS.stream().noneMatch(d -> String.valueOf(d).equals(days)) ? "Pick a period from the list."
                : null;
        if (problem != null) {
            throw new Refusal(422, "Add new Account", problem);
        }
        // The library returns the open row it already has, unchanged, and queues no mail: the page must not say "Added".
        boolean listed = openRow(actor, r -> r.email().matches(email)).isPresent();
        AccountListEntry entry;
        if (roles.equals(catalogue.defaultRoles()) && days.isEmpty()) {
            entry = pages.delegation().addCustomerAccount(actor, email); // the seed's plain flow
        } else {
            GrantRequest request = GrantRequest.roles(roles);
            if (!days.isEmpty()) {
                request = request.forTerm(Duration.ofDays(Integer.parseInt(days)));
            }
            entry = pages.delegation().addCustomerAccount(actor, email, request);
        }
        if (listed) {
            Pages.session(ctx).flash(Flash.notice(entry.email().value() + " is already in your list (" + entry.status().label()
                    + "): no new mail was sent." + (entry.actions().contains(AccountAction.RESEND_INVITATION)
                            ? " Use Resend on its row to mail the invitation again." : "")));
            ctx.redirect("/accounts");
            return;
        }
        pages.backend().dispatch();
        ctx.redirect("/accounts?notice=added");
    }

    private DelegationId delegationId(Context ctx) {
        try {
            return DelegationId.parse(ctx.pathParam("id"));
        } catch (RuntimeException e) {
            throw new Refusal(404, "Not found", "That customer account is not in your list.");
        }
    }

    void resend(Context ctx) {
        pages.act(ctx, actor -> pages.delegation().resendInvitation(actor, delegationId(ctx)), "/accounts?notice=resent", null);
    }

    /** Delete Account asks first: what will happen to this customer, and an optional reason for the audit trail. */
    void confirmDelete(Context ctx) {
        Optional<Flash> flash = Pages.flash(ctx);
        AccountListEntry row = openRow(ctx, pages.principal(ctx), delegationId(ctx));
        String customer = row.email().value() + " (" + row.accountNumber().value() + ")";
        List<String> effects = row.status() == DelegationStatus.CONNECTED
                ? List.of("Your tenant stops managing " + customer + " at once.",
                        "Every live delegated session into it ends; nobody of your tenant can log in to it any more.",
                        "The customer is told by mail. Adding it again needs a new invitation that it accepts.")
                : List.of("The invitation to " + customer + " is withdrawn: its link stops working.",
                        "The customer is told only if an invitation mail reached it.");
        pages.confirm(ctx, "Delete Account", "Delete the customer account " + customer + "?", effects,
                "/accounts/" + row.delegationId().value() + "/delete", "Delete Account", "/accounts", List.of(), flash);
    }

    void delete(Context ctx) {
        Optional<Reason> reason = Pages.reason(ctx);
        pages.act(ctx, actor -> {
            if (reason.isPresent()) {
                pages.delegation().deleteAccount(actor, delegationId(ctx), reason.get());
            } else {
                pages.delegation().deleteAccount(actor, delegationId(ctx));
            }
        }, "/accounts?notice=deleted", null);
    }

    /** The partner's open row with {@code id}, read through the list (the library's view of it); 404 when it has none. */
    private AccountListEntry openRow(Context ctx, Principal actor, DelegationId id) {
        return openRow(actor, e -> e.delegationId().equals(id))
                .orElseThrow(() -> new Refusal(404, "Not found", "That customer account is not in your list (any more)."));
    }

    /** The partner's first open (Pending or Connected) row that {@code wanted} accepts, reading the list page by page. */
    private Optional<AccountListEntry> openRow(Principal actor, Predicate<AccountListEntry> wanted) {
        AccountQuery query = AccountQuery.firstPage().withStatuses(DelegationStatus.OPEN)
                .withLimit(pages.delegation().settings().maxPageSize());
        while (true) {
            Page<AccountListEntry> page = pages.delegation().listAccounts(actor, query);
            Optional<AccountListEntry> row = page.items().stream().filter(wanted).findFirst();
            if (row.isPresent() || page.nextCursor().isEmpty()) {
                return row;
            }
            query = query.after(page.nextCursor().get());
        }
    }

    /**
     * Login: the delegated session's token goes into its own cookie, replacing (and ending) the
     * one the browser held, and the browser to the customer's console.
     */
    void login(Context ctx) {
        pages.act(ctx, actor -> DelegatedRequests.replace(ctx, pages.delegation(),
                pages.delegation().loginToCustomer(actor, delegationId(ctx)).token().reveal()), DelegatedRequests.CONSOLE_PATH, null);
    }
}
