package org.partnerdelegation.sessioncache;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.partnerdelegation.core.domain.DelegatedSession;
import org.partnerdelegation.jdbi.DatabaseConfig;
import org.partnerdelegation.jdbi.JdbiStorage;

/**
 * An application node in a JVM of its own, for {@link SeparateJvmRevocationTest}: its own pool and
 * cache on the PostgreSQL URL it is given, driven line by line on its standard input, answering on
 * its standard output. {@code check TOKEN} answers {@code live SCOPE} or {@code refused};
 * {@code figures} answers {@code figures HITS MISSES PUSHED}; {@code quit} ends it. It prints
 * {@code ready} once its listener has subscribed.
 */
public final class RemoteNode {

    private RemoteNode() {
    }

    /**
     * Runs the node until {@code quit} or the end of its input.
     *
     * @param args the JDBC URL, the user and the password
     * @throws Exception when the node cannot start
     */
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        // Nothing but answers on the standard output: the library's logs go to the standard error.
        System.setOut(System.err);
        try (JdbiStorage storage = JdbiStorage.connect(DatabaseConfig.of(args[0], args[1], args[2]).withMaximumPoolSize(2));
             CaffeineSessionCache cache = CaffeineSessionCache.builder().listenerConnection(args[0], args[1], args[2])
                     .listenerHeartbeat(Duration.ofMillis(200)).build()) {
            CacheNode node = new CacheNode("remote", storage.tenantDirectory(), storage.delegationStore(), storage.sessionIssuer(),
                    Clock.systemUTC(), ProcessHandle.current().pid(), cache, () -> { });
            if (!cache.await(SessionCacheFigures::serving, Duration.ofSeconds(60))) {
                throw new IllegalStateException("the listener did not subscribe");
            }
            out.println("ready");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
                String[] words = line.split(" ");
                switch (words[0]) {
                    case "check" -> {
                        Optional<DelegatedSession> s = node.facade.validateSession(words[1]);
                        out.println(s.map(d -> "live " + d.scope()).orElse("refused"));
                    }
                    case "figures" -> {
                        SessionCacheFigures f = cache.figures();
                        out.println("figures " + f.hits() + " " + f.misses() + " " + f.pushed());
                    }
                    default -> out.println("unknown " + words[0]);
                }
            }
        }
    }
}
