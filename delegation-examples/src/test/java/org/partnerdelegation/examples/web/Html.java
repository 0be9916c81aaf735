package org.partnerdelegation.examples.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what a page shows: the text of an element, a table's cells, the checked boxes, the chosen option. */
final class Html {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final Pattern ROW = Pattern.compile("<tr[^>]*>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("<td([^>]*)>(.*?)</td>", Pattern.DOTALL);

    private Html() {
    }

    /** The text of the element with {@code id} (tags stripped, entities read, blanks collapsed), if the page has one. */
    static Optional<String> text(String page, String id) {
        Matcher open = Pattern.compile("<([a-z0-9]+)[^>]*\\sid=\"" + Pattern.quote(id) + "\"[^>]*>").matcher(page);
        if (!open.find()) {
            return Optional.empty();
        }
        int end = page.indexOf("</" + open.group(1) + ">", open.end());
        String inner = page.substring(open.end(), end);
        return Optional.of(open.group(1).equals("pre") ? unescape(inner) : plain(inner));
    }

    /** Whether the page has an element with {@code id}. */
    static boolean has(String page, String id) {
        return page.contains(" id=\"" + id + "\"");
    }

    /**
     * The body rows of the table with {@code id}, each as its cells' texts; the row a table shows
     * when it is empty (a single cell of class {@code empty}) is left out.
     */
    static List<List<String>> rows(String page, String id) {
        Matcher open = Pattern.compile("<table[^>]*\\sid=\"" + Pattern.quote(id) + "\"[^>]*>").matcher(page);
        if (!open.find()) {
            throw new AssertionError("no table #" + id + " in the page:\n" + page);
        }
        String body = page.substring(open.end(), page.indexOf("</table>", open.end()));
        int tbody = body.indexOf("<tbody>");
        body = tbody < 0 ? body : body.substring(tbody);
        List<List<String>> rows = new ArrayList<>();
        Matcher row = ROW.matcher(body);
        while (row.find()) {
            List<String> cells = new ArrayList<>();
            boolean empty = false;
            Matcher cell = CELL.matcher(row.group(1));
            while (cell.find()) {
                empty |= cell.group(1).contains("class=\"empty\"");
                cells.add(plain(cell.group(2)));
            }
            if (!empty) {
                rows.add(cells);
            }
        }
        return rows;
    }

    /** The text of the empty table's single row, such as "No customer accounts yet.", if the table is empty. */
    static Optional<String> emptyRow(String page, String id) {
        Matcher open = Pattern.compile("<table[^>]*\\sid=\"" + Pattern.quote(id) + "\"[^>]*>").matcher(page);
        if (!open.find()) {
            throw new AssertionError("no table #" + id);
        }
        Matcher empty = Pattern.compile("<td[^>]*class=\"empty\"[^>]*>(.*?)</td>", Pattern.DOTALL)
                .matcher(page.substring(open.end(), page.indexOf("</table>", open.end())));
        return empty.find() ? Optional.of(plain(empty.group(1))) : Optional.empty();
    }

    /** The values of the checked checkboxes named {@code name}, in page order. */
    static List<String> checked(String page, String name) {
        List<String> values = new ArrayList<>();
        Matcher m = Pattern.compile("<input type=\"checkbox\" name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\"([^>]*)>").matcher(page);
        while (m.find()) {
            if (m.group(2).contains("checked")) {
                values.add(unescape(m.group(1)));
            }
        }
        return values;
    }

    /** The values of the checkboxes named {@code name}, checked or not, in page order. */
    static List<String> checkboxes(String page, String name) {
        List<String> values = new ArrayList<>();
        Matcher m = Pattern.compile("<input type=\"checkbox\" name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\"").matcher(page);
        while (m.find()) {
            values.add(unescape(m.group(1)));
        }
        return values;
    }

    /** The values of the selected options of the select with {@code id}. */
    static List<String> selected(String page, String id) {
        Matcher open = Pattern.compile("<select[^>]*\\sid=\"" + Pattern.quote(id) + "\"[^>]*>").matcher(page);
        if (!open.find()) {
            throw new AssertionError("no select #" + id);
        }
        String options = page.substring(open.end(), page.indexOf("</select>", open.end()));
        List<String> values = new ArrayList<>();
        Matcher m = Pattern.compile("<option value=\"([^\"]*)\"( selected)?>").matcher(options);
        while (m.find()) {
            if (m.group(2) != null) {
                values.add(unescape(m.group(1)));
            }
        }
        return values;
    }

    /** The href of the link with {@code id}, entities read, if the page has one. */
    static Optional<String> href(String page, String id) {
        Matcher m = Pattern.compile("<a href=\"([^\"]*)\"[^>]*\\sid=\"" + Pattern.quote(id) + "\"").matcher(page);
        return m.find() ? Optional.of(unescape(m.group(1))) : Optional.empty();
    }

    /** A time as the pages show it ({@code 2026-05-01 14:03 UTC}). */
    static Instant time(String shown) {
        return Instant.from(TIME.parse(shown));
    }

    /** The text of some markup: tags stripped, entities read, blanks collapsed. */
    static String plain(String markup) {
        return unescape(markup.replaceAll("<[^>]*>", " ")).replaceAll("\\s+", " ").strip();
    }

    static String unescape(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&#x27;", "'")
                .replace("&amp;", "&");
    }
}
