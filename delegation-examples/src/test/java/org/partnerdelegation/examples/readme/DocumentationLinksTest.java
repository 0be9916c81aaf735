package org.partnerdelegation.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every relative link of the documentation (README.md, CHANGELOG.md and each Markdown page under
 * docs/) names a file of this repository that exists, and every {@code #anchor}, on the same page or
 * another, names a heading of that page under GitHub's rule: the heading's text in lower case,
 * spaces to '-', every character other than a letter, a digit, '-' and '_' dropped, and a heading
 * repeated on a page suffixed {@code -1}, {@code -2}. The documentation points only into the
 * repository: a link that leaves it (to a sibling checkout, say) breaks for every reader but its
 * writer. Links in code (fenced blocks and inline spans) are text, not links, and are not checked.
 */
class DocumentationLinksTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~).*$");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)(\\s+#+)?\\s*$");
    /** An inline link or image: [text](target) or [text](target "title"); the text holds no ']'. */
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*]\\(\\s*<?([^)\\s>]+)>?(\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern INLINE_CODE = Pattern.compile("(`+)[^`].*?\\1");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    @Test
    void everyRelativeLinkOfTheDocumentationNamesAFileAndHeadingThatExist() {
        List<Path> pages = new ArrayList<>(DocumentationSnippetsTest.documentationPages());
        pages.add(ROOT.resolve("CHANGELOG.md"));

        assertThat(links(pages)).as("the links of README.md and docs/").hasSizeGreaterThan(30);
        assertThat(brokenLinks(ROOT, pages)).as("links of README.md, CHANGELOG.md and docs/ that lead nowhere").isEmpty();
    }

    @Test
    void theReadmeLinksEveryPageOfTheGuide() throws IOException {
        Set<String> linked = new LinkedHashSet<>();
        for (Link link : links(List.of(ROOT.resolve("README.md")))) {
            linked.add(link.target().replaceFirst("#.*", ""));
        }
        List<String> guide;
        try (var files = Files.list(ROOT.resolve("docs/guide"))) {
            guide = files.map(f -> "docs/guide/" + f.getFileName()).filter(f -> f.endsWith(".md")).sorted().toList();
        }

        assertThat(guide).isNotEmpty();
        assertThat(linked).as("the README's Guide list").containsAll(guide)
                .contains("docs/DESIGN.md", "docs/SECURITY.md", "docs/BENCHMARKS.md", "CHANGELOG.md");
    }

    @Test
    void anAnchorIsTheHeadingInLowerCaseWithSpacesAsDashesAndPunctuationDropped() {
        assertThat(anchor("Principals: who is acting")).isEqualTo("principals-who-is-acting");
        assertThat(anchor("Roles, end dates and renewal (least privilege)")).isEqualTo("roles-end-dates-and-renewal-least-privilege");
        assertThat(anchor("Storage (delegation-jdbi)")).isEqualTo("storage-delegation-jdbi");
        assertThat(anchor("`V4__email_canonical_form.sql` and **more**")).isEqualTo("v4__email_canonical_formsql-and-more");
        assertThat(anchor("A [linked](other.md#x) heading")).isEqualTo("a-linked-heading");
        assertThat(anchor("Ünïcode stays, ±dropped")).isEqualTo("ünïcode-stays-dropped");
    }

    @Test
    void aHeadingRepeatedOnAPageGetsANumberedAnchor(@TempDir Path dir) throws IOException {
        Path page = write(dir, "page.md", "# Notes", "## Notes", "## Notes", "```sh", "# not a heading", "```");

        assertThat(anchors(page)).containsExactly("notes", "notes-1", "notes-2");
    }

    @Test
    void aMissingFileAMissingAnchorAndALinkOutOfTheRepositoryAreEachReported(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("repo/docs/guide"));
        Path root = dir.resolve("repo");
        Path readme = write(root, "README.md", "# Front", "## Guide", "[ok](docs/guide/a.md#a-page) [ok](#guide) [ok](https://example.com/x)",
                "[gone](docs/guide/b.md)", "[no heading](docs/guide/a.md#nowhere)", "[no heading here](#nowhere)",
                "[outside](../shared/DESIGN.md)", "`[in code](missing.md)`", "```", "[in a block](missing.md)", "```");
        Path page = write(root.resolve("docs/guide"), "a.md", "# A page", "[back](../../README.md#front) [up](../../README.md#guide)",
                "![picture](../../missing.png)");

        assertThat(brokenLinks(root, List.of(readme, page))).containsExactly(
                "README.md line 4: docs/guide/b.md (no such file)",
                "README.md line 5: docs/guide/a.md#nowhere (docs/guide/a.md has no heading with the anchor 'nowhere')",
                "README.md line 6: #nowhere (README.md has no heading with the anchor 'nowhere')",
                "README.md line 7: ../shared/DESIGN.md (points outside the repository)",
                "docs/guide/a.md line 3: ../../missing.png (no such file)");
    }

    /** One link: the page it is on (relative to the root), its line and its target as written. */
    record Link(Path page, int line, String target) {
    }

    /** Each link of the pages that leads nowhere, as "page line n: target (why)". */
    static List<String> brokenLinks(Path root, List<Path> pages) {
        Map<Path, Set<String>> anchorsByPage = new HashMap<>();
        List<String> broken = new ArrayList<>();
        for (Link link : links(pages)) {
            String target = link.target();
            int hash = target.indexOf('#');
            String file = hash < 0 ? target : target.substring(0, hash);
            String anchor = hash < 0 ? null : target.substring(hash + 1);
            Path page = link.page().toAbsolutePath().normalize();
            Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
            String where = relative(root, page) + " line " + link.line() + ": " + target;
            if (!resolved.startsWith(root.toAbsolutePath().normalize())) {
                broken.add(where + " (points outside the repository)");
            } else if (!Files.exists(resolved)) {
                broken.add(where + " (no such file)");
            } else if (anchor != null && resolved.getFileName().toString().endsWith(".md")
                    && !anchorsByPage.computeIfAbsent(resolved, DocumentationLinksTest::anchors).contains(anchor)) {
                broken.add(where + " (" + relative(root, resolved) + " has no heading with the anchor '" + anchor + "')");
            }
        }
        return broken;
    }

    /** The relative links of the pages (no scheme such as https: or mailto:), outside code, in order. */
    static List<Link> links(List<Path> pages) {
        List<Link> links = new ArrayList<>();
        for (Path page : pages) {
            List<String> lines = outsideCode(page);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = LINK.matcher(INLINE_CODE.matcher(lines.get(i)).replaceAll(""));
                while (m.find()) {
                    if (!SCHEME.matcher(m.group(1)).find()) {
                        links.add(new Link(page, i + 1, m.group(1)));
                    }
                }
            }
        }
        return links;
    }

    /** The anchors of a page's headings, in order, a repeated one numbered as GitHub numbers it. */
    static Set<String> anchors(Path page) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : outsideCode(page)) {
            Matcher m = HEADING.matcher(line);
            if (m.matches()) {
                String anchor = anchor(m.group(2));
                int count = seen.merge(anchor, 1, Integer::sum);
                anchors.add(count == 1 ? anchor : anchor + "-" + (count - 1));
            }
        }
        return anchors;
    }

    /** GitHub's anchor of a heading: its text (without Markdown marks) in lower case, spaces to '-', other punctuation dropped. */
    static String anchor(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1").replace("`", "").replace("*", "");
        StringBuilder anchor = new StringBuilder();
        text.toLowerCase(java.util.Locale.ROOT).codePoints().forEach(c -> {
            if (c == ' ') {
                anchor.append('-');
            } else if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                anchor.appendCodePoint(c);
            }
        });
        return anchor.toString();
    }

    /** The page's lines, a fenced code block's lines (fences included) blanked, so that line numbers stay. */
    private static List<String> outsideCode(Path page) {
        List<String> lines = new ArrayList<>();
        boolean inFence = false;
        try {
            for (String line : Files.readAllLines(page, StandardCharsets.UTF_8)) {
                boolean fence = FENCE.matcher(line).matches();
                lines.add(inFence || fence ? "" : line);
                if (fence) {
                    inFence = !inFence;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    private static String relative(Path root, Path file) {
        return root.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    private static Path write(Path dir, String name, String... lines) throws IOException {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    }
}
