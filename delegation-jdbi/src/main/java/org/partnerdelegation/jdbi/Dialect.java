package org.partnerdelegation.jdbi;

import java.util.Locale;

/**
 * The databases the Jdbi storage runs on, each with its own migrations under
 * {@code db/partner-delegation/<folder>/} on the classpath.
 */
public enum Dialect {
    /** H2 2.x: the embedded default (file-backed or in memory). */
    H2("h2"),
    /** PostgreSQL 12 or later: production. */
    POSTGRESQL("postgresql");

    private final String folder;

    Dialect(String folder) {
        this.folder = folder;
    }

    /** The classpath folder of this dialect's migrations, e.g. {@code db/partner-delegation/postgresql}. */
    public String migrationLocation() {
        return "db/partner-delegation/" + folder;
    }

    /**
     * The dialect of a database product name, as {@link java.sql.DatabaseMetaData#getDatabaseProductName()} reports it.
     *
     * @throws IllegalArgumentException for a database the library does not support
     */
    public static Dialect ofProductName(String productName) {
        String name = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        if (name.contains("postgres")) {
            return POSTGRESQL;
        }
        if (name.equals("h2")) {
            return H2;
        }
        throw new IllegalArgumentException("Partner delegation supports H2 and PostgreSQL, not " + productName);
    }
}
