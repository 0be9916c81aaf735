package org.partnerdelegation.examples.web;

import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.ErrorCode;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.usecase.InvitationReview;
import org.partnerdelegation.core.usecase.PartnerLink;
import org.partnerdelegation.examples.web.Views.AcceptView;

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
        renderAccept(ctx, token, null);
    }

    private void renderAccept(Context ctx, String token, String confirmation) {
        String title = "Invitation";
        if (confirmation != null) {
            pages.render(ctx, "accept.jte", Map.of("chrome", pages.chrome(ctx, title), "view",
                    new AcceptView(token, false, List.of(), null, null, null, List.of(), null, null, confirmation)));
            return;
        }
        boolean signedIn = Pages.session(ctx).user().isPresent() || DelegatedRequests.session(ctx).isPresent();
        if (!signedIn) {
            pages.render(ctx, "accept.jte", Map.of("chrome", pages.chrome(ctx, title), "view",
                    new AcceptView(token, true, customers(), null, null, null, List.of(), null, null, null)));
            return;
        }
        Principal actor = pages.principal(ctx);
        InvitationReview review;
        try {
            review = pages.delegation().reviewInvitation(actor, token);
        } catch (DelegationException e) {
            if (e.code() == ErrorCode.DELEGATED_SESSION_NOT_ALLOWED) {
                throw e;
            }
            ctx.status(Messages.status(e));
            boolean otherAccount = e.code() == ErrorCode.INVITATION_FOR_ANOTHER_ACCOUNT || e.code() == ErrorCode.ADMINISTRATOR_REQUIRED;
            pages.render(ctx, "accept.jte", Map.of("chrome", pages.chrome(ctx, title), "view",
                    new AcceptView(token, otherAccount, otherAccount ? customers() : List.of(), Messages.words(e), null, null,
                            List.of(), null, null, null)));
            return;
        }
        String term = review.requestedTerm()
                .map(d -> d.toDays() + " days after you accept (about " + Views.time(pages.delegation().clock().instant().plus(d)) + ")")
                .orElse(review.kind() == InvitationReview.Kind.CHANGE_OF_GRANT
                        ? Views.time(review.currentEndsAt(), "No end date") : "No end date");
        String kind = review.kind() == InvitationReview.Kind.NEW_DELEGATION ? "to manage your tenant"
                : "to change its access to your tenant";
        pages.render(ctx, "accept.jte", Map.of("chrome", pages.chrome(ctx, title), "view",
                new AcceptView(token, false, List.of(), null,
                        Pages.partnerName(review.partnerName(), review.partnerEmail(), review.partnerAccountNumber()), kind,
                        review.requestedRoles().stream().map(r -> r.name() + ": " + r.description()).toList(), term,
                        Views.time(review.invitationExpiresAt()), null)));
    }

    void answer(Context ctx) {
        String token = Objects.requireNonNullElse(ctx.formParam("token"), "");
        Principal actor = pages.principal(ctx);
        String confirmation;
        try {
            InvitationReview review = pages.delegation().reviewInvitation(actor, token);
            String partner = Pages.partnerName(review.partnerName(), review.partnerEmail(), review.partnerAccountNumber());
            if ("decline".equals(ctx.formParam("answer"))) {
                pages.delegation().declineInvitation(actor, token);
                confirmation = "You declined: " + partner + " does not get access to your tenant.";
            } else {
                PartnerLink link = pages.delegation().acceptInvitation(actor, token);
                confirmation = "You accepted: " + partner + " now manages your tenant. Status: " + link.status().label() + ".";
            }
        } catch (DelegationException e) {
            if (e.code() == ErrorCode.DELEGATED_SESSION_NOT_ALLOWED) {
                throw e;
            }
            ctx.status(Messages.status(e));
            pages.render(ctx, "accept.jte", Map.of("chrome", pages.chrome(ctx, "Invitation"), "view",
                    new AcceptView(token, false, List.of(), Messages.words(e), null, null, List.of(), null, null, null)));
            return;
        }
        pages.backend().dispatch();
        renderAccept(ctx, token, confirmation);
    }
}
