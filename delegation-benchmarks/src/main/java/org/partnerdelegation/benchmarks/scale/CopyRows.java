package org.partnerdelegation.benchmarks.scale;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * One {@code COPY ... FROM STDIN} in PostgreSQL's text format, fed a row at a time and sent in
 * chunks of about a megabyte, so that ten million rows never sit in memory. Not thread-safe.
 */
final class CopyRows implements AutoCloseable {

    private static final int FLUSH_AT = 1 << 20;

    private final CopyIn copy;
    private final String table;
    private final StringBuilder buffer = new StringBuilder(FLUSH_AT + 4096);
    private long rows;
    private boolean first = true;
    private int valuesInRow;

    CopyRows(Connection connection, String table, List<String> columns) throws SQLException {
        this.table = table;
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN");
    }

    /** Starts a row; the values follow with {@link #add}. */
    CopyRows row() {
        if (!first) {
            buffer.append('\n');
        }
        first = false;
        valuesInRow = 0;
        rows++;
        if (buffer.length() >= FLUSH_AT) {
            flush();
        }
        return this;
    }

    /** The next value of the row; null for SQL NULL. */
    CopyRows add(Object value) {
        if (valuesInRow++ > 0) {
            buffer.append('\t');
        }
        if (value == null) {
            buffer.append("\\N");
        } else {
            String text = value.toString();
            for (int i = 0; i < text.length(); i++) {
                char ch = text.charAt(i);
                switch (ch) {
                    case '\\' -> buffer.append("\\\\");
                    case '\t' -> buffer.append("\\t");
                    case '\n' -> buffer.append("\\n");
                    case '\r' -> buffer.append("\\r");
                    default -> buffer.append(ch);
                }
            }
        }
        return this;
    }

    /** A timestamp with time zone from epoch seconds and microseconds, as ISO 8601 in UTC. */
    CopyRows time(long epochSecond, long micros) {
        return add(Instant.ofEpochSecond(epochSecond, micros * 1_000L));
    }

    private void flush() {
        // Every row but the one being started is complete: send up to its line break.
        int cut = buffer.lastIndexOf("\n") + 1;
        byte[] bytes = buffer.substring(0, cut).getBytes(StandardCharsets.UTF_8);
        try {
            copy.writeToCopy(bytes, 0, bytes.length);
        } catch (SQLException e) {
            throw new IllegalStateException("COPY into " + table + " failed: " + e.getMessage(), e);
        }
        buffer.delete(0, cut);
    }

    /** Sends what is left and ends the COPY. */
    long finish() {
        try {
            buffer.append('\n');
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            if (rows > 0) {
                copy.writeToCopy(bytes, 0, bytes.length);
            }
            buffer.setLength(0);
            return copy.endCopy();
        } catch (SQLException e) {
            throw new IllegalStateException("COPY into " + table + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("Cancelling the COPY into " + table + " failed", e));
        }
    }
}
