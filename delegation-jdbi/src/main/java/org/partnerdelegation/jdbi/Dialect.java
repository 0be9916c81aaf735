package org.partnerdelegation.jdbi;

import java.util.Locale;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.ErrorCode;

/**
 * The databases the Jdbi storage runs on, each with its own migrations under
 * {@code db/partner-delegation/<folder>/} on the classpath.
 */
public enum Dialect {
    /** H2 2.x: the embedded default (file-backed or in memory). */
    H2("h2"),
    /** PostgreSQL 12 or later: production. */
    POSTGRESQL("postgresql");

    /** The databases supported, for messages. */
    static final String SUPPORTED = "H2 2.x and PostgreSQL 12 or later";

    private final String folder;

    Dialect(String folder) {
        this.folder = folder;
    }

    /** {@return the classpath folder of this dialect's migrations, e.g. {@code db/partner-delegation/postgresql}} */
    public String migrationLocation() {
        return "db/partner-delegation/" + folder;
    }

    /**
     * The dialect of a database product name, as {@link java.sql.DatabaseMetaData#getDatabaseProductName()} reports it.
     *
     * @param productName the product name the JDBC driver reports, such as {@code "PostgreSQL"} or {@code "H2"};
     *                    null reads as an unknown database
     * @return {@link #POSTGRESQL} for any name containing "postgres" (case ignored), {@link #H2} for "H2"
     * @throws DelegationException {@code UNSUPPORTED_DATABASE} for a database the library does not
     *                             support, naming it and the supported ones
     */
    public static Dialect ofProductName(String productName) {
        String name = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        if (name.contains("postgres")) {
            return POSTGRESQL;
        }
        if (name.equals("h2")) {
            return H2;
        }
        throw new DelegationException(ErrorCode.UNSUPPORTED_DATABASE, "The delegation storage supports " + SUPPORTED
                + "; the database is " + (productName == null ? "of an unknown kind" : "\"" + productName + "\"") + ".");
    }
}
