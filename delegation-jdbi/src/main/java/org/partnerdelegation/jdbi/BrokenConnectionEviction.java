package org.partnerdelegation.jdbi;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;

/**
 * Tells HikariCP to drop a connection that failed with a {@link SQLNonTransientConnectionException}
 * (the JDBC name for "this connection is broken for good"). HikariCP evicts on SQL states
 * {@code 08xxx}, which PostgreSQL uses, but H2 reports a closed database (a {@code SHUTDOWN}, or
 * H2 closing it after a fatal error) with its own codes, such as {@code 90121}: without this, the
 * pool kept handing out the dead connections, and a storage under steady load never recovered.
 */
final class BrokenConnectionEviction implements SQLExceptionOverride {

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        return e instanceof SQLNonTransientConnectionException ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
    }
}
