package org.partnerdelegation.examples.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.Optional;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.servlet.DelegatedSessionCookie;
import org.partnerdelegation.servlet.DelegatedSessionFilter;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * A page of the host's own product inside the customer's tenant, which a partner reaches with a
 * delegated session: Spring Security's {@code @PreAuthorize} lets in a session holding the
 * {@code billing:read} role the customer granted, and refuses (403) anyone else, the partner
 * user's own sign-in included.
 */
@Controller
class CustomerBillingController {

    private final PartnerDelegation delegation;

    CustomerBillingController(PartnerDelegation delegation) {
        this.delegation = delegation;
    }

    @GetMapping("/customer/billing")
    @PreAuthorize("hasAuthority('billing:read')")
    String billing(HttpServletRequest request, Model model) {
        model.addAttribute("delegated", request.getAttribute(DelegatedSessionFilter.SESSION_ATTRIBUTE));
        return "billing";
    }

    /** Ends the delegated session (its token never validates again) and removes the cookie. */
    @PostMapping("/customer/sign-out")
    String signOut(HttpServletRequest request, HttpServletResponse response) {
        DelegatedSessionCookie cookie = SampleCookie.COOKIE;
        token(request, cookie.name(request)).ifPresent(delegation::endSession);
        response.addCookie(cookie.clear(request));
        return "redirect:/accounts";
    }

    private static Optional<String> token(HttpServletRequest request, String name) {
        return Optional.ofNullable(request.getCookies()).stream().flatMap(Arrays::stream)
                .filter(c -> c.getName().equals(name)).map(jakarta.servlet.http.Cookie::getValue).findFirst();
    }
}
