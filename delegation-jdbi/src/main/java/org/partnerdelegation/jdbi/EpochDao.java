package org.partnerdelegation.jdbi;

import java.sql.Connection;

/**
 * The partners' permission epochs ({@code pd_partner_epoch}); no row is epoch 0. Moving an epoch
 * on is one atomic upsert in each dialect, so two revocations at once both count: PostgreSQL's
 * {@code ON CONFLICT DO UPDATE}, H2's {@code MERGE}, which waits for a concurrent merge of the
 * same partner and then applies to what it committed (an insert race included).
 */
final class EpochDao {

    private static final String FIND = "SELECT epoch FROM pd_partner_epoch WHERE partner_tenant = ?";
    private static final String ADVANCE_ON_POSTGRES = "INSERT INTO pd_partner_epoch (partner_tenant, epoch) VALUES (?, 1)"
            + " ON CONFLICT (partner_tenant) DO UPDATE SET epoch = pd_partner_epoch.epoch + 1 RETURNING epoch";
    private static final String ADVANCE_ON_H2 = "SELECT epoch FROM FINAL TABLE (MERGE INTO pd_partner_epoch e"
            + " USING (VALUES (CAST(? AS VARCHAR(128)))) p (partner_tenant) ON e.partner_tenant = p.partner_tenant"
            + " WHEN MATCHED THEN UPDATE SET epoch = e.epoch + 1"
            + " WHEN NOT MATCHED THEN INSERT (partner_tenant, epoch) VALUES (p.partner_tenant, 1))";

    private final Connection c;
    private final Dialect dialect;

    EpochDao(Connection c, Dialect dialect) {
        this.c = c;
        this.dialect = dialect;
    }

    long find(String partner) {
        return Sql.one(c, FIND, rs -> rs.getLong(1), partner).orElse(0L);
    }

    long advance(String partner) {
        return Sql.one(c, dialect == Dialect.POSTGRESQL ? ADVANCE_ON_POSTGRES : ADVANCE_ON_H2, rs -> rs.getLong(1), partner)
                .orElseThrow(() -> new IllegalStateException("the epoch upsert returned no row"));
    }
}
