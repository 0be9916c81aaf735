package org.partnerdelegation.benchmarks;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.jdbi.DatabaseConfig;
import org.partnerdelegation.jdbi.JdbiStorage;
import org.partnerdelegation.sessioncache.CaffeineSessionCache;
import org.partnerdelegation.sessioncache.SessionCacheFigures;

/**
 * An application node in a JVM of its own, for the propagation measurement of
 * {@link org.partnerdelegation.benchmarks.report.SessionCacheReport}: its own pool and cache on
 * the PostgreSQL URL it is given, driven line by line on its standard input. {@code check TOKEN}
 * answers {@code live HITS} (the cache's hits after the check) or {@code refused};
 * {@code until-refused TOKEN} checks every 0.2 ms until the token is refused, then answers
 * {@code refused}; {@code quit} ends it. It prints {@code ready} once its listener has subscribed.
 */
public final class CacheNodeProcess {

    private CacheNodeProcess() {
    }

    /**
     * Runs the node until {@code quit} or the end of its input.
     *
     * @param args the JDBC URL, the user and the password
     * @throws Exception when the node cannot start
     */
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        try (JdbiStorage storage = JdbiStorage.connect(DatabaseConfig.of(args[0], args[1], args[2]).withInstallSchema(false)
                .withMaximumPoolSize(2));
             CaffeineSessionCache cache = CaffeineSessionCache.builder().listenerConnection(args[0], args[1], args[2]).build()) {
            PartnerDelegation facade = PartnerDelegation.builder()
                    .tenantDirectory(storage.tenantDirectory())
                    .delegationStore(storage.delegationStore())
                    .sessionIssuer(storage.sessionIssuer())
                    .sessionCache(cache)
                    .build();
            if (!cache.await(SessionCacheFigures::serving, Duration.ofSeconds(60))) {
                throw new IllegalStateException("the listener did not subscribe");
            }
            out.println("ready");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
                String[] words = line.split(" ");
                switch (words[0]) {
                    case "check" -> out.println(facade.validateSession(words[1]).isPresent()
                            ? "live " + cache.figures().hits() : "refused");
                    case "until-refused" -> {
                        while (facade.validateSession(words[1]).isPresent()) {
                            // A check every 0.2 ms, as requests come: a loop without a pause would starve the
                            // listener's thread of a core on a small machine.
                            java.util.concurrent.locks.LockSupport.parkNanos(200_000);
                        }
                        out.println("refused");
                    }
                    default -> out.println("unknown " + words[0]);
                }
            }
        }
    }
}
