package org.partnerdelegation.jdbi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The name a statement is observed by: its operations and the tables they act on, in order, as
 * OpenTelemetry's query summaries read ({@code SELECT pd_delegation},
 * {@code INSERT pd_audit_event UPDATE pd_delegation} for held writes carried by an update). Built
 * from the statement's text, in which every value is a {@code ?} parameter: a name holds keywords
 * and table names only, never a value, and the library's statements give a few dozen names.
 */
final class StatementNames {

    /** Named once per text: the texts are constants, or combinations cached by {@link Sql}. Bounded like its cache. */
    private static final Map<String, String> NAMES = new ConcurrentHashMap<>();
    private static final int MOST_NAMES = 2048;

    private StatementNames() {
    }

    static String of(String sql) {
        String name = NAMES.get(sql);
        if (name != null) {
            return name;
        }
        name = summarize(sql);
        if (NAMES.size() < MOST_NAMES) {
            NAMES.put(sql, name);
        }
        return name;
    }

    /**
     * Each SELECT, INSERT, UPDATE and DELETE of the text with the first of our tables ({@code pd_*})
     * it reads or writes: the one after INTO, UPDATE or FROM. A repeat of the one before is left
     * out, and so is an UPDATE that is a lock ({@code FOR UPDATE}) or a conflict's action.
     */
    static String summarize(String sql) {
        List<String> words = words(sql);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            String table = switch (word) {
                case "SELECT", "DELETE" -> tableAfter(words, i + 1, "FROM");
                case "INSERT" -> tableAfter(words, i + 1, "INTO");
                case "UPDATE" -> i + 1 < words.size() && isOurs(words.get(i + 1)) ? words.get(i + 1) : null;
                default -> null;
            };
            if (table != null) {
                String part = word + " " + table.toLowerCase(Locale.ROOT);
                if (parts.isEmpty() || !parts.get(parts.size() - 1).equals(part)) {
                    parts.add(part);
                }
            }
        }
        return parts.isEmpty() ? "OTHER" : String.join(" ", parts);
    }

    /** The table after the next {@code keyword}, if it is one of ours and comes before the next operation. */
    private static String tableAfter(List<String> words, int from, String keyword) {
        for (int i = from; i + 1 < words.size(); i++) {
            String word = words.get(i);
            if (word.equals(keyword)) {
                return isOurs(words.get(i + 1)) ? words.get(i + 1) : null;
            }
            if (word.equals("SELECT") || word.equals("INSERT") || word.equals("UPDATE") || word.equals("DELETE")) {
                return null;
            }
        }
        return null;
    }

    private static boolean isOurs(String word) {
        return word.startsWith("PD_");
    }

    /** The words of the text outside quoted literals, upper-cased (a table's name is lower-cased again where it is used). */
    private static List<String> words(String sql) {
        List<String> words = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'') {
                int end = sql.indexOf('\'', i + 1);
                i = end < 0 ? n : end + 1;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
                    i++;
                }
                words.add(sql.substring(start, i).toUpperCase(Locale.ROOT));
            } else {
                i++;
            }
        }
        return words;
    }
}
