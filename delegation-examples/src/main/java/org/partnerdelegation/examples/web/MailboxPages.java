package org.partnerdelegation.examples.web;

import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import org.partnerdelegation.examples.web.Views.MailLine;
import org.partnerdelegation.examples.web.Views.MailView;

/**
 * The demo mailbox: the mail the in-process SMTP server captured, newest first, each openable,
 * with its HTML part shown in a sandboxed frame.
 */
final class MailboxPages {

    private final Pages pages;

    MailboxPages(Pages pages) {
        this.pages = pages;
    }

    void mailbox(Context ctx) {
        List<MailLine> lines = MailReader.newestFirst(pages.backend().wiring().smtpServer()).stream()
                .map(m -> new MailLine(m.number(), m.to(), m.subject(), Views.time(m.received()))).toList();
        pages.render(ctx, "mailbox.jte", Map.of("chrome", pages.chrome(ctx, "Demo mailbox"), "mails", lines));
    }

    void mail(Context ctx) {
        MailReader.Mail mail = mailOf(ctx);
        // The HTML part is served by mailHtml, framed in a sandbox (no scripts, no same origin).
        String document = mail.html().isPresent() ? "/mailbox/" + mail.number() + "/html" : null;
        pages.render(ctx, "mail.jte", Map.of("chrome", pages.chrome(ctx, mail.subject()), "mail",
                new MailView(mail.number(), mail.from(), mail.to(), mail.subject(), Views.time(mail.received()), document,
                        mail.text(), null)));
    }

    /**
     * The mail's HTML part alone, for the sandboxed frame of the mail page: the CSP sandbox keeps
     * scripts, forms and the demo's cookies' origin out of it; its links open in the demo's window.
     */
    void mailHtml(Context ctx) {
        MailReader.Mail mail = mailOf(ctx);
        ctx.header("X-Frame-Options", "SAMEORIGIN");
        ctx.header("Content-Security-Policy", "sandbox allow-top-navigation-by-user-activation; default-src 'none';"
                + " style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'");
        ctx.html("<base target=\"_top\">" + mail.html().orElse(""));
    }

    /** The mail the path's {@code {number}} names. */
    private MailReader.Mail mailOf(Context ctx) {
        int number;
        try {
            number = Integer.parseInt(ctx.pathParam("number"));
        } catch (NumberFormatException e) {
            number = -1;
        }
        return MailReader.find(pages.backend().wiring().smtpServer(), number)
                .orElseThrow(() -> new Refusal(404, "Not found", "There is no such mail."));
    }
}
