package org.partnerdelegation.core.usecase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.RoleKey;

/**
 * Writes audit events as JSON Lines (one JSON object per line, UTF-16 text the caller encodes,
 * normally as UTF-8), for export to a SIEM or an archive. Each object has the keys
 * {@code id, type, occurredAt, delegationId, targetTenant, actorTenant, actorUser, fromStatus,
 * toStatus, roles, endsAt, reason, authenticationMethods}; an absent value is {@code null},
 * {@code roles} and {@code authenticationMethods} are arrays (OpenID Connect's {@code amr} values),
 * instants are ISO-8601 in UTC. Stateless and thread-safe.
 *
 * <pre>{@code
 * try (Writer out = Files.newBufferedWriter(Path.of("audit.jsonl"))) {
 *     delegation.exportAuditTrail(operator, tenantId, AuditRange.between(from, to), out);
 * }
 * }</pre>
 */
public final class AuditJsonLines {

    private AuditJsonLines() {
    }

    /**
     * One event as one line of JSON, with its line feed.
     *
     * @param event the event
     * @return the JSON object followed by {@code \n}
     */
    public static String line(AuditEvent event) {
        StringBuilder json = new StringBuilder(256);
        json.append('{');
        field(json, "id", Optional.of(event.id().toString()));
        json.append(',');
        field(json, "type", Optional.of(event.type().name()));
        json.append(',');
        field(json, "occurredAt", Optional.of(event.occurredAt().toString()));
        json.append(',');
        field(json, "delegationId", event.delegationId().map(Object::toString));
        json.append(',');
        field(json, "targetTenant", Optional.of(event.targetTenant().toString()));
        json.append(',');
        field(json, "actorTenant", Optional.of(event.actorTenant().toString()));
        json.append(',');
        field(json, "actorUser", Optional.of(event.actorUser().toString()));
        json.append(',');
        field(json, "fromStatus", event.fromStatus().map(Enum::name));
        json.append(',');
        field(json, "toStatus", event.toStatus().map(Enum::name));
        json.append(",\"roles\":");
        array(json, event.roles().stream().map(RoleKey::value).toList());
        json.append(',');
        field(json, "endsAt", event.endsAt().map(Object::toString));
        json.append(',');
        field(json, "reason", event.reason());
        json.append(",\"authenticationMethods\":");
        array(json, List.copyOf(event.authenticationMethods()));
        return json.append("}\n").toString();
    }

    private static void array(StringBuilder json, List<String> values) {
        json.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            string(json, values.get(i));
        }
        json.append(']');
    }

    /**
     * Writes the events, one line each.
     *
     * @param events the events, in the order to write them
     * @param out    where to write
     * @return how many were written
     * @throws UncheckedIOException when {@code out} fails
     */
    public static int write(Iterable<AuditEvent> events, Appendable out) {
        int written = 0;
        try {
            for (AuditEvent event : events) {
                out.append(line(event));
                written++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Writing the audit export failed", e);
        }
        return written;
    }

    private static void field(StringBuilder json, String name, Optional<String> value) {
        string(json, name);
        json.append(':');
        if (value.isPresent()) {
            string(json, value.get());
        } else {
            json.append("null");
        }
    }

    /** RFC 8259 string escaping; every control character is escaped, so a value never breaks a line. */
    private static void string(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
