package org.partnerdelegation.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every Java block of the documentation (README.md and each Markdown page under docs/, the guide's
 * included) is a region of a source file the build compiles and runs as a test (under one of the
 * {@link #SNIPPET_DIRECTORIES}), and says so with a
 * marker on the line before the block:
 * {@code <!-- snippet: delegation-examples/src/test/java/.../EmbeddingTheCoreTest.java#embedding -->}.
 * The region is every run of lines between {@code // tag::embedding[]} and
 * {@code // end::embedding[]} in that file, each run without its common indentation, runs joined by
 * one blank line. A block without a marker, or that differs from its region by one character,
 * fails the build, and so does a region shown on no page: the documentation cannot drift from code
 * that compiles and runs.
 */
class DocumentationSnippetsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /**
     * Where the snippet sources live, relative to the repository root: this module's, the Spring Boot
     * auto-configuration's and the Spring Boot sample's (their snippets need Spring, which this module
     * does not have).
     */
    static final List<String> SNIPPET_DIRECTORIES = List.of("delegation-examples/src/test/java/org/partnerdelegation/examples/readme",
            "delegation-spring-boot-autoconfigure/src/test/java/org/partnerdelegation/spring/boot/readme",
            "delegation-examples-spring-boot/src/test/java/org/partnerdelegation/examples/springboot/readme");
    private static final Pattern MARKER = Pattern.compile("<!-- snippet: (\\S+)#(\\S+) -->");
    private static final Pattern TAG = Pattern.compile("^\\s*// (tag|end)::([\\w-]+)\\[]\\s*$");

    /** One Java block of a Markdown page: the page (relative to the repository root), its line, marker and text. */
    record Block(String page, int line, String marker, String text) {
    }

    @TestFactory
    Stream<DynamicTest> everyJavaBlockOfTheDocumentationIsItsSourceRegionVerbatim() {
        List<Block> blocks = documentationPages().stream().flatMap(page -> javaBlocks(page).stream()).toList();
        assertThat(blocks).as("the Java blocks of README.md and docs/").isNotEmpty();
        assertThat(blocks).as("the README's Java blocks").anyMatch(block -> block.page().equals("README.md"));
        assertThat(blocks).as("the guide's Java blocks").anyMatch(block -> block.page().startsWith("docs/guide/"));
        return blocks.stream().map(block -> dynamicTest(block.page() + " line " + block.line() + ": " + block.marker(), () -> {
            assertThat(block.marker()).as("the Java block at %s line %d has no '<!-- snippet: file#tag -->' marker above it",
                    block.page(), block.line()).isNotEmpty();
            Matcher m = MARKER.matcher(block.marker());
            assertThat(m.matches()).isTrue();
            Path source = ROOT.resolve(m.group(1));
            assertThat(source).as("the snippet's source").isRegularFile();
            String region = region(source, m.group(2));
            assertThat(block.text()).as("%s line %d against %s#%s (edit the source, then copy its region into the page)",
                    block.page(), block.line(), m.group(1), m.group(2)).isEqualTo(region);
        }));
    }

    @Test
    void everyRegionOfTheSnippetSourcesIsShownOnSomePage() throws IOException {
        List<String> shown = documentationPages().stream().flatMap(page -> javaBlocks(page).stream()).map(Block::marker).toList();
        List<String> regions = new ArrayList<>();
        for (String dir : SNIPPET_DIRECTORIES) {
            try (Stream<Path> files = Files.list(ROOT.resolve(dir))) {
                for (Path file : files.sorted().toList()) {
                    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                        Matcher tag = TAG.matcher(line);
                        String marker = "<!-- snippet: " + dir + "/" + file.getFileName() + "#" + (tag.matches() ? tag.group(2) : "") + " -->";
                        if (tag.matches() && tag.group(1).equals("tag") && !regions.contains(marker)) {
                            regions.add(marker);
                        }
                    }
                }
            }
        }

        assertThat(regions).isNotEmpty();
        assertThat(shown).as("regions tagged for the documentation but shown on no page of README.md or docs/").containsAll(regions);
    }

    @Test
    void aRegionIsItsTaggedRunsWithoutTheirIndentationJoinedByABlankLine(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path file = dir.resolve("Sample.java");
        Files.writeString(file, String.join("\n", "// tag::x[]", "import a.B;", "// end::x[]", "class Sample {",
                "    void m() {", "        // tag::x[]", "        B b = new B();", "          b.go();", "        // end::x[]", "    }", "}"));

        assertThat(region(file, "x")).isEqualTo("import a.B;\n\nB b = new B();\n  b.go();");
    }

    @Test
    void theDocumentationIsTheReadmeAndEveryMarkdownPageUnderDocs() {
        List<String> pages = documentationPages().stream().map(DocumentationSnippetsTest::relative).toList();

        assertThat(pages).contains("README.md", "docs/SECURITY.md", "docs/guide/embedding.md", "docs/guide/storage.md");
        assertThat(pages).allMatch(page -> page.equals("README.md") || page.startsWith("docs/") && page.endsWith(".md"));
    }

    @Test
    void aJavaBlockKnowsItsPageAndLine(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path page = dir.resolve("page.md");
        Files.writeString(page, String.join("\n", "# Title", "", "<!-- snippet: a/B.java#x -->", "```java", "int i;", "```",
                "", "```java", "int j;", "```"));

        assertThat(javaBlocks(page)).extracting(Block::line, Block::marker, Block::text).containsExactly(
                org.assertj.core.groups.Tuple.tuple(4, "<!-- snippet: a/B.java#x -->", "int i;"),
                org.assertj.core.groups.Tuple.tuple(8, "", "int j;"));
    }

    /** README.md and every Markdown page under docs/ (the guide's included), in path order. */
    static List<Path> documentationPages() {
        List<Path> pages = new ArrayList<>();
        pages.add(ROOT.resolve("README.md"));
        try (Stream<Path> files = Files.walk(ROOT.resolve("docs"))) {
            files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(".md")).sorted().forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pages;
    }

    /** The path of a file relative to the repository root, with forward slashes. */
    static String relative(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return (absolute.startsWith(ROOT) ? ROOT.relativize(absolute) : absolute).toString().replace('\\', '/');
    }

    /** The Java blocks of a Markdown file, each with the marker on the line before it (or "" when there is none). */
    static List<Block> javaBlocks(Path markdown) {
        List<String> lines = read(markdown);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().equals("```java")) {
                continue;
            }
            String before = i > 0 ? lines.get(i - 1).strip() : "";
            String marker = MARKER.matcher(before).matches() ? before : "";
            int start = i + 1;
            int end = start;
            while (end < lines.size() && !lines.get(end).strip().equals("```")) {
                end++;
            }
            blocks.add(new Block(relative(markdown), i + 1, marker, String.join("\n", lines.subList(start, end))));
            i = end;
        }
        return blocks;
    }

    /** Every run of lines tagged {@code tag} in the file, each without its common indentation, joined by a blank line. */
    static String region(Path source, String tag) {
        List<String> lines = read(source);
        List<String> runs = new ArrayList<>();
        List<String> run = null;
        for (String line : lines) {
            Matcher m = TAG.matcher(line);
            if (m.matches() && m.group(2).equals(tag)) {
                if (m.group(1).equals("tag")) {
                    run = new ArrayList<>();
                } else if (run != null) {
                    runs.add(dedent(run));
                    run = null;
                }
            } else if (run != null && !(m.matches())) {
                run.add(line);
            }
        }
        assertThat(runs).as("regions tagged %s in %s", tag, source).isNotEmpty();
        return String.join("\n\n", runs);
    }

    private static String dedent(List<String> run) {
        int indent = run.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return String.join("\n", run.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList());
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
