package org.partnerdelegation.spring.boot.autoconfigure;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.partnerdelegation.jdbi.Dialect;

/**
 * Warns when the host's PostgreSQL pool runs with {@code enable_seqscan} off: earlier versions of
 * the library told hosts to set it, it changes the plan of every statement on that pool (the
 * host's own too), and the library no longer needs it.
 */
final class SeqScanCheck {

    static final String LOGGER_NAME = SeqScanCheck.class.getName();
    private static final System.Logger LOG = System.getLogger(LOGGER_NAME);

    private SeqScanCheck() {
    }

    /** {@return true when it warned} */
    static boolean warnIfOff(Dialect dialect, DataSource dataSource) {
        if (dialect != Dialect.POSTGRESQL) {
            return false;
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW enable_seqscan")) {
            if (rs.next() && "off".equalsIgnoreCase(rs.getString(1))) {
                LOG.log(System.Logger.Level.WARNING, "The DataSource partner delegation shares runs with enable_seqscan=off."
                        + " That setting changes the plan of every statement on the pool, your own queries' too, and the"
                        + " library does not need it (JdbiStorage.POSTGRESQL_OPTIONS is deprecated): remove"
                        + " '-c enable_seqscan=off' from the pool's options or connection-init-sql.");
                return true;
            }
        } catch (SQLException e) {
            // Only a warning is at stake: the storage reached the database a moment ago, and its own calls report failures.
            LOG.log(System.Logger.Level.DEBUG, "Could not read enable_seqscan", e);
        }
        return false;
    }
}
