package org.partnerdelegation.examples.web;

import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.usecase.InvitationReview;
import org.partnerdelegation.core.usecase.PartnerLink;
import org.partnerdelegation.examples.DemoInbox.ReceivedMail;
import org.partnerdelegation.examples.web.Views.AcceptView;
import org.partnerdelegation.examples.web.WebSessions.Flash;

/**
 * The customer's accept page, reached from the invitation mail's Accept and Login button: asks the
 * visitor to sign in as the invited account, shows the partner, roles and period requested, and
 * takes the answer.
 */
final class InvitationPages {

    private final Pages pages;

    InvitationPages(Pages pages) {
        this.pages = pages;
    }

    private static List<DemoUser> customers() {
        return DemoUser.all().stream().filter(u -> u.home().equals("/partner-access")).toList();
    }

    void acceptPage(Context ctx) {
        String token = ctx.queryParam("token");
        if (token == null || token.isBlank()) {
            throw new Refusal(400, "Invitation", "This page is opened from the invitation mail's Accept and Login button.");
        }
        Optional<Flash> flash = Pages.flash(ctx);
        if (flash.map(Flash::notice).isPresent()) {
            render(ctx, new AcceptView(token, false, List.of(), null, null, null, List.of(), null, null, flash.get().notice(), null,
                    null));
            return;
        }
        String refused = flash.map(Flash::error).orElse(null);
        Optional<DemoUser> user = Pages.session(ctx).user();
        if (user.isEmpty()) {
            render(ctx, signIn(token, refused, null));
            return;
        }
        InvitationReview review;
        try {
            review = pages.delegation().reviewInvitation(pages.principal(ctx), token);
        } catch (DelegationException e) {
            ctx.status(Messages.status(e));
            boolean otherAccount = e.code() == ErrorCode.INVITATION_FOR_ANOTHER_ACCOUNT || e.code() == ErrorCode.ADMINISTRATOR_REQUIRED;
            render(ctx, otherAccount ? signIn(token, Messages.words(e), user.get())
                    : new AcceptView(token, false, List.of(), Messages.words(e), null, null, List.of(), null, null, null, null, null));
            return;
        }
        String term = review.requestedTerm()
                .map(d -> d.toDays() + " days after you accept (about " + Views.time(pages.delegation().clock().instant().plus(d)) + ")")
                .orElse(review.kind() == InvitationReview.Kind.CHANGE_OF_GRANT
                        ? Views.time(review.currentEndsAt(), "No end date") : "No end date");
        String kind = review.kind() == InvitationReview.Kind.NEW_DELEGATION ? "to manage your tenant"
                : "to change its access to your tenant";
        render(ctx, new AcceptView(token, false, List.of(), refused, Pages.partnerName(review.partnerName(), review.partnerEmail(), review.partnerAccountNumber()),
                kind, review.requestedRoles().stream().map(r -> r.name() + ": " + r.description()).toList(), term,
                Views.time(review.invitationExpiresAt()), null, null, null));
    }

    /**
     * The page for a visitor who is not the invited account: who the invitation is for, and a
     * sign-in as that account (the demo's picker stands in for the host's login) that comes back
     * here. The library does not say whom an invitation is for (anyone holding the link would
     * learn it); the demo reads it from the mail in its mailbox that carried the link, as the
     * person who clicked it could. When no mail carried it, every customer is offered.
     */
    private AcceptView signIn(String token, String error, DemoUser signedIn) {
        Optional<String> invited = pages.backend().inbox().received().stream()
                .filter(m -> m.invitationToken().filter(t -> MessageDigest.isEqual(t.getBytes(StandardCharsets.UTF_8),
                        token.getBytes(StandardCharsets.UTF_8))).isPresent())
                .map(ReceivedMail::recipient).findFirst();
        List<DemoUser> offered = invited.flatMap(email -> customers().stream().filter(u -> u.name().equalsIgnoreCase(email)).findFirst())
                .map(List::of).orElseGet(InvitationPages::customers);
        String invitedAccount = invited.map(email -> offered.size() == 1 ? email + " (" + offered.get(0).tenant() + ")" : email)
                .orElse(null);
        return new AcceptView(token, true, offered, error, null, null, List.of(), null, null, null, invitedAccount,
                signedIn == null ? null : signedIn.name() + " (" + signedIn.tenant() + ")");
    }

    private void render(Context ctx, AcceptView view) {
        pages.render(ctx, "accept.jte", Map.of("chrome", pages.chrome(ctx, "Invitation"), "view", view));
    }

    void answer(Context ctx) {
        String token = Objects.requireNonNullElse(ctx.formParam("token"), "");
        Principal actor = pages.principal(ctx);
        InvitationReview review = pages.delegation().reviewInvitation(actor, token);
        String partner = Pages.partnerName(review.partnerName(), review.partnerEmail(), review.partnerAccountNumber());
        String confirmation;
        if ("decline".equals(ctx.formParam("answer"))) {
            pages.delegation().declineInvitation(actor, token);
            confirmation = "You declined: " + partner + " does not get access to your tenant.";
        } else {
            PartnerLink link = pages.delegation().acceptInvitation(actor, token);
            confirmation = "You accepted: " + partner + " now manages your tenant. Status: " + link.status().label() + ".";
        }
        pages.backend().dispatch();
        Pages.session(ctx).flash(Flash.notice(confirmation));
        ctx.redirect("/accept?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }
}
