package org.partnerdelegation.core.contract;

import java.util.ArrayList;
import java.util.List;
import org.partnerdelegation.core.domain.AuditEvent;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.usecase.AuditQuery;
import org.partnerdelegation.core.usecase.Page;
import org.partnerdelegation.core.usecase.PartnerDelegation;

/**
 * A delegation's whole audit trail for assertions, read through the paged
 * {@link PartnerDelegation#auditTrail(Principal, DelegationId, AuditQuery)}: the facade has no
 * unbounded read, tests follow the cursor to the end.
 */
public final class AuditTrails {

    private AuditTrails() {
    }

    /**
     * Every event of the delegation the actor may read, oldest first, page by page.
     *
     * @param facade the facade to read through
     * @param actor  who reads, with the facade's visibility rules
     * @param id     the delegation
     * @return the whole trail
     */
    public static List<AuditEvent> whole(PartnerDelegation facade, Principal actor, DelegationId id) {
        List<AuditEvent> events = new ArrayList<>();
        AuditQuery query = AuditQuery.firstPage();
        while (true) {
            Page<AuditEvent> page = facade.auditTrail(actor, id, query);
            events.addAll(page.items());
            if (page.nextCursor().isEmpty()) {
                return events;
            }
            query = query.after(page.nextCursor().get());
        }
    }
}
