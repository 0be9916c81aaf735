package org.partnerdelegation.examples.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.RoleKey;
import org.partnerdelegation.core.usecase.AccountQuery;
import org.partnerdelegation.core.usecase.GrantRequest;
import org.partnerdelegation.core.usecase.IssuedSession;
import org.partnerdelegation.core.usecase.LoginRequest;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The partner's Account Management page: its customer accounts with their status, adding one by
 * the customer's account email, resending the invitation, Delete Account, and Login, which opens a
 * delegated session into the customer's tenant. Each action is one call of the facade with the
 * signed-in partner user; the library checks the permission, the ownership and the status itself.
 */
@Controller
class AccountManagementController {

    private final PartnerDelegation delegation;
    private final SamplePrincipals principals;

    AccountManagementController(PartnerDelegation delegation, SamplePrincipals principals) {
        this.delegation = delegation;
        this.principals = principals;
    }

    @GetMapping("/accounts")
    String accounts(HttpServletRequest request, Model model) {
        model.addAttribute("accounts", delegation.listAccounts(principals.current(request), AccountQuery.firstPage()).items());
        model.addAttribute("roles", delegation.roleCatalogue().roles());
        return "accounts";
    }

    @PostMapping("/accounts")
    String add(HttpServletRequest request, @RequestParam String email, @RequestParam(required = false) List<String> roles,
               RedirectAttributes redirect) {
        Set<RoleKey> requested = roles == null || roles.isEmpty() ? Set.of(RoleKey.TENANT_ADMINISTRATOR)
                : roles.stream().map(RoleKey::of).collect(Collectors.toSet());
        var entry = delegation.addCustomerAccount(principals.current(request), EmailAddress.of(email), GrantRequest.roles(requested));
        redirect.addFlashAttribute("notice", "Invited " + entry.email().value() + " (" + entry.accountNumber().value()
                + "): the customer's administrator now sees the invitation on their Partner access page.");
        return "redirect:/accounts";
    }

    @PostMapping("/accounts/{id}/resend")
    String resend(HttpServletRequest request, @PathVariable String id, RedirectAttributes redirect) {
        var entry = delegation.resendInvitation(principals.current(request), DelegationId.parse(id));
        redirect.addFlashAttribute("notice", "Sent the invitation to " + entry.email().value() + " again.");
        return "redirect:/accounts";
    }

    @PostMapping("/accounts/{id}/delete")
    String delete(HttpServletRequest request, @PathVariable String id, RedirectAttributes redirect) {
        delegation.deleteAccount(principals.current(request), DelegationId.parse(id));
        redirect.addFlashAttribute("notice", "Deleted the account: access ended and its delegated sessions were revoked.");
        return "redirect:/accounts";
    }

    /**
     * The delegated login: the token goes into the library's HttpOnly, SameSite cookie, never into
     * a URL, and the browser goes to the customer's pages, where the starter's security filter
     * turns the cookie into the delegated {@code Authentication}.
     */
    @PostMapping("/accounts/{id}/login")
    String login(HttpServletRequest request, HttpServletResponse response, @PathVariable String id) {
        IssuedSession issued = delegation.loginToCustomer(principals.current(request), DelegationId.parse(id), LoginRequest.allGranted());
        response.addCookie(SampleCookie.COOKIE.issue(request, issued.token().reveal()));
        return "redirect:/customer/billing";
    }
}
