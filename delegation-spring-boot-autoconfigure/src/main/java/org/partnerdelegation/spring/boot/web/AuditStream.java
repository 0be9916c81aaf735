package org.partnerdelegation.spring.boot.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.TenantId;
import org.partnerdelegation.core.usecase.AuditRange;
import org.partnerdelegation.core.usecase.PartnerDelegation;

/**
 * Streams an audit export as JSON Lines straight into the response. The response is opened on the
 * first line only: a refusal (permission, bad range) comes before any line, so it can still be
 * answered as a problem instead of a half-written 200.
 */
final class AuditStream {

    /** The media type of JSON Lines. */
    static final String JSON_LINES = "application/jsonl";

    private AuditStream() {
    }

    static void export(PartnerDelegation delegation, Principal actor, TenantId tenant, String from, String to,
                       HttpServletResponse response) throws IOException {
        Instant start = Inputs.requiredInstant(from, "from");
        Optional<Instant> end = Inputs.instant(to, "to");
        // The range's end is exclusive: "up to now" must still hold an event of this very microsecond.
        AuditRange range = AuditRange.between(start, end.orElseGet(() -> delegation.clock().instant().plusMillis(1)));
        Lazy out = new Lazy(response);
        delegation.exportAuditTrail(actor, tenant, range, out);
        out.writer().flush();
    }

    private static final class Lazy implements Appendable {

        private final HttpServletResponse response;
        private Writer writer;

        Lazy(HttpServletResponse response) {
            this.response = response;
        }

        Writer writer() {
            if (writer == null) {
                response.setContentType(JSON_LINES);
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                response.setHeader("Cache-Control", "no-store");
                try {
                    writer = response.getWriter();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return writer;
        }

        @Override
        public Appendable append(CharSequence text) throws IOException {
            writer().append(text);
            return this;
        }

        @Override
        public Appendable append(CharSequence text, int start, int end) throws IOException {
            writer().append(text, start, end);
            return this;
        }

        @Override
        public Appendable append(char c) throws IOException {
            writer().append(c);
            return this;
        }
    }
}
