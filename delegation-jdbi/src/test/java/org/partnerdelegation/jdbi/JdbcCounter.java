package org.partnerdelegation.jdbi;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Counts what the storage asks of the JDBC driver, beneath the pool: statements executed (with
 * their SQL), transactions begun (auto-commit switched off), commits and rollbacks. Everything the
 * storage sends goes through here, whether by Jdbi or by plain JDBC, so the counts are what the
 * database sees.
 */
final class JdbcCounter {

    /** What one call cost. */
    record Cost(int statements, int transactions, int commits, int rollbacks, List<String> sql) {
        /** Round trips to a server that takes BEGIN with the first statement (PostgreSQL's driver does). */
        int roundTrips() {
            return statements + commits + rollbacks;
        }

        @Override
        public String toString() {
            return statements + " statements, " + transactions + " transactions";
        }
    }

    private final AtomicInteger statements = new AtomicInteger();
    private final AtomicInteger transactions = new AtomicInteger();
    private final AtomicInteger commits = new AtomicInteger();
    private final AtomicInteger rollbacks = new AtomicInteger();
    private final Queue<String> sql = new ConcurrentLinkedQueue<>();

    /** A HikariCP pool configured as {@link JdbiStorage#connect} configures its own, over the counted driver. */
    HikariDataSource pool(DataSource driver) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(counting(driver));
        config.setMaximumPoolSize(4);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        return new HikariDataSource(config);
    }

    /** Runs the call and returns what it cost, with its result. */
    <T> Cost count(Supplier<T> call) {
        statements.set(0);
        transactions.set(0);
        commits.set(0);
        rollbacks.set(0);
        sql.clear();
        call.get();
        return new Cost(statements.get(), transactions.get(), commits.get(), rollbacks.get(), List.copyOf(sql));
    }

    private DataSource counting(DataSource target) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(target, method, args);
                    return result instanceof Connection c ? connection(c) : result;
                });
    }

    private Connection connection(Connection target) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "setAutoCommit" -> {
                            if (!(Boolean) args[0] && target.getAutoCommit()) {
                                transactions.incrementAndGet();
                            }
                        }
                        case "commit" -> commits.incrementAndGet();
                        case "rollback" -> rollbacks.incrementAndGet();
                        default -> { }
                    }
                    Object result = invoke(target, method, args);
                    if (result instanceof PreparedStatement ps) {
                        return statement(ps, PreparedStatement.class, (String) args[0]);
                    }
                    if (result instanceof Statement s) {
                        return statement(s, Statement.class, null);
                    }
                    return result;
                });
    }

    private <S extends Statement> S statement(S target, Class<S> type, String prepared) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().startsWith("execute")) {
                statements.incrementAndGet();
                sql.add(prepared != null ? prepared : String.valueOf(args == null ? "" : args[0]));
            }
            return invoke(target, method, args);
        }));
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
