package org.partnerdelegation.jdbi;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy between a connection pool and a PostgreSQL server that cuts one connection at a
 * chosen point of the wire protocol, to stand for a server or network that dies mid-call:
 * <ul>
 *   <li>{@link #cutAfterCommit()}: the client's next COMMIT (pgjdbc sends it as a Parse message whose
 *       text is {@code COMMIT}, or a Bind of the statement it prepared so) goes to the server; the server's reply is read
 *       up to its ReadyForQuery and thrown away, then both sides are closed. The server has
 *       committed; the client sees its connection die while waiting for the answer.</li>
 *   <li>{@link #cutBefore(String)}: the client's next Parse or Query holding the text is not sent;
 *       both sides are closed at once. The server rolls back what the transaction had done.</li>
 * </ul>
 * Each arming cuts one connection once. The client must not ask for TLS ({@code sslmode=disable}),
 * so that every message after the startup packet is framed as type, length, body.
 * {@link #close()} closes the listening socket and every connection it relays.
 */
final class CommitCuttingProxy implements AutoCloseable {

    private enum Cut { AFTER_COMMIT, BEFORE }

    private record Armed(Cut cut, byte[] text, CountDownLatch done) {
    }

    private final ServerSocket listening;
    private final InetSocketAddress server;
    private final AtomicReference<Armed> armed = new AtomicReference<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    CommitCuttingProxy(String serverHost, int serverPort) throws IOException {
        this.server = new InetSocketAddress(serverHost, serverPort);
        this.listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "commit-cutting-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** {@return the loopback port clients connect to} */
    int port() {
        return listening.getLocalPort();
    }

    /** Arms the proxy to let the next COMMIT through and drop its reply; the latch opens once the connection is cut. */
    CountDownLatch cutAfterCommit() {
        return arm(Cut.AFTER_COMMIT, "COMMIT");
    }

    /** Arms the proxy to cut the connection that next sends a statement holding {@code text}, before it is sent. */
    CountDownLatch cutBefore(String text) {
        return arm(Cut.BEFORE, text);
    }

    /** Whether an arming has not been used yet. */
    boolean isArmed() {
        return armed.get() != null;
    }

    private CountDownLatch arm(Cut cut, String text) {
        CountDownLatch done = new CountDownLatch(1);
        if (!armed.compareAndSet(null, new Armed(cut, text.getBytes(StandardCharsets.UTF_8), done))) {
            throw new IllegalStateException("armed already");
        }
        return done;
    }

    private void acceptLoop() {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Socket upstream = new Socket();
                upstream.connect(server, 5_000);
                // Each message is flushed on its own: without this, Nagle's algorithm and delayed ACKs hold each back.
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                Relay relay = new Relay(client, upstream);
                start("proxy client->server", relay::clientToServer);
                start("proxy server->client", relay::serverToClient);
            } catch (IOException e) {
                // closed: the loop ends
            }
        }
    }

    private static void start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }

    /** One client connection and its server connection. */
    private final class Relay {
        private final Socket client;
        private final Socket upstream;
        /** The names of the server-side statements that run COMMIT on this connection. */
        private final java.util.Set<String> commitStatements = new java.util.HashSet<>();
        /** Set before the COMMIT leaves, so that no byte of its reply can reach the client. */
        private volatile Armed dropping;

        Relay(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        /**
         * Whether the message runs a COMMIT: a Parse or Query of it, or a Bind of the statement a
         * Parse prepared it as. pgjdbc prepares a statement it ran a few times under a name (S_1...),
         * after which it sends only Bind and Execute, without the text.
         */
        private boolean isCommit(int type, byte[] body) {
            if (type == 'P' || type == 'Q') {
                boolean commit = contains(body, COMMIT, true);
                if (commit && type == 'P') {
                    String name = cString(body, 0);
                    if (!name.isEmpty()) {
                        commitStatements.add(name);
                    }
                }
                return commit;
            }
            if (type == 'B') {
                String portal = cString(body, 0);
                return commitStatements.contains(cString(body, portal.length() + 1));
            }
            return false;
        }

        void clientToServer() {
            try (DataInputStream in = new DataInputStream(client.getInputStream())) {
                OutputStream out = upstream.getOutputStream();
                // The startup packet: length, then the rest, without a type byte.
                int length = in.readInt();
                byte[] startup = in.readNBytes(length - 4);
                writeInt(out, length);
                out.write(startup);
                out.flush();
                while (true) {
                    int type = in.read();
                    if (type < 0) {
                        break;
                    }
                    int len = in.readInt();
                    byte[] body = in.readNBytes(len - 4);
                    Armed now = armed.get();
                    boolean commit = isCommit(type, body);
                    if (now != null && (now.cut() == Cut.AFTER_COMMIT ? commit : (type == 'P' || type == 'Q') && matches(now, body))
                            && armed.compareAndSet(now, null)) {
                        if (now.cut() == Cut.BEFORE) {
                            closeBoth();
                            now.done().countDown();
                            return;
                        }
                        dropping = now;
                    }
                    out.write(type);
                    writeInt(out, len);
                    out.write(body);
                    out.flush();
                }
            } catch (IOException e) {
                // either side went away
            }
            closeBoth();
        }

        void serverToClient() {
            try (DataInputStream in = new DataInputStream(upstream.getInputStream())) {
                OutputStream out = client.getOutputStream();
                while (true) {
                    int type = in.read();
                    if (type < 0) {
                        break;
                    }
                    int len = in.readInt();
                    byte[] body = in.readNBytes(len - 4);
                    Armed cutting = dropping;
                    if (cutting != null) {
                        // The COMMIT's reply ends with ReadyForQuery: by then the server has committed.
                        if (type == 'Z') {
                            closeBoth();
                            cutting.done().countDown();
                            return;
                        }
                        continue;
                    }
                    out.write(type);
                    writeInt(out, len);
                    out.write(body);
                    out.flush();
                }
            } catch (EOFException e) {
                // the server closed
            } catch (IOException e) {
                // either side went away
            }
            closeBoth();
        }

        private void closeBoth() {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    /** Whether the message holds the text a {@link #cutBefore} was armed with. */
    private static boolean matches(Armed armed, byte[] body) {
        return contains(body, armed.text(), false);
    }

    private static final byte[] COMMIT = "COMMIT".getBytes(StandardCharsets.US_ASCII);

    /** The null-terminated string at {@code from}. */
    private static String cString(byte[] body, int from) {
        int end = from;
        while (end < body.length && body[end] != 0) {
            end++;
        }
        return new String(body, from, Math.max(0, end - from), StandardCharsets.UTF_8);
    }

    private static boolean contains(byte[] body, byte[] text, boolean wholeString) {
        outer:
        for (int i = 0; i + text.length <= body.length; i++) {
            for (int j = 0; j < text.length; j++) {
                if (body[i + j] != text[j]) {
                    continue outer;
                }
            }
            if (!wholeString) {
                return true;
            }
            int end = i + text.length;
            if ((i == 0 || body[i - 1] == 0) && end < body.length && body[end] == 0) {
                return true;
            }
        }
        return false;
    }

    private static void writeInt(OutputStream out, int value) throws IOException {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        try {
            listening.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        sockets.forEach(CommitCuttingProxy::closeQuietly);
        try {
            acceptor.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
