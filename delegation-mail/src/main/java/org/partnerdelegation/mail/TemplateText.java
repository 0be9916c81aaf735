package org.partnerdelegation.mail;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.partnerdelegation.core.domain.DelegationException;

/**
 * One template string, parsed once into literal text, placeholders and sections. A <code>{{</code>
 * always opens a placeholder; there is no escape for a literal one.
 *
 * <p>A section shows its content only when a placeholder has a value ({@code {{#endsAt}}...{{/endsAt}})
 * or only when it has none ({@code {{^endsAt}}...{{/endsAt}}}); sections nest. A placeholder that
 * some notifications lack ({@link Placeholder#mayBeMissing()}) may be shown only inside a section
 * that guarantees it, so that no template fails on a notification that lacks it.
 */
final class TemplateText {

    private static final String OPEN = "{{";
    private static final String CLOSE = "}}";

    private sealed interface Part permits Literal, Value, Section {
    }

    private record Literal(String text) implements Part {
    }

    private record Value(Placeholder placeholder) implements Part {
    }

    /** Shown when the placeholder has a value, or, {@code inverted}, when it has none. */
    private record Section(Placeholder placeholder, boolean inverted, List<Part> parts) implements Part {
    }

    /** A section being parsed; the root has no placeholder. */
    private record Open(Placeholder placeholder, boolean inverted, List<Part> parts) {
    }

    private final List<Part> parts;
    private final Set<Placeholder> placeholders;
    private final Set<Placeholder> unconditional;

    private TemplateText(List<Part> parts, Set<Placeholder> placeholders, Set<Placeholder> unconditional) {
        this.parts = List.copyOf(parts);
        this.placeholders = Set.copyOf(placeholders);
        this.unconditional = Set.copyOf(unconditional);
    }

    /**
     * @param name which template this is, for the error message
     * @throws DelegationException {@code INVALID_INPUT} for an unknown or unclosed placeholder, a
     *                             section that is not closed in order, or a placeholder that may
     *                             be missing shown outside its section
     */
    static TemplateText parse(String template, String name) {
        Deque<Open> open = new ArrayDeque<>();
        open.push(new Open(null, false, new ArrayList<>()));
        Set<Placeholder> used = EnumSet.noneOf(Placeholder.class);
        Set<Placeholder> unconditional = EnumSet.noneOf(Placeholder.class);
        int at = 0;
        while (at < template.length()) {
            int start = template.indexOf(OPEN, at);
            if (start < 0) {
                open.peek().parts().add(new Literal(template.substring(at)));
                break;
            }
            if (start > at) {
                open.peek().parts().add(new Literal(template.substring(at, start)));
            }
            int end = template.indexOf(CLOSE, start + OPEN.length());
            if (end < 0) {
                throw DelegationException.invalidInput(name, "has a " + OPEN + " without a closing " + CLOSE);
            }
            String tag = template.substring(start + OPEN.length(), end);
            char kind = tag.isEmpty() ? ' ' : tag.charAt(0);
            if (kind == '#' || kind == '^') {
                Placeholder p = placeholder(tag.substring(1), tag, name);
                used.add(p);
                open.push(new Open(p, kind == '^', new ArrayList<>()));
            } else if (kind == '/') {
                Placeholder p = placeholder(tag.substring(1), tag, name);
                Open section = open.peek();
                if (section.placeholder() != p) {
                    throw DelegationException.invalidInput(name, "closes " + OPEN + "/" + p.templateName() + CLOSE
                            + (section.placeholder() == null ? " without opening it" : " while " + opening(section) + " is open"));
                }
                open.pop();
                open.peek().parts().add(new Section(p, section.inverted(), section.parts()));
            } else {
                Placeholder p = placeholder(tag, tag, name);
                if (p.mayBeMissing() && open.stream().noneMatch(s -> !s.inverted() && s.placeholder() != null
                        && s.placeholder().guarantees(p))) {
                    throw DelegationException.invalidInput(name, "shows " + p.marker() + " outside a " + OPEN + "#"
                            + p.templateName() + CLOSE + "..." + OPEN + "/" + p.templateName() + CLOSE
                            + " section; some notifications have no value for it");
                }
                used.add(p);
                if (open.size() == 1) {
                    unconditional.add(p);
                }
                open.peek().parts().add(new Value(p));
            }
            at = end + CLOSE.length();
        }
        if (open.size() > 1) {
            throw DelegationException.invalidInput(name, "never closes " + opening(open.peek()) + " with " + OPEN + "/"
                    + open.peek().placeholder().templateName() + CLOSE);
        }
        return new TemplateText(open.peek().parts(), used, unconditional);
    }

    private static String opening(Open section) {
        return OPEN + (section.inverted() ? "^" : "#") + section.placeholder().templateName() + CLOSE;
    }

    private static Placeholder placeholder(String placeholderName, String tag, String name) {
        return Placeholder.named(placeholderName).orElseThrow(() -> DelegationException.invalidInput(name,
                "has an unknown placeholder " + OPEN + abbreviate(tag) + CLOSE + "; known are " + Placeholder.allNames()
                        + ", each also as a section {{#name}}...{{/name}} or {{^name}}...{{/name}}"));
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /** {@return every placeholder used, shown or as a section} */
    Set<Placeholder> placeholders() {
        return placeholders;
    }

    /** {@return the placeholders shown outside any section: whatever the notification holds} */
    Set<Placeholder> unconditional() {
        return unconditional;
    }

    /**
     * Fills in the placeholders with the values as they are: the caller escapes them for HTML.
     * A placeholder missing from {@code values} has no value: its sections {@code {{#name}}} are
     * left out and its {@code {{^name}}} ones shown.
     */
    String render(Map<Placeholder, String> values) {
        StringBuilder out = new StringBuilder();
        render(parts, values, out);
        return out.toString();
    }

    private static void render(List<Part> parts, Map<Placeholder, String> values, StringBuilder out) {
        for (Part part : parts) {
            if (part instanceof Literal l) {
                out.append(l.text());
            } else if (part instanceof Value v) {
                String value = values.get(v.placeholder());
                if (value == null) {
                    // parse() refuses a placeholder that may be missing outside its section; so this is a bug.
                    throw new IllegalStateException("no value for " + v.placeholder().templateName());
                }
                out.append(value);
            } else if (part instanceof Section s && values.containsKey(s.placeholder()) != s.inverted()) {
                render(s.parts(), values, out);
            }
        }
    }
}
