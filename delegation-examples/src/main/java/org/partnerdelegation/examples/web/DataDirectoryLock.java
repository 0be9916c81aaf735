package org.partnerdelegation.examples.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The web demo's claim on its data directory, held for the demo's life: an exclusive lock on the
 * file {@value #FILE_NAME} in it, which holds the claiming process's id. A second demo on the same
 * directory, in another process or in this one, is refused at once with {@link InUseException}
 * (rather than waiting on the database's own file lock). The operating system drops the lock when
 * the process ends, however it ends, so a crashed demo leaves no claim behind. Thread-safe.
 */
public final class DataDirectoryLock implements AutoCloseable {

    /** The lock file's name in the data directory; emptying the data directory leaves it in place. */
    public static final String FILE_NAME = "demo.lock";

    /**
     * The byte locked: far past the file's content, because on some systems (Windows) a lock also
     * keeps other processes from reading the bytes it covers, and the second demo reads the id.
     */
    private static final long LOCKED_BYTE = Long.MAX_VALUE - 1;
    /**
     * The directories this process holds. A file lock belongs to the whole process, and on some
     * systems closing any channel to the file drops it: a second claim from this process must be
     * refused before it opens the file at all.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;
    private final AtomicBoolean released = new AtomicBoolean();

    private DataDirectoryLock(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Claims {@code directory} (created if missing) for this demo.
     *
     * @throws InUseException       when another demo, in this process or another one, holds it
     * @throws UncheckedIOException when the directory or its lock file cannot be created or locked
     */
    public static DataDirectoryLock acquire(Path directory) {
        Objects.requireNonNull(directory, "directory");
        Path real;
        try {
            Files.createDirectories(directory);
            // Two spellings of one directory (a relative path, a symbolic link) are one claim.
            real = directory.toRealPath();
        } catch (IOException e) {
            throw unusable(directory, e);
        }
        if (!HELD.add(real)) {
            throw new InUseException(real, OptionalLong.of(ProcessHandle.current().pid()));
        }
        try {
            return lock(real);
        } catch (RuntimeException | Error e) {
            HELD.remove(real);
            throw e;
        }
    }

    private static DataDirectoryLock lock(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw unusable(directory, e);
        }
        try {
            FileLock lock = channel.tryLock(LOCKED_BYTE, 1, false);
            if (lock == null) {
                channel.close();
                throw new InUseException(directory, holder(file));
            }
            // The id of the holder, for the message a second demo prints; the lock, not this content, is the claim.
            byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(pid), 0);
            return new DataDirectoryLock(directory, channel, lock);
        } catch (OverlappingFileLockException e) {
            // Another class loader of this process holds it (HELD is per class loader).
            closeQuietly(channel);
            throw new InUseException(directory, OptionalLong.of(ProcessHandle.current().pid()));
        } catch (IOException e) {
            closeQuietly(channel);
            throw unusable(directory, e);
        }
    }

    /** The directory claimed, as its real path. */
    public Path directory() {
        return directory;
    }

    /** Releases the claim; releasing again does nothing. The lock file stays, empty of meaning. */
    @Override
    public void close() {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot release the lock on the demo's data directory " + directory, e);
        } finally {
            HELD.remove(directory);
        }
    }

    /** The process id the lock file names, when it names one. */
    private static OptionalLong holder(Path file) {
        try {
            String content = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return content.matches("\\d{1,18}") ? OptionalLong.of(Long.parseLong(content)) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    private static UncheckedIOException unusable(Path directory, IOException e) {
        return new UncheckedIOException("Cannot use " + directory.toAbsolutePath() + " as the demo's data directory ("
                + e.getClass().getSimpleName() + ": " + e.getMessage() + "): give the demo another one with -Dpd.demo.dataDir=<path>.", e);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the claim failed already; that failure is the one to report
        }
    }

    /** Another demo holds the data directory: its message is one line, naming the directory and, when known, the process. */
    public static final class InUseException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InUseException(Path directory, OptionalLong holder) {
            super("The data directory " + directory + " is in use by another demo"
                    + (holder.isPresent() ? " (process " + holder.getAsLong() + ")" : "")
                    + ": stop that demo, or give this one its own data directory with -Dpd.demo.dataDir=<path>.");
        }
    }
}
