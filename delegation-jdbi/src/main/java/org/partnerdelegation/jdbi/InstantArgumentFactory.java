package org.partnerdelegation.jdbi;

import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;

/**
 * Binds an {@link Instant} as a UTC {@code OffsetDateTime}, so a {@code TIMESTAMP WITH TIME ZONE}
 * column keeps the instant whatever the JVM's or the session's time zone.
 */
final class InstantArgumentFactory extends AbstractArgumentFactory<Instant> {

    InstantArgumentFactory() {
        super(Types.TIMESTAMP_WITH_TIMEZONE);
    }

    @Override
    protected Argument build(Instant value, ConfigRegistry config) {
        return new Argument() {
            @Override
            public void apply(int position, java.sql.PreparedStatement statement, org.jdbi.v3.core.statement.StatementContext ctx)
                    throws java.sql.SQLException {
                statement.setObject(position, value.atOffset(ZoneOffset.UTC));
            }

            @Override
            public String toString() {
                return value.toString();
            }
        };
    }
}
