package org.partnerdelegation.jdbi;

import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * The partners' permission epochs ({@code pd_partner_epoch}); no row is epoch 0. Moving an epoch
 * on is one atomic upsert in each dialect, so two revocations at once both count: PostgreSQL's
 * {@code ON CONFLICT DO UPDATE}, H2's {@code MERGE}, which waits for a concurrent merge of the
 * same partner and then applies to what it committed (an insert race included).
 */
interface EpochDao {

    @SqlQuery("SELECT epoch FROM pd_partner_epoch WHERE partner_tenant = :partner")
    Optional<Long> find(@Bind("partner") String partner);

    @SqlQuery("INSERT INTO pd_partner_epoch (partner_tenant, epoch) VALUES (:partner, 1)"
            + " ON CONFLICT (partner_tenant) DO UPDATE SET epoch = pd_partner_epoch.epoch + 1 RETURNING epoch")
    long advanceOnPostgres(@Bind("partner") String partner);

    @SqlQuery("SELECT epoch FROM FINAL TABLE (MERGE INTO pd_partner_epoch e"
            + " USING (VALUES (CAST(:partner AS VARCHAR(128)))) p (partner_tenant) ON e.partner_tenant = p.partner_tenant"
            + " WHEN MATCHED THEN UPDATE SET epoch = e.epoch + 1"
            + " WHEN NOT MATCHED THEN INSERT (partner_tenant, epoch) VALUES (p.partner_tenant, 1))")
    long advanceOnH2(@Bind("partner") String partner);
}
