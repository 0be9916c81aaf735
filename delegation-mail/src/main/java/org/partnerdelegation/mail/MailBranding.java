package org.partnerdelegation.mail;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.domain.SecretToken;

/**
 * What the host's mails say about the host: its product name, who sends them, where the
 * invitation's Accept and Login link, and the change request's Approve or decline link, point, and
 * where the customer sees its partner's access (linked from the login notices and digests).
 *
 * <pre>{@code
 * MailBranding branding = new MailBranding("Acme Cloud",
 *         EmailAddress.of("no-reply@acme.example"), "Acme Cloud",
 *         "https://app.acme.example/delegation/accept?token=");
 * }</pre>
 *
 * <p>The link is {@code acceptUrlBase} followed by the URL-encoded invitation token, so the base
 * ends where the token goes: after {@code ?token=}, {@code &invitation=} or a path's last
 * {@code /}. The page it opens is the host's: it has the customer's administrator log in, shows
 * who invites them and the roles and period asked for ({@code PartnerDelegation.reviewInvitation}),
 * and calls {@code PartnerDelegation.acceptInvitation} (or {@code declineInvitation}) with the token.
 * A change request's token goes to the same page and the same calls: they approve or decline the
 * change.
 *
 * <p>Immutable and thread-safe. Every component is required; a bad one is refused with a
 * {@link DelegationException} of code {@code INVALID_INPUT} naming it.
 *
 * @param productName   the host product's name, as the {@code {{productName}}} placeholder
 *                      shows it; one line, at most 100 characters
 * @param sender        the From address
 * @param senderName    the From display name; one line, at most 100 characters
 * @param acceptUrlBase an absolute {@code https} (or {@code http}, for development) URL the
 *                      token is appended to; without spaces, quotes or angle brackets, at most
 *                      1000 characters
 * @param partnerAccessUrl where the customer's administrator sees and ends its partner's access
 *                      (the host's page over {@code PartnerDelegation.currentPartner},
 *                      {@code delegatedSessions} and {@code auditTrailOfTenant}), linked from the
 *                      login notice and the login digest; an absolute {@code https} (or {@code http})
 *                      URL as {@code acceptUrlBase}, used as it is. Empty: the mails name the page
 *                      without a link.
 */
public record MailBranding(String productName, EmailAddress sender, String senderName, String acceptUrlBase,
                           Optional<String> partnerAccessUrl) {

    private static final int MAX_NAME_LENGTH = 100;
    private static final int MAX_URL_LENGTH = 1000;

    /**
     * Validates the branding.
     *
     * @param productName   the host product's name; one line, 1 to 100 characters
     * @param sender        the From address
     * @param senderName    the From display name; one line, 1 to 100 characters
     * @param acceptUrlBase an absolute {@code https} or {@code http} URL with a host and no fragment, at most 1000
     *                      characters, that the token is appended to
     * @param partnerAccessUrl the customer's page of its partner's access, if the host has one: an absolute
     *                      {@code https} or {@code http} URL with a host, at most 1000 characters
     * @throws DelegationException {@code INVALID_INPUT} naming the first component that is missing or refused
     */
    public MailBranding {
        requireName(productName, "productName");
        DelegationException.requireArgument(sender, "sender");
        requireName(senderName, "senderName");
        requireUrlBase(acceptUrlBase);
        DelegationException.requireArgument(partnerAccessUrl, "partnerAccessUrl");
        partnerAccessUrl.ifPresent(url -> requireUrl(url, "partnerAccessUrl", true));
    }

    /**
     * A branding without a link to the customer's page of its partner's access.
     *
     * @param productName   the host product's name; one line, 1 to 100 characters
     * @param sender        the From address
     * @param senderName    the From display name; one line, 1 to 100 characters
     * @param acceptUrlBase an absolute {@code https} or {@code http} URL with a host and no fragment, at most 1000
     *                      characters, that the token is appended to
     * @throws DelegationException {@code INVALID_INPUT} naming the first component that is missing or refused
     */
    public MailBranding(String productName, EmailAddress sender, String senderName, String acceptUrlBase) {
        this(productName, sender, senderName, acceptUrlBase, Optional.empty());
    }

    /**
     * A copy whose login notices and digests link to the customer's page of its partner's access.
     *
     * @param url an absolute {@code https} (or {@code http}) URL with a host, at most 1000 characters, such as
     *            {@code https://app.acme.example/settings/partner-access}
     * @return the changed copy
     * @throws DelegationException {@code INVALID_INPUT} when the URL is missing or refused
     */
    public MailBranding withPartnerAccessUrl(String url) {
        DelegationException.requireArgument(url, "partnerAccessUrl");
        return new MailBranding(productName, sender, senderName, acceptUrlBase, Optional.of(url));
    }

    private static void requireName(String value, String name) {
        DelegationException.requireArgument(value, name);
        if (value.isBlank() || value.length() > MAX_NAME_LENGTH) {
            throw DelegationException.invalidInput(name, "must have 1 to " + MAX_NAME_LENGTH + " characters");
        }
        MailText.requireHeaderSafe(value, name);
    }

    private static void requireUrlBase(String base) {
        DelegationException.requireArgument(base, "acceptUrlBase");
        requireUrl(base, "acceptUrlBase", false);
    }

    private static void requireUrl(String base, String name, boolean fragmentAllowed) {
        if (base.length() > MAX_URL_LENGTH) {
            throw DelegationException.invalidInput(name, "must have at most " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            // Parsing refuses spaces, quotes, angle brackets and control characters.
            uri = new URI(base);
        } catch (URISyntaxException e) {
            throw DelegationException.invalidInput(name, "is not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            throw DelegationException.invalidInput(name, fragmentAllowed
                    ? "must be an absolute https:// (or http://) URL with a host, such as https://app.example.com/settings/partner-access"
                    : "must be an absolute https:// (or http://) URL with a host, such as https://app.example.com/delegation/accept?token=");
        }
        if (!fragmentAllowed && uri.getRawFragment() != null) {
            throw DelegationException.invalidInput(name, "must not have a #fragment: the token is appended at its end");
        }
    }

    /**
     * The link for an invitation or a change request: the base followed by the URL-encoded token.
     * The link carries the secret: put it in the mail body only, never in a log.
     *
     * @param token the invitation's token
     * @return {@link #acceptUrlBase()} followed by the URL-encoded token
     * @throws DelegationException {@code INVALID_INPUT} when {@code token} is null
     */
    public String acceptUrl(SecretToken token) {
        DelegationException.requireArgument(token, "token");
        return acceptUrlBase + URLEncoder.encode(token.reveal(), StandardCharsets.UTF_8);
    }
}
