package org.partnerdelegation.examples.web;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.partnerdelegation.examples.ConsoleWalkthrough;

/**
 * Starts the web demo: {@code mvn -B -q -pl delegation-examples -am compile -Dmaven.test.skip exec:java}
 * from the repository root, then open the printed URL. It prints a line as each phase of its start
 * begins, then how long starting took, then the URL and the demo users. Arguments (through
 * {@code -Dexec.args="..."}): {@code --port N} (default 8080, or the {@code pd.demo.port} system
 * property), {@code --reset} (start from the seed again), {@code --console} (play the console
 * walkthrough instead). Ctrl-C stops it cleanly.
 */
public final class WebDemo {

    /** The port when none is given. */
    public static final int DEFAULT_PORT = 8080;

    private WebDemo() {
    }

    public static void main(String[] args) throws InterruptedException {
        String configured = System.getProperty("pd.demo.port");
        int port = configured == null ? DEFAULT_PORT : port(configured, "-Dpd.demo.port");
        boolean reset = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--console" -> {
                    ConsoleWalkthrough.main(new String[0]);
                    return;
                }
                case "--reset" -> reset = true;
                case "--port" -> {
                    if (i + 1 >= args.length) {
                        usage("--port needs a number");
                    }
                    port = port(args[++i], "--port");
                }
                default -> usage("Unknown argument " + args[i]);
            }
        }
        Path data = dataDirectory();
        long startedAt = System.nanoTime();
        DemoServer server;
        try {
            server = DemoServer.start(data, reset, port, System.out::println);
        } catch (DemoServer.PortInUseException e) {
            System.err.println(portInUse(port));
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping the demo...");
            server.close();
            stopped.countDown();
        }, "demo-shutdown"));
        System.out.println(startedIn(System.nanoTime() - startedAt));
        System.out.println(banner(server.url(), data));
        stopped.await();
    }

    /** The one line the demo prints when {@code port} is taken: what to do, with another port to try. */
    static String portInUse(int port) {
        int other = port < 65535 ? port + 1 : DEFAULT_PORT + 1;
        return "Port " + port + " is already in use: stop the program using it, or start the demo on another port with -Dexec.args=\"--port "
                + other + "\".";
    }

    /** The last of the lines the demo prints as it starts (see {@link org.partnerdelegation.examples.StartupLog}): how long starting took. */
    static String startedIn(long nanos) {
        return String.format(Locale.ROOT, "Started in %.1f s.", nanos / 1e9);
    }

    /** What the demo prints once it is up: the URL, the users to pick, where the data lives. */
    static String banner(String url, Path data) {
        StringBuilder out = new StringBuilder();
        out.append("Partner delegation web demo: open ").append(url).append('\n');
        out.append("Sign in as one of these demo users (start with jane@acme-reseller.example):\n");
        for (DemoUser user : DemoUser.all()) {
            out.append(String.format("  %-32s %-30s %s%n", user.name(), user.tenant(), user.role()));
        }
        out.append("Mail is captured in the demo mailbox: ").append(url).append("/mailbox\n");
        out.append("Data: ").append(data.toAbsolutePath()).append(" (kept between runs; --reset or the page's Reset button empties it)\n");
        out.append("Press Ctrl-C to stop.");
        return out.toString();
    }

    private static Path dataDirectory() {
        String configured = System.getProperty("pd.demo.dataDir");
        return Path.of(configured != null ? configured : "delegation-examples/target/web-demo-data");
    }

    /** {@code value} as a port, 0 to 65535; otherwise the usage line, naming {@code option}, and exit 64. */
    private static int port(String value, String option) {
        int port = -1;
        try {
            port = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            usage(option + " needs a number, not " + value);
        }
        if (port < 0 || port > 65535) {
            usage(option + " needs a number from 0 to 65535, not " + value);
        }
        return port;
    }

    private static void usage(String problem) {
        System.err.println(problem + ". Usage: [--port N] [--reset] [--console]");
        System.exit(64);
    }
}
