package org.partnerdelegation.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sections of {@code docs/BENCHMARKS.md} that other measurements than {@link BenchmarkReport}
 * write (the session cache, sustained load, data at scale): each lies between
 * {@code <!-- section:NAME:begin -->} and {@code <!-- section:NAME:end -->}, is replaced whole by the
 * tool that measures it, and is kept as it is when the JMH report rewrites the rest of the file.
 */
public final class ReportSections {

    private static final Pattern SECTION = Pattern.compile(
            "<!-- section:([a-z0-9-]+):begin -->\\n.*?<!-- section:\\1:end -->\\n?", Pattern.DOTALL);

    private ReportSections() {
    }

    /**
     * Writes one section into the report: replaces the section of that name where the file has it,
     * appends it at the end otherwise, and creates the file when it is missing.
     *
     * @param report   the report, e.g. {@code docs/BENCHMARKS.md}
     * @param name     the section's name: lower-case letters, digits and dashes
     * @param markdown the section's text, its heading included
     * @throws IOException when the file cannot be read or written
     */
    public static void write(Path report, String name, String markdown) throws IOException {
        if (!name.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("a section name is lower-case letters, digits and dashes, got " + name);
        }
        String block = "<!-- section:" + name + ":begin -->\n" + markdown.strip() + "\n<!-- section:" + name + ":end -->\n";
        String text = Files.exists(report) ? Files.readString(report) : "";
        Matcher m = Pattern.compile("<!-- section:" + Pattern.quote(name) + ":begin -->\\n.*?<!-- section:"
                + Pattern.quote(name) + ":end -->\\n?", Pattern.DOTALL).matcher(text);
        String updated;
        if (m.find()) {
            updated = text.substring(0, m.start()) + block + text.substring(m.end());
        } else {
            updated = text + (text.isEmpty() || text.endsWith("\n\n") ? "" : text.endsWith("\n") ? "\n" : "\n\n") + block;
        }
        if (report.getParent() != null) {
            Files.createDirectories(report.getParent());
        }
        Files.writeString(report, updated);
    }

    /**
     * The sections a report holds, each with its markers, in their order: what a rewrite of the
     * rest of the file carries over.
     *
     * @param report the report; a missing file holds none
     * @return the sections' text, markers included
     * @throws IOException when the file cannot be read
     */
    public static List<String> sectionsOf(Path report) throws IOException {
        List<String> found = new ArrayList<>();
        if (!Files.exists(report)) {
            return found;
        }
        Matcher m = SECTION.matcher(Files.readString(report));
        while (m.find()) {
            String s = m.group();
            found.add(s.endsWith("\n") ? s : s + "\n");
        }
        return found;
    }
}
