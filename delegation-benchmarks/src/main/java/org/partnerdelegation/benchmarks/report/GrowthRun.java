package org.partnerdelegation.benchmarks.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.partnerdelegation.benchmarks.BenchmarkDatabase;
import org.partnerdelegation.benchmarks.BenchmarkStorage;
import org.partnerdelegation.benchmarks.DataLoader;
import org.partnerdelegation.benchmarks.Fixtures;
import org.partnerdelegation.benchmarks.SessionData;
import org.partnerdelegation.benchmarks.UseCases;
import org.partnerdelegation.benchmarks.counting.StatementCounter;
import org.partnerdelegation.benchmarks.counting.StatementCounter.SqlTime;
import org.partnerdelegation.core.domain.Tenant;

/**
 * Adding customers to a fresh PostgreSQL database, one {@code addCustomerAccount} at a time, from
 * empty tables (schema just installed, no statistics gathered, as a new installation starts):
 * whether the cost of an add stays flat as the tables fill, or grows because the server keeps
 * plans it made for empty tables. Library and floor each on a database of their own, in
 * lockstep; each customer registered (untimed) just before it is added. Through a counting pool
 * with the library's pool settings, timing every statement by its SQL text, so that a growing
 * cost can be traced to its statements.
 */
final class GrowthRun {

    /**
     * The mean cost of an add over one block of adds.
     *
     * @param first        the block's first add (from 1)
     * @param last         its last add
     * @param libraryMicros the library's mean per add
     * @param floorMicros  the floor's mean per add
     */
    record Block(int first, int last, double libraryMicros, double floorMicros) {
    }

    /**
     * A statement's mean time per execution in the first and the last block.
     *
     * @param impl        library or floor
     * @param sql         the statement
     * @param firstMicros mean per execution over the first block
     * @param lastMicros  mean per execution over the last block
     */
    record StatementGrowth(String impl, String sql, double firstMicros, double lastMicros) {
    }

    /**
     * The run.
     *
     * @param blocks     the blocks, in order
     * @param statements every statement's first and last block, library and floor
     */
    record Result(List<Block> blocks, List<StatementGrowth> statements) {
    }

    private GrowthRun() {
    }

    /** The adds on throwaway databases first, so that the first block is not the JIT compiler warming up. */
    private static final int WARMING_ADDS = 1_000;
    private static final List<String> IMPLS = List.of(BenchmarkStorage.LIBRARY, BenchmarkStorage.FLOOR);

    static Result run(int adds, int blockSize) {
        addAll(WARMING_ADDS, WARMING_ADDS);
        return addAll(adds, blockSize);
    }

    /**
     * The library and the floor add in lockstep, each on its own database, taking turns to go
     * first: whatever else loads the machine meanwhile slows both alike.
     */
    private static Result addAll(int adds, int blockSize) {
        Map<String, Lane> lanes = new LinkedHashMap<>();
        try {
            for (String impl : IMPLS) {
                lanes.put(impl, new Lane(impl, adds / blockSize));
            }
            for (int n = 1; n <= adds; n++) {
                Tenant customer = Fixtures.customer(n);
                for (Lane lane : lanes.values()) {
                    lane.register(customer);
                }
                List<Lane> order = new ArrayList<>(lanes.values());
                if (n % 2 == 0) {
                    java.util.Collections.reverse(order);
                }
                for (Lane lane : order) {
                    lane.add(customer);
                }
                if (n % blockSize == 0) {
                    for (Lane lane : lanes.values()) {
                        lane.blockDone(n / blockSize - 1, blockSize, n == blockSize, n == adds - blockSize);
                    }
                }
            }
            List<Block> blocks = new ArrayList<>();
            for (int b = 0; b < adds / blockSize; b++) {
                blocks.add(new Block(b * blockSize + 1, (b + 1) * blockSize, lanes.get(BenchmarkStorage.LIBRARY).means[b],
                        lanes.get(BenchmarkStorage.FLOOR).means[b]));
            }
            List<StatementGrowth> statements = new ArrayList<>();
            for (Lane lane : lanes.values()) {
                statements.addAll(lane.statements());
            }
            return new Result(blocks, statements);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } finally {
            lanes.values().forEach(Lane::close);
        }
    }

    /** One implementation's database, storage and tallies. */
    private static final class Lane implements AutoCloseable {
        private final String impl;
        private final BenchmarkDatabase db;
        private final StatementCounter counter = new StatementCounter();
        private final BenchmarkStorage target;
        private final Connection registering;
        private final PreparedStatement register;
        private final double[] means;
        private long blockNanos;
        private Map<String, SqlTime> firstBlock = Map.of();
        private Map<String, SqlTime> beforeLast = Map.of();

        Lane(String impl, int blocks) throws SQLException {
            this.impl = impl;
            this.means = new double[blocks];
            this.db = BenchmarkDatabase.fresh(BenchmarkDatabase.POSTGRESQL, "growth_" + impl);
            try (DataLoader loader = DataLoader.open(db)) {
                loader.tenants(List.of(Fixtures.partner(1)));
            }
            counter.timeStatements(true);
            this.target = BenchmarkStorage.counting(db, impl, counter);
            this.registering = db.connect();
            this.register = registering.prepareStatement("INSERT INTO pd_tenant (tenant_id, account_number, admin_email,"
                    + " admin_email_canonical, partner_permission) VALUES (?, ?, ?, ?, FALSE)");
        }

        void register(Tenant customer) throws SQLException {
            register.setString(1, customer.id().value());
            register.setString(2, customer.accountNumber().value());
            register.setString(3, customer.administratorEmail().value());
            register.setString(4, customer.administratorEmail().canonical());
            register.executeUpdate();
        }

        void add(Tenant customer) {
            long start = System.nanoTime();
            target.calls().addCustomerAccount(SessionData.partnerAdmin(), customer.administratorEmail());
            blockNanos += System.nanoTime() - start;
        }

        void blockDone(int block, int blockSize, boolean first, boolean beforeLastBlock) {
            means[block] = blockNanos / 1_000.0 / blockSize;
            blockNanos = 0;
            if (first) {
                firstBlock = counter.statementTimes();
            }
            if (beforeLastBlock) {
                beforeLast = counter.statementTimes();
            }
        }

        List<StatementGrowth> statements() {
            List<StatementGrowth> growth = new ArrayList<>();
            for (Map.Entry<String, SqlTime> e : counter.statementTimes().entrySet()) {
                SqlTime last = e.getValue().minus(beforeLast.get(e.getKey()));
                growth.add(new StatementGrowth(impl, e.getKey(), mean(firstBlock.get(e.getKey())), mean(last)));
            }
            return growth;
        }

        @Override
        public void close() {
            try {
                registering.close();
            } catch (SQLException ignored) {
                // the database is dropped next
            }
            target.close();
            db.drop();
        }
    }

    private static double mean(SqlTime time) {
        return time == null || time.executions() == 0 ? 0 : time.nanos() / 1_000.0 / time.executions();
    }

    /** Tries it out: {@code GrowthRun [adds] [block]}. */
    public static void main(String[] args) {
        int adds = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int block = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        Result result = run(adds, block);
        result.blocks().forEach(System.out::println);
        result.statements().forEach(System.out::println);
        System.exit(0);
    }
}
