package org.partnerdelegation.mail;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.partnerdelegation.core.domain.DelegationException;

/**
 * One template string, parsed once into literal text and placeholders. A <code>{{</code> always
 * opens a placeholder; there is no escape for a literal one.
 */
final class TemplateText {

    private static final String OPEN = "{{";
    private static final String CLOSE = "}}";

    /** Each element is a literal {@link String} or a {@link Placeholder}. */
    private final List<Object> parts;
    private final Set<Placeholder> placeholders;

    private TemplateText(List<Object> parts, Set<Placeholder> placeholders) {
        this.parts = List.copyOf(parts);
        this.placeholders = Set.copyOf(placeholders);
    }

    /**
     * @param name which template this is, for the error message
     * @throws DelegationException {@code INVALID_INPUT} for an unknown or unclosed placeholder
     */
    static TemplateText parse(String template, String name) {
        List<Object> parts = new ArrayList<>();
        Set<Placeholder> used = EnumSet.noneOf(Placeholder.class);
        int at = 0;
        while (at < template.length()) {
            int open = template.indexOf(OPEN, at);
            if (open < 0) {
                parts.add(template.substring(at));
                break;
            }
            if (open > at) {
                parts.add(template.substring(at, open));
            }
            int close = template.indexOf(CLOSE, open + OPEN.length());
            if (close < 0) {
                throw DelegationException.invalidInput(name, "has a " + OPEN + " without a closing " + CLOSE);
            }
            String placeholderName = template.substring(open + OPEN.length(), close);
            Placeholder p = Placeholder.named(placeholderName).orElseThrow(() -> DelegationException.invalidInput(name,
                    "has an unknown placeholder " + OPEN + abbreviate(placeholderName) + CLOSE + "; known are " + Placeholder.allNames()));
            parts.add(p);
            used.add(p);
            at = close + CLOSE.length();
        }
        return new TemplateText(parts, used);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    Set<Placeholder> placeholders() {
        return placeholders;
    }

    /**
     * Fills in the placeholders; in HTML the values are escaped, so that a value cannot add
     * markup, while the template's own markup stays as written.
     */
    String render(Map<Placeholder, String> values, boolean html) {
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof Placeholder p) {
                String value = values.get(p);
                if (value == null) {
                    throw new IllegalStateException("no value for " + p.templateName());
                }
                out.append(html ? MailText.escapeHtml(value) : value);
            } else {
                out.append((String) part);
            }
        }
        return out.toString();
    }
}
