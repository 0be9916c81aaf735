package org.partnerdelegation.jdbi;

import java.sql.Types;
import java.util.UUID;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;

/**
 * Binds a {@link UUID} as itself, and a null UUID as an untyped null ({@link Types#OTHER}), so
 * that PostgreSQL takes the column's type for it. Jdbi's default binds a null UUID as a
 * {@code VARCHAR}, which PostgreSQL refuses for a {@code UUID} column (SQL state 42804): the
 * audit events of permission changes, which have no delegation, could not be written.
 */
final class UuidArgumentFactory extends AbstractArgumentFactory<UUID> {

    UuidArgumentFactory() {
        super(Types.OTHER);
    }

    @Override
    protected Argument build(UUID value, ConfigRegistry config) {
        return new Argument() {
            @Override
            public void apply(int position, java.sql.PreparedStatement statement, org.jdbi.v3.core.statement.StatementContext ctx)
                    throws java.sql.SQLException {
                statement.setObject(position, value);
            }

            @Override
            public String toString() {
                return value.toString();
            }
        };
    }
}
