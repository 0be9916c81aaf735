package org.partnerdelegation.benchmarks.load;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.partnerdelegation.core.domain.EmailAddress;
import org.partnerdelegation.core.outbox.OutboxDispatcher;
import org.partnerdelegation.core.usecase.DelegationSettings;
import org.partnerdelegation.core.usecase.PartnerDelegation;
import org.partnerdelegation.jdbi.DatabaseConfig;
import org.partnerdelegation.jdbi.JdbiStorage;
import org.partnerdelegation.mail.MailBranding;
import org.partnerdelegation.mail.MailTemplates;
import org.partnerdelegation.mail.SimpleJavaMailNotifier;
import org.partnerdelegation.mail.SmtpSettings;
import org.partnerdelegation.mail.TlsMode;

/**
 * One application node of a load run, wired as a host wires it: its own pool
 * ({@code JdbiStorage.connect}), its facade, and an {@link OutboxDispatcher} delivering through
 * {@link SimpleJavaMailNotifier} to the run's SMTP server; its threads run the load's mix.
 *
 * <p>{@link #main} runs a node in a JVM of its own, as {@link LoadRun} starts it with
 * {@code separateJvms(true)}: the arguments are the node's plan and a journal file. It appends
 * every acknowledged write to the journal, prints a {@code PROGRESS} line every second and its
 * figures ({@code TALLY} lines) when done, and reads the invitation links the coordinator found in
 * the mail server ({@code TOKEN g i token} lines, then {@code STOP}) from its standard input.
 * Not meant to be called by a host.
 */
public final class LoadNode implements AutoCloseable {

    /** The settings of the nodes: logins limited far above the load's rate, so that the limit refuses none, and no invitation cool-down. */
    static final DelegationSettings SETTINGS = DelegationSettings.defaults()
            .withLoginRate(DelegationSettings.MAX_LOGINS_PER_WINDOW, Duration.ofMinutes(1))
            .withMaxLiveSessions(DelegationSettings.MAX_MAX_LIVE_SESSIONS)
            // A customer deleted and added again at once is the load's churn, not a partner spamming it.
            .withInvitationCooldown(Duration.ZERO);
    /** Shorter than the default five minutes: an entry claimed just before a failover is delivered again within the run. */
    static final Duration LEASE = Duration.ofSeconds(30);

    private final NodePlan plan;
    private final JdbiStorage storage;
    private final SimpleJavaMailNotifier notifier;
    private final OutboxDispatcher dispatcher;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    final Tally tally = new Tally();
    final Journal journal;
    final Worker.Tokens tokens = new Worker.Tokens();

    private LoadNode(NodePlan plan, Journal journal) {
        this.plan = plan;
        this.journal = journal;
        this.storage = JdbiStorage.connect(DatabaseConfig.of(plan.jdbcUrl(), plan.user(), plan.password())
                .withMaximumPoolSize(plan.poolSize()).withInstallSchema(false));
        PartnerDelegation facade = PartnerDelegation.builder()
                .tenantDirectory(storage.tenantDirectory())
                .delegationStore(storage.delegationStore())
                .sessionIssuer(storage.sessionIssuer())
                .settings(SETTINGS)
                .build();
        this.notifier = new SimpleJavaMailNotifier(SmtpSettings.of(plan.smtpHost(), plan.smtpPort(), TlsMode.NONE)
                .withTimeout(Duration.ofSeconds(10)), MailTemplates.defaults(branding()));
        this.dispatcher = OutboxDispatcher.builder(facade).notifier(notifier).lease(LEASE).build();
        long deadline = System.nanoTime() + plan.duration().toNanos();
        for (int t = 0; t < plan.threads(); t++) {
            int g = plan.firstThread() + t;
            Worker worker = new Worker(g, plan.tenants(), facade, journal, tally, tokens, plan.seed(),
                    () -> stop.get() || System.nanoTime() >= deadline);
            Thread thread = new Thread(worker, "load-node" + plan.node() + "-" + t);
            thread.setDaemon(true);
            threads.add(thread);
        }
    }

    static MailBranding branding() {
        return new MailBranding("Load run", EmailAddress.of("no-reply@load.partnerdelegation.example"), "Load run",
                NodePlan.ACCEPT_BASE);
    }

    /** Starts a node in this JVM: its dispatcher and threads run until the plan's duration has passed. */
    static LoadNode start(NodePlan plan, Journal journal) {
        LoadNode node = new LoadNode(plan, journal);
        node.dispatcher.start(Duration.ofMillis(250));
        node.threads.forEach(Thread::start);
        return node;
    }

    /** Waits until every thread has finished its last call and settled what was in doubt. */
    void join() {
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Asks the threads to stop after their current call. */
    void stop() {
        stop.set(true);
    }

    @Override
    public void close() {
        stop();
        join();
        dispatcher.close();
        notifier.close();
        storage.close();
    }

    /**
     * Runs one node in this JVM, as a child of {@link LoadRun}.
     *
     * @param args the node's plan (twelve values, as the coordinator writes them) and the journal file
     * @throws Exception when the node cannot start; the coordinator reports the exit status
     */
    public static void main(String[] args) throws Exception {
        NodePlan plan = NodePlan.fromArgs(args);
        Path journalFile = Path.of(args[12]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (Journal.ToFile journal = new Journal.ToFile(journalFile)) {
            LoadNode node = start(plan, journal);
            Thread input = new Thread(() -> readCommands(node), "load-node-input");
            input.setDaemon(true);
            input.start();
            Thread progress = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    out.println(progressLine(node.tally));
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "load-node-progress");
            progress.setDaemon(true);
            progress.start();
            node.join();
            progress.interrupt();
            node.close();
            out.println(progressLine(node.tally));
            Files.writeString(journalFile.resolveSibling(journalFile.getFileName() + ".tally"), node.tally.toLines());
            out.println("DONE");
        }
    }

    static String progressLine(Tally tally) {
        return "PROGRESS " + tally.totalCalls() + " " + tally.total(Tally.Outcome.OK) + " " + tally.total(Tally.Outcome.REFUSED)
                + " " + tally.total(Tally.Outcome.IN_DOUBT);
    }

    private static void readCommands(LoadNode node) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.split(" ");
                if (f[0].equals("TOKEN") && f.length == 4) {
                    node.tokens.put(Integer.parseInt(f[1]), Integer.parseInt(f[2]), f[3]);
                } else if (f[0].equals("STOP")) {
                    node.stop();
                }
            }
        } catch (java.io.IOException e) {
            // The coordinator went away: the deadline still stops the node.
        }
    }
}
