package org.partnerdelegation.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.core.domain.DelegationId;
import org.partnerdelegation.core.domain.Principal;
import org.partnerdelegation.core.domain.SecretToken;
import org.partnerdelegation.core.domain.Tenant;

/**
 * The setup check the report runs before it times anything: on a fresh database of
 * {@link SessionData}, the library and the floor each run every write they are timed on (add,
 * delete of a PENDING and of a CONNECTED delegation, a login, an acceptance), each on a customer
 * of its own, and the rows they wrote are compared with {@link WrittenRows}: every column but ids
 * and instants. The logins go to delegations whose grant ends within the session's lifetime, whose
 * customer asks to be told of each login; the acceptances approve a grant with a term; so that
 * the columns a grant and a customer's settings decide are written, not left at their defaults.
 * A floor that writes other rows than the library does less work than it: its figures would flatter
 * nothing and prove nothing.
 */
public final class FloorRowCheck {

    private FloorRowCheck() {
    }

    /**
     * Runs the check on a fresh database of that kind, and drops it.
     *
     * @param storage {@value BenchmarkDatabase#H2} or {@value BenchmarkDatabase#POSTGRESQL}
     * @return the differences, one text per use case whose rows differ; empty when the floor writes the library's rows
     */
    public static List<String> differences(String storage) {
        BenchmarkDatabase db = SessionData.fresh(storage, "rowcheck");
        try (BenchmarkStorage library = BenchmarkStorage.open(db, BenchmarkStorage.LIBRARY);
             BenchmarkStorage floor = BenchmarkStorage.open(db, BenchmarkStorage.FLOOR)) {
            return differences(db, library.calls(), floor.calls());
        } finally {
            db.drop();
        }
    }

    /**
     * Runs the check and refuses a floor that writes other rows.
     *
     * @param storage {@value BenchmarkDatabase#H2} or {@value BenchmarkDatabase#POSTGRESQL}
     * @throws IllegalStateException naming the use cases and the rows that differ
     */
    public static void requireSameRows(String storage) {
        List<String> found = differences(storage);
        if (!found.isEmpty()) {
            throw new IllegalStateException("The floor writes other rows than the library on " + storage
                    + "; its figures would not be comparable:\n" + String.join("\n", found));
        }
    }

    private static List<String> differences(BenchmarkDatabase db, UseCases library, UseCases floor) {
        List<String> found = new ArrayList<>();
        Principal admin = SessionData.partnerAdmin();

        List<Tenant> fresh = new FreshCustomers(db, 5_000_001).make(2);
        DelegationId added = library.addCustomerAccount(admin, fresh.get(0).administratorEmail()).delegationId();
        DelegationId addedByFloor = floor.addCustomerAccount(admin, fresh.get(1).administratorEmail()).delegationId();
        compare(found, "addCustomerAccount", db, added, fresh.get(0), addedByFloor, fresh.get(1));
        library.deleteAccount(admin, added);
        floor.deleteAccount(admin, addedByFloor);
        compare(found, "deleteAccount of a PENDING delegation", db, added, fresh.get(0), addedByFloor, fresh.get(1));

        // Customers 31 and 32: a grant of one day that ends in ten minutes, sooner than a session lasts; told of each login.
        endsSoon(db, 31, 32);
        library.loginToCustomer(admin, SessionData.delegationId(31));
        floor.loginToCustomer(admin, SessionData.delegationId(32));
        compare(found, "loginToCustomer", db, SessionData.delegationId(31), Fixtures.customer(31), SessionData.delegationId(32),
                Fixtures.customer(32));
        library.deleteAccount(admin, SessionData.delegationId(31));
        floor.deleteAccount(admin, SessionData.delegationId(32));
        compare(found, "deleteAccount of a CONNECTED delegation", db, SessionData.delegationId(31), Fixtures.customer(31),
                SessionData.delegationId(32), Fixtures.customer(32));

        // Customers 33 and 34: the customer asks for a reason, which the facade's login does not give.
        requireReason(db, 33, 34);
        String byLibrary = refusal(() -> library.loginToCustomer(admin, SessionData.delegationId(33)));
        String byFloor = refusal(() -> floor.loginToCustomer(admin, SessionData.delegationId(34)));
        if (!Objects.equals(byLibrary, byFloor)) {
            found.add("loginToCustomer without the reason the customer asks for: the library answers " + byLibrary
                    + ", the floor " + byFloor);
        }
        compare(found, "a refused login", db, SessionData.delegationId(33), Fixtures.customer(33), SessionData.delegationId(34),
                Fixtures.customer(34));

        List<OpenInvitations.Invite> invites = new OpenInvitations(db, 6_000_001).make(2);
        withTerm(db, invites);
        DelegationId accepted = library.acceptInvitation(invites.get(0).invited(), invites.get(0).token()).delegationId();
        DelegationId acceptedByFloor = floor.acceptInvitation(invites.get(1).invited(), invites.get(1).token()).delegationId();
        compare(found, "acceptInvitation", db, accepted, Fixtures.customer(6_000_001), acceptedByFloor, Fixtures.customer(6_000_002));
        return found;
    }

    private static void compare(List<String> found, String useCase, BenchmarkDatabase db, DelegationId byLibrary, Tenant libraryCustomer,
                                DelegationId byFloor, Tenant floorCustomer) {
        List<String> expected = WrittenRows.of(db, byLibrary, libraryCustomer);
        List<String> actual = WrittenRows.of(db, byFloor, floorCustomer);
        if (!expected.equals(actual)) {
            found.add(useCase + ": the library wrote\n  " + String.join("\n  ", expected) + "\nthe floor wrote\n  "
                    + String.join("\n  ", actual));
        }
    }

    private static String refusal(Runnable call) {
        try {
            call.run();
            return "no refusal";
        } catch (DelegationException e) {
            return e.code().name();
        }
    }

    private static void endsSoon(BenchmarkDatabase db, int... customers) {
        Instant end = Instant.now().truncatedTo(ChronoUnit.MICROS).plus(Duration.ofMinutes(10));
        for (int n : customers) {
            update(db, "UPDATE pd_delegation SET term_seconds = 86400, ends_at = ?, access_until = ? WHERE delegation_id = ?",
                    end.atOffset(ZoneOffset.UTC), end.atOffset(ZoneOffset.UTC), SessionData.delegationId(n).value());
            update(db, "INSERT INTO pd_customer_settings (tenant_id, login_notice) VALUES (?, 'EACH_LOGIN')",
                    Fixtures.customer(n).id().value());
        }
    }

    private static void requireReason(BenchmarkDatabase db, int... customers) {
        for (int n : customers) {
            update(db, "UPDATE pd_delegation SET reason_required = TRUE WHERE delegation_id = ?", SessionData.delegationId(n).value());
        }
    }

    private static void withTerm(BenchmarkDatabase db, List<OpenInvitations.Invite> invites) {
        for (OpenInvitations.Invite invite : invites) {
            update(db, "UPDATE pd_delegation SET term_seconds = 2592000 WHERE delegation_id = (SELECT i.delegation_id"
                    + " FROM pd_invitation i WHERE i.token_hash = ?)", SecretToken.parse(invite.token()).hash().hex());
        }
    }

    private static void update(BenchmarkDatabase db, String sql, Object... values) {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i]);
            }
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("expected one row: " + sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
