package org.partnerdelegation.examples.spring;

import java.security.Principal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page, which lists the sample's users and passwords, and the start page, which sends each user to theirs. */
@Controller
class SamplePagesController {

    @GetMapping("/login")
    String login(Model model) {
        model.addAttribute("users", SampleDirectory.USERS);
        return "login";
    }

    @GetMapping("/")
    String home(Principal signedIn) {
        return SampleDirectory.user(signedIn.getName()).map(user -> {
            if (user.tenant().equals(SampleDirectory.HOST)) {
                return "redirect:/operator";
            }
            boolean partner = user.tenant().equals(SampleDirectory.ACME.id()) || user.tenant().equals(SampleDirectory.GLOBEX.id());
            return partner ? "redirect:/accounts" : "redirect:/partner-access";
        }).orElse("redirect:/login");
    }
}
