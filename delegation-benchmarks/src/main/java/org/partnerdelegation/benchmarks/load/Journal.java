package org.partnerdelegation.benchmarks.load;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What the load threads were told: every acknowledged write (the invariant check looks each one
 * up afterwards), every write refused or left in doubt, every refused call (for the outage), raw
 * exceptions and wrong answers. Kept in memory for nodes in the coordinator's JVM, or as lines in
 * a file that a child JVM writes and the coordinator reads once it has exited. Thread-safe.
 */
interface Journal {

    /** Kinds of entries; the arguments of each are described where it is written. */
    enum Kind {
        ADD, ACCEPT, LOGIN, END_SESSION, DELETE, DISASSOCIATE, REVOKE, GRANT,
        /** A login in doubt: a session may be stored that nobody holds. */
        LOGIN_IN_DOUBT,
        /** An entity whose last write stayed in doubt until the end: left out of the checks. */
        UNRESOLVED,
        /** A write refused or in doubt: a = call, b = REFUSED or IN_DOUBT. */
        WRITE_FAILED,
        /** Any refused call: a = call. */
        REFUSED,
        RAW, WRONG
    }

    /** One entry; {@code seq} orders the entries of one thread. Arguments hold no spaces ({@code _} instead). */
    record Entry(long millis, int thread, long seq, Kind kind, String a, String b) {

        String toLine() {
            return "E " + millis + " " + thread + " " + seq + " " + kind + " " + clean(a) + " " + clean(b);
        }

        static Entry parse(String line) {
            String[] f = line.split(" ", 7);
            return new Entry(Long.parseLong(f[1]), Integer.parseInt(f[2]), Long.parseLong(f[3]), Kind.valueOf(f[4]),
                    f[5], f.length > 6 ? f[6] : "-");
        }

        private static String clean(String s) {
            return s == null || s.isEmpty() ? "-" : s.replace(' ', '_').replace('\n', '_').replace('\r', '_');
        }
    }

    void record(Entry entry);

    /** Entries kept in memory. */
    final class InMemory implements Journal {
        private final Queue<Entry> entries = new ConcurrentLinkedQueue<>();

        @Override
        public void record(Entry entry) {
            entries.add(entry);
        }

        List<Entry> entries() {
            return new ArrayList<>(entries);
        }
    }

    /** Entries appended to a file, flushed at every write so that a crash keeps what was acknowledged. */
    final class ToFile implements Journal, AutoCloseable {
        private final BufferedWriter out;

        ToFile(Path file) {
            try {
                this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public synchronized void record(Entry entry) {
            try {
                out.write(entry.toLine());
                out.write('\n');
                if (entry.kind() != Kind.REFUSED) {
                    out.flush();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public synchronized void close() {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static List<Entry> read(Path file) {
            try {
                return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith("E ")).map(Entry::parse).toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
