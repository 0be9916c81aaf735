package org.partnerdelegation.benchmarks;

import java.util.ArrayList;
import java.util.List;
import org.partnerdelegation.core.domain.Tenant;

/**
 * Customers in the directory that no partner ever added, for addCustomerAccount: numbered from
 * {@code first} on, inserted straight into the tenant table. A customer the partner never had,
 * so that the invitation cool-down never applies (its check is still made).
 */
public final class FreshCustomers {

    private final BenchmarkDatabase db;
    private long next;

    /** Customers numbered from {@code first} on, in that database. */
    public FreshCustomers(BenchmarkDatabase db, long first) {
        this.db = db;
        this.next = first;
    }

    /** Registers that many more and returns them. */
    public List<Tenant> make(int count) {
        List<Tenant> made = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            made.add(Fixtures.customer(next++));
        }
        try (DataLoader loader = DataLoader.open(db)) {
            loader.tenants(made);
        }
        return made;
    }
}
