package org.partnerdelegation.examples.spring;

import jakarta.servlet.http.HttpServletRequest;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The operator's page: the tenants and their partner permission, granted or revoked with one button. */
@Controller
class OperatorController {

    private final PartnerDelegation delegation;
    private final SamplePrincipals principals;

    OperatorController(PartnerDelegation delegation, SamplePrincipals principals) {
        this.delegation = delegation;
        this.principals = principals;
    }

    @GetMapping("/operator")
    String operator(Model model) {
        model.addAttribute("tenants", SampleDirectory.TENANTS.stream()
                .map(t -> delegation.tenantDirectory().findById(t.id()).orElse(t))
                .toList());
        return "operator";
    }

    @PostMapping("/operator/tenants/{id}/grant")
    String grant(HttpServletRequest request, @PathVariable String id, RedirectAttributes redirect) {
        delegation.grantPartnerPermission(principals.current(request), TenantId.of(id));
        redirect.addFlashAttribute("notice", "Granted the partner permission to " + id + ".");
        return "redirect:/operator";
    }

    @PostMapping("/operator/tenants/{id}/revoke")
    String revoke(HttpServletRequest request, @PathVariable String id, RedirectAttributes redirect) {
        delegation.revokePartnerPermission(principals.current(request), TenantId.of(id));
        redirect.addFlashAttribute("notice", "Revoked the partner permission of " + id + ".");
        return "redirect:/operator";
    }
}
