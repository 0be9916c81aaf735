package org.partnerdelegation.examples.web;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.partnerdelegation.core.domain.DelegationException;
import org.partnerdelegation.examples.ConsoleWalkthrough;

/**
 * Starts the web demo: {@code mvn -B -q -pl delegation-examples -am compile -Dmaven.test.skip exec:java}
 * from the repository root, then open the printed URL. It prints a line as each phase of its start
 * begins, then how long starting took, then the URL and the demo users. Arguments (through
 * {@code -Dexec.args="..."}): {@code --port N} (default 8080, or the {@code pd.demo.port} system
 * property), {@code --host ADDRESS} (default 127.0.0.1: this machine only), {@code --reset} (start
 * from the seed again), {@code --console} (play the console walkthrough instead). The database and
 * the received mail live in the {@code pd.demo.dataDir} system property's directory, which one demo
 * at a time may use. Ctrl-C stops it cleanly.
 */
public final class WebDemo {

    /** The port when none is given. */
    public static final int DEFAULT_PORT = 8080;
    /** The data directory when {@code pd.demo.dataDir} is not set, from the repository's root. */
    static final String DEFAULT_DATA_DIRECTORY = "delegation-examples/target/web-demo-data";
    private static final String USAGE = "Usage: [--port N] [--host ADDRESS] [--reset] [--console]";

    private WebDemo() {
    }

    public static void main(String[] args) throws InterruptedException {
        String configured = System.getProperty("pd.demo.port");
        int port = configured == null ? DEFAULT_PORT : port(configured, "-Dpd.demo.port");
        String host = DemoServer.LOOPBACK;
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
                case "--host" -> {
                    if (i + 1 >= args.length) {
                        usage("--host needs an address");
                    }
                    host = args[++i];
                    invalidHost(host).ifPresent(WebDemo::usage);
                }
                default -> usage("Unknown argument " + args[i]);
            }
        }
        Path data = dataDirectory();
        long startedAt = System.nanoTime();
        DemoServer server;
        try {
            server = DemoServer.start(data, reset, host, port, System.out::println);
        } catch (DemoServer.PortInUseException e) {
            System.err.println(portInUse(port));
            System.exit(2);
            return;
        } catch (DataDirectoryLock.InUseException | UncheckedIOException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        } catch (DelegationException e) {
            // Such as a data directory whose path H2 would read as settings (a ';' in it): the library's refusal, in one line.
            System.err.println("Cannot start the demo over " + data.toAbsolutePath() + ": " + e.getMessage());
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
        exposure(host).ifPresent(System.out::println);
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

    /**
     * Why {@code host} cannot be listened on, in words; empty when it is an address of this machine
     * (or a name of one), or the wildcard address {@code 0.0.0.0} or {@code ::}.
     */
    static Optional<String> invalidHost(String host) {
        String shown = shown(host);
        if (host.isBlank() || !host.equals(host.strip()) || host.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("--host needs an address of this machine, such as 127.0.0.1 or 0.0.0.0, not \"" + shown + "\"");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return Optional.of("--host needs an address of this machine, such as 127.0.0.1 or 0.0.0.0, not " + shown
                    + " (no such address or host name)");
        }
        if (address.isAnyLocalAddress() || address.isLoopbackAddress()) {
            return Optional.empty();
        }
        try {
            if (NetworkInterface.getByInetAddress(address) != null) {
                return Optional.empty();
            }
        } catch (SocketException e) {
            // the interfaces cannot be listed: say it as for an address no interface has
        }
        return Optional.of("--host needs an address of this machine, such as 127.0.0.1 or 0.0.0.0, not " + shown
                + " (no network interface of this machine has " + address.getHostAddress() + ")");
    }

    /**
     * The warning the demo prints when it listens beyond this machine: the sign-in picker has no
     * passwords, so whoever reaches the address can act as any demo user.
     */
    static Optional<String> exposure(String host) {
        try {
            if (InetAddress.getByName(host).isLoopbackAddress()) {
                return Optional.empty();
            }
        } catch (UnknownHostException e) {
            // checked before the start; were it to vanish since, warn as for any other address
        }
        return Optional.of("Warning: listening on " + host + ", not only on this machine: anyone who can reach it can sign in as"
                + " any demo user (the sign-in picker asks for no password).");
    }

    /**
     * The data directory: the {@code pd.demo.dataDir} system property, else
     * {@value #DEFAULT_DATA_DIRECTORY}; a relative path is taken from the working directory.
     */
    static Path dataDirectory() {
        String configured = System.getProperty("pd.demo.dataDir");
        if (configured == null) {
            return Path.of(DEFAULT_DATA_DIRECTORY);
        }
        if (configured.isBlank()) {
            usage("-Dpd.demo.dataDir needs a directory, not an empty value");
        }
        try {
            return Path.of(configured);
        } catch (InvalidPathException e) {
            usage("-Dpd.demo.dataDir needs a directory, not " + shown(configured) + " (" + e.getReason() + ")");
            return null;
        }
    }

    /** {@code value} with its control characters shown as {@code ?}, so that a message stays one line. */
    private static String shown(String value) {
        return value.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
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
        System.err.println(problem + ". " + USAGE);
        System.exit(64);
    }
}
