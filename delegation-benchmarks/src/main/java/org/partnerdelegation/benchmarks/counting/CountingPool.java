package org.partnerdelegation.benchmarks.counting;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * A HikariCP pool whose connections count what they send: every statement executed, commit,
 * rollback and transaction, into a {@link StatementCounter}. A pool and not a plain wrapper, so
 * that {@code JdbiStorage.using} sees the READ COMMITTED HikariCP pool it relies on (it sets the
 * isolation level on every transaction otherwise) and the library runs exactly as over its own
 * pool. The counting sits above HikariCP, so the pool's own housekeeping is not counted. Only for
 * counting, outside the timed benchmarks: the proxies cost time.
 */
public final class CountingPool extends HikariDataSource {

    private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate");
    private static final Set<String> BATCH_EXECUTIONS = Set.of("executeBatch", "executeLargeBatch");
    private static final Set<String> SERVER_CALLS = Set.of("setTransactionIsolation", "getTransactionIsolation", "isValid");

    private final transient StatementCounter counter;

    /** A pool of those settings, counting into {@code counter}. */
    public CountingPool(HikariConfig config, StatementCounter counter) {
        super(config);
        this.counter = counter;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection pooled = super.getConnection();
        return (Connection) Proxy.newProxyInstance(CountingPool.class.getClassLoader(), new Class<?>[] {Connection.class},
                new ConnectionHandler(pooled, pooled.getAutoCommit()));
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** One borrowed connection: its auto-commit state and whether the transaction it is in ran a statement. */
    private final class ConnectionHandler implements InvocationHandler {
        private final Connection target;
        private boolean autoCommit;
        private boolean ranInTransaction;

        ConnectionHandler(Connection target, boolean autoCommit) {
            this.target = target;
            this.autoCommit = autoCommit;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            Object result = CountingPool.invoke(target, method, args);
            switch (name) {
                case "createStatement" -> result = statement(result, Statement.class, null);
                case "prepareStatement" -> result = statement(result, PreparedStatement.class, (String) args[0]);
                case "prepareCall" -> result = statement(result, CallableStatement.class, (String) args[0]);
                case "setAutoCommit" -> {
                    boolean on = (Boolean) args[0];
                    if (!on && autoCommit) {
                        counter.began();
                    } else if (on && !autoCommit && ranInTransaction) {
                        // Turning auto-commit back on commits the transaction in progress.
                        counter.committed(true);
                    }
                    autoCommit = on;
                    ranInTransaction = false;
                }
                case "commit" -> {
                    counter.committed(ranInTransaction);
                    ranInTransaction = false;
                }
                case "rollback" -> {
                    if (args == null || args.length == 0) {
                        counter.rolledBack(ranInTransaction);
                        ranInTransaction = false;
                    }
                }
                default -> {
                    if (SERVER_CALLS.contains(name)) {
                        counter.serverCall();
                    }
                }
            }
            return result;
        }

        private Object statement(Object created, Class<? extends Statement> type, String sql) {
            return Proxy.newProxyInstance(CountingPool.class.getClassLoader(), new Class<?>[] {type},
                    new StatementHandler((Statement) created, sql, this));
        }

        void ran() {
            if (!autoCommit) {
                ranInTransaction = true;
            }
        }
    }

    /** One statement: executions counted (a batch by its rows, one round trip) and, when asked, timed by SQL text. */
    private final class StatementHandler implements InvocationHandler {
        private final Statement target;
        private final String preparedSql;
        private final ConnectionHandler connection;
        private int batched;

        StatementHandler(Statement target, String preparedSql, ConnectionHandler connection) {
            this.target = target;
            this.preparedSql = preparedSql;
            this.connection = connection;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (name.equals("addBatch")) {
                batched++;
                return CountingPool.invoke(target, method, args);
            }
            if (name.equals("clearBatch")) {
                batched = 0;
                return CountingPool.invoke(target, method, args);
            }
            boolean single = EXECUTIONS.contains(name);
            if (!single && !BATCH_EXECUTIONS.contains(name)) {
                return CountingPool.invoke(target, method, args);
            }
            String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : preparedSql;
            long start = counter.timing() ? System.nanoTime() : 0;
            try {
                return CountingPool.invoke(target, method, args);
            } finally {
                counter.executed(single ? 1 : batched, sql, counter.timing() ? System.nanoTime() - start : 0);
                batched = single ? batched : 0;
                connection.ran();
            }
        }
    }
}
