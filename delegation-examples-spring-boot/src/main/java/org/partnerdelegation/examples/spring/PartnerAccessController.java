package org.partnerdelegation.examples.spring;

import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.NotificationType;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.SessionId;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.core.usecase.PartnerLink;
import org.partnerdelegation.core.usecase.SessionQuery;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The customer's Partner access page: the invitations mailed to the signed-in administrator (from
 * the sample's in-memory mailbox), reviewing one and accepting or declining it, the current partner,
 * the delegated sessions into the tenant with a button to end each, and disassociating the partner.
 */
@Controller
class PartnerAccessController {

    private final PartnerDelegation delegation;
    private final SamplePrincipals principals;
    private final SampleMailbox mailbox;

    PartnerAccessController(PartnerDelegation delegation, SamplePrincipals principals, SampleMailbox mailbox) {
        this.delegation = delegation;
        this.principals = principals;
        this.mailbox = mailbox;
    }

    @GetMapping("/partner-access")
    String partnerAccess(HttpServletRequest request, Model model) {
        Principal customer = principals.current(request);
        model.addAttribute("partner", delegation.currentPartner(customer).orElse(null));
        model.addAttribute("sessions", delegation.delegatedSessions(customer, SessionQuery.firstPage()).items());
        model.addAttribute("mail", customer.verifiedEmail().map(mailbox::deliveredTo).orElse(java.util.List.of()));
        model.addAttribute("invitation", NotificationType.INVITATION);
        return "partner-access";
    }

    /** The page the invitation mail's link opens: what the partner asks for, with Accept and Decline. */
    @GetMapping("/partner-access/invitation")
    String review(HttpServletRequest request, @RequestParam String token, Model model) {
        model.addAttribute("review", delegation.reviewInvitation(principals.current(request), token));
        model.addAttribute("token", token);
        return "invitation";
    }

    @PostMapping("/partner-access/invitation/accept")
    String accept(HttpServletRequest request, @RequestParam String token, RedirectAttributes redirect) {
        PartnerLink link = delegation.acceptInvitation(principals.current(request), token);
        redirect.addFlashAttribute("notice", "You accepted: " + link.partnerAccountNumber().map(n -> n.value()).orElse("the partner")
                + " can now log in to your tenant. The partner has been told.");
        return "redirect:/partner-access";
    }

    @PostMapping("/partner-access/invitation/decline")
    String decline(HttpServletRequest request, @RequestParam String token, RedirectAttributes redirect) {
        delegation.declineInvitation(principals.current(request), token);
        redirect.addFlashAttribute("notice", "You declined the invitation. The partner has been told.");
        return "redirect:/partner-access";
    }

    @PostMapping("/partner-access/sessions/{id}/end")
    String endSession(HttpServletRequest request, @PathVariable String id, RedirectAttributes redirect) {
        boolean ended = delegation.endDelegatedSession(principals.current(request), SessionId.of(uuid(id)));
        redirect.addFlashAttribute("notice", ended ? "The session ended: its next request is refused." : "That session had ended already.");
        return "redirect:/partner-access";
    }

    @PostMapping("/partner-access/disassociate")
    String disassociate(HttpServletRequest request, RedirectAttributes redirect) {
        delegation.disassociatePartner(principals.current(request));
        redirect.addFlashAttribute("notice", "Your partner no longer has access: its sessions were revoked.");
        return "redirect:/partner-access";
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw DelegationException.invalidInput("sessionId", "is not a session id: take it from the list of sessions");
        }
    }
}
