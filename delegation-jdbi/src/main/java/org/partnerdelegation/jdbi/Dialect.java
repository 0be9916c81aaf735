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

    /** A JDBC sub-protocol short and plain enough to repeat in a message (a vendor's name); anything else is not repeated. */
    private static final java.util.regex.Pattern SUBPROTOCOL = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,30}");

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

    /**
     * The dialect of a JDBC URL, read from its prefix alone, so that a URL of another database is
     * refused before a pool or a driver is asked for anything.
     *
     * @param jdbcUrl a URL starting with {@code jdbc:}; not null
     * @return {@link #H2} for {@code jdbc:h2:}, {@link #POSTGRESQL} for {@code jdbc:postgresql:}
     * @throws DelegationException {@code UNSUPPORTED_DATABASE} for any other URL, naming its
     *                             sub-protocol (the word after {@code jdbc:}) and nothing more of it,
     *                             since the rest may carry a user or a password
     */
    static Dialect ofJdbcUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        String rest = jdbcUrl.startsWith("jdbc:") ? jdbcUrl.substring("jdbc:".length()) : "";
        int colon = rest.indexOf(':');
        String subprotocol = colon < 0 ? rest : rest.substring(0, colon);
        String kind = colon > 0 && SUBPROTOCOL.matcher(subprotocol).matches()
                ? "is a \"jdbc:" + subprotocol + ":\" URL"
                : "is not of a database it knows";
        throw new DelegationException(ErrorCode.UNSUPPORTED_DATABASE, "The delegation storage supports " + SUPPORTED
                + ", with URLs starting jdbc:h2: or jdbc:postgresql:; the database URL given " + kind + ". For another pool"
                + " or a driver wrapper in front of H2 or PostgreSQL, build the DataSource yourself and pass it to"
                + " JdbiStorage.using.");
    }
}
