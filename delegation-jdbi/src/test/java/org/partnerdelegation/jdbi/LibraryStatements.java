package org.partnerdelegation.jdbi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;

/**
 * Every statement the adapter runs on PostgreSQL, read from the classes themselves: each static
 * {@code String} of a class of the adapter's package that is a SELECT, UPDATE, DELETE or WITH
 * statement, named {@code Class.FIELD}, so that a statement is checked as soon as it is written.
 * Statements for H2 only (the name ends in {@code _ON_H2}) are left out; so are inserts, which
 * read no table. The statements built at run time are added by hand: the outbox lease and the
 * account list's pages.
 */
final class LibraryStatements {

    private LibraryStatements() {
    }

    /** Name to JDBC text (with {@code ?} parameters), sorted by name. */
    static Map<String, String> all() {
        Map<String, String> all = new TreeMap<>();
        for (Class<?> type : adapterClasses()) {
            for (Field field : type.getDeclaredFields()) {
                if (field.getType() != String.class || !Modifier.isStatic(field.getModifiers()) || field.getName().endsWith("_ON_H2")) {
                    continue;
                }
                String sql = read(field);
                if (sql != null && Stream.of("SELECT ", "UPDATE ", "DELETE ", "WITH ").anyMatch(sql::startsWith)) {
                    all.put(type.getSimpleName() + "." + field.getName(), sql);
                }
            }
        }
        all.put("OutboxDao.lease", "UPDATE pd_outbox SET attempts = attempts + 1,"
                + " leased_until = CURRENT_TIMESTAMP + CAST(? AS BIGINT) * INTERVAL '0.000001' SECOND"
                + " WHERE notification_id IN (?, ?)");
        all.put("AccountPages.first page", AccountPages.sql(2, false, false, false));
        all.put("AccountPages.after a cursor", AccountPages.sql(2, false, true, false));
        all.put("AccountPages.after a cursor, permitted partner only", AccountPages.sql(2, false, true, true));
        all.put("AccountPages.ending by a date, after a cursor, permitted partner only", AccountPages.sql(2, true, true, true));
        all.put("AccountPages.shown columns, first page", AccountPages.shownSql(2, false, false));
        all.put("AccountPages.shown columns, after a cursor", AccountPages.shownSql(2, false, true));
        all.put("AccountPages.shown columns, ending by a date, after a cursor", AccountPages.shownSql(2, true, true));
        return all;
    }

    private static String read(Field field) {
        try {
            field.setAccessible(true);
            return (String) field.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot read " + field, e);
        }
    }

    /** The main classes of the adapter's package (nested ones included), from the directory the build compiled them to. */
    private static List<Class<?>> adapterClasses() {
        Path directory;
        try {
            directory = Path.of(JdbiStorage.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .resolve(JdbiStorage.class.getPackageName().replace('.', '/'));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".class"))
                    .filter(name -> !name.equals("package-info.class")).sorted()
                    .map(name -> load(JdbiStorage.class.getPackageName() + "." + name.substring(0, name.length() - ".class".length())))
                    .<Class<?>>map(type -> type).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, JdbiStorage.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The statement's text for PREPARE: JDBC's {@code ?} as {@code $1}, {@code $2}... */
    static String numbered(String jdbcSql) {
        StringBuilder sql = new StringBuilder();
        int positions = 0;
        for (char c : jdbcSql.toCharArray()) {
            if (c == '?') {
                sql.append('$').append(++positions);
            } else {
                sql.append(c);
            }
        }
        return sql.toString();
    }

    /**
     * The generic plan of a statement, the one PostgreSQL caches for a prepared statement after its
     * fifth run when it costs no more than the custom ones, on this connection's settings. The
     * connection is left as it was found.
     */
    static String genericPlan(Handle h, String jdbcSql) {
        h.execute("SET plan_cache_mode = force_generic_plan");
        try {
            h.execute("PREPARE statement_under_test AS " + numbered(jdbcSql));
            try {
                int parameters = h.createQuery("SELECT cardinality(parameter_types) FROM pg_prepared_statements"
                        + " WHERE name = 'statement_under_test'").mapTo(Integer.class).one();
                String nulls = String.join(", ", Collections.nCopies(parameters, "NULL"));
                return explain(h, "EXPLAIN EXECUTE statement_under_test" + (parameters == 0 ? "" : "(" + nulls + ")"));
            } finally {
                h.execute("DEALLOCATE statement_under_test");
            }
        } finally {
            h.execute("RESET plan_cache_mode");
        }
    }

    /**
     * The plan PostgreSQL makes for the statement with these values (a custom plan), each given as
     * a SQL literal of its parameter's type. The connection is left as it was found.
     */
    static String customPlan(Handle h, String jdbcSql, java.util.function.Function<String, String> literalOfType) {
        h.execute("SET plan_cache_mode = force_custom_plan");
        try {
            h.execute("PREPARE statement_under_test AS " + numbered(jdbcSql));
            try {
                List<String> types = h.createQuery("SELECT unnest(parameter_types)::text FROM pg_prepared_statements"
                        + " WHERE name = 'statement_under_test'").mapTo(String.class).list();
                String values = String.join(", ", types.stream().map(literalOfType).toList());
                return explain(h, "EXPLAIN EXECUTE statement_under_test" + (types.isEmpty() ? "" : "(" + values + ")"));
            } finally {
                h.execute("DEALLOCATE statement_under_test");
            }
        } finally {
            h.execute("RESET plan_cache_mode");
        }
    }

    private static String explain(Handle h, String explain) {
        return String.join("\n", h.createQuery(explain).mapTo(String.class).list());
    }

    /**
     * What in the plan reaches one of our tables without an index: a sequential scan of a
     * {@code pd_} table, or a table scan of any other kind (TID range, sample). Empty when every
     * {@code pd_} table is read through an index (Index Scan, Index Only Scan, Bitmap Index Scan).
     */
    static List<String> tablesReadWithoutAnIndex(String plan) {
        return plan.lines().map(String::trim).map(line -> line.startsWith("->") ? line.substring(2).trim() : line)
                .filter(line -> line.matches("^[A-Za-z ]*Scan( Backward)?( using \\S+)? on pd_\\S+.*"))
                .filter(line -> !line.matches("^(Index Scan|Index Only Scan|Bitmap Heap Scan|Bitmap Index Scan)( Backward)?( using \\S+)? on .*"))
                .toList();
    }
}
