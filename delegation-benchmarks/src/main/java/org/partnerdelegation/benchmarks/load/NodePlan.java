package org.partnerdelegation.benchmarks.load;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one node of a load run does: where the database and the SMTP server are, how many threads
 * and connections, for how long, and which threads (numbered across nodes) it runs. Passed to a
 * child JVM as its arguments.
 */
record NodePlan(int node, String jdbcUrl, String user, String password, int threads, int poolSize, Duration duration,
                String smtpHost, int smtpPort, String run, int customersPerThread, long seed) {

    static final String ACCEPT_BASE = "https://load.partnerdelegation.example/accept?token=";

    NodePlan {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(duration, "duration");
    }

    int firstThread() {
        return node * threads;
    }

    LoadTenants tenants() {
        return new LoadTenants(run, customersPerThread);
    }

    List<String> toArgs() {
        return List.of(String.valueOf(node), jdbcUrl, user, password, String.valueOf(threads), String.valueOf(poolSize),
                String.valueOf(duration.toMillis()), smtpHost, String.valueOf(smtpPort), run, String.valueOf(customersPerThread),
                String.valueOf(seed));
    }

    static NodePlan fromArgs(String[] a) {
        if (a.length < 12) {
            throw new IllegalArgumentException("LoadNode takes 12 arguments (a NodePlan) and a journal file, got " + a.length);
        }
        return new NodePlan(Integer.parseInt(a[0]), a[1], a[2], a[3], Integer.parseInt(a[4]), Integer.parseInt(a[5]),
                Duration.ofMillis(Long.parseLong(a[6])), a[7], Integer.parseInt(a[8]), a[9], Integer.parseInt(a[10]),
                Long.parseLong(a[11]));
    }
}
