package io.callpath.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on {@code <dataDirectory>.lock}, held for as long as this callpath runs the embedded PostgreSQL.
 * The kernel drops it when the JVM dies (kill -9 included), so a postmaster found running on a data directory whose lock
 * we could take was left by a callpath that is gone, and is safe to stop; one whose lock is held belongs to a callpath
 * that still runs, and is left alone.
 */
final class DataDirectoryLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock or says which file another running callpath holds. */
    static DataDirectoryLock acquire(Path dataDirectory) {
        Path file = lockFile(dataDirectory);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IllegalStateException(heldMessage(dataDirectory, file));
            }
            return new DataDirectoryLock(channel, lock);
        } catch (OverlappingFileLockException e) {
            close(channel);
            throw new IllegalStateException(heldMessage(dataDirectory, file), e);
        } catch (IOException e) {
            close(channel);
            throw new UncheckedIOException(
                    "could not lock " + file + " (database.dataDirectory must be on a writable disk): "
                            + e.getMessage(),
                    e);
        } catch (RuntimeException e) {
            close(channel);
            throw e;
        }
    }

    static Path lockFile(Path dataDirectory) {
        return dataDirectory.resolveSibling(dataDirectory.getFileName() + ".lock");
    }

    private static String heldMessage(Path dataDirectory, Path file) {
        return "another callpath is running on database.dataDirectory " + dataDirectory + " (it holds " + file
                + "); stop it first, or give this one its own dataDirectory";
    }

    private static void close(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing held yet
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the kernel releases it with the process anyway
        }
    }
}
