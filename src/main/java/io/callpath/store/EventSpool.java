package io.callpath.store;

import io.callpath.events.CallEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Append-only local files of events (one JSON line each) that wait for the database.
 * Appends go straight to the kernel (no user-space buffer), so a kill -9 of the JVM loses nothing
 * already appended; {@link #sync()} forces them to disk, which bounds a power loss to the appends since the last sync.
 * Segments are named {@code events-<sequence>.jsonl}; a sealed segment is replayed in order and deleted after commit.
 */
final class EventSpool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventSpool.class);
    private static final String PREFIX = "events-";
    private static final String SUFFIX = ".jsonl";

    private final Path directory;
    private FileChannel active;
    private Path activePath;
    private boolean dirty;
    private int sealedSegments;
    private long nextSequence;
    private long appended;
    private volatile String failure = "";

    EventSpool(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
            List<Path> left = segments();
            this.sealedSegments = left.size();
            this.nextSequence =
                    left.stream().mapToLong(EventSpool::sequence).max().orElse(0) + 1;
        } catch (IOException e) {
            // reported by probe() at start; appends retry creating it, so a directory fixed later is used then
            this.nextSequence = 1;
            this.failure = describe(e);
        }
    }

    /**
     * Checks that an event could be spooled now (directory, a file created, written, synced, removed); the problem in
     * words when it cannot. The writer reports it at start, so an unwritable spool is known before the database fails.
     */
    Optional<String> probe() {
        Path probe = directory.resolve(".probe-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(directory);
            try (FileChannel channel = FileChannel.open(
                    probe, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap(new byte[512]));
                channel.force(false);
            } finally {
                Files.deleteIfExists(probe);
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(describe(e));
        }
    }

    /** The last append or sync failure while it lasts ("" once the spool works again): the loss report names it. */
    String failure() {
        return failure;
    }

    /**
     * Appends the events (one line each) or throws with nothing of them left behind: a write cut short (disk full) is
     * truncated away, or, if that fails too, its segment is sealed so the torn line stays its last (skipped on replay).
     */
    synchronized void append(List<CallEvent> events) throws IOException {
        if (events.isEmpty()) {
            return;
        }
        StringBuilder lines = new StringBuilder(events.size() * 256);
        for (CallEvent event : events) {
            EventJson.appendLine(lines, event);
            lines.append('\n');
        }
        ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
        FileChannel channel;
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory);
            }
            channel = activeChannel();
        } catch (IOException e) {
            throw failed(e);
        }
        long before = channel.size();
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            undoPartialWrite(channel, before);
            throw failed(e);
        }
        dirty = true;
        appended += events.size();
        recovered();
    }

    private void undoPartialWrite(FileChannel channel, long size) {
        try {
            channel.truncate(size);
        } catch (IOException truncateFailed) {
            try {
                closeActive();
            } catch (IOException ignored) {
                active = null;
                activePath = null;
                dirty = false;
            }
        }
    }

    private IOException failed(IOException e) {
        String cause = describe(e);
        if (failure.isEmpty()) {
            log.warn(
                    "spool {} cannot be written ({}): while the database is down, events wait in memory "
                            + "(database.queueCapacity); free disk space or fix the directory, writing resumes by itself",
                    directory.toAbsolutePath(),
                    cause);
        }
        failure = cause;
        return e;
    }

    private void recovered() {
        if (!failure.isEmpty()) {
            log.info("spool {} can be written again (it failed with: {})", directory.toAbsolutePath(), failure);
            failure = "";
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        return e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }

    /** Forces appended events to disk when there are any new ones; appends may go on meanwhile. */
    void sync() throws IOException {
        FileChannel toForce;
        synchronized (this) {
            toForce = dirty ? active : null;
            dirty = false;
        }
        if (toForce == null) {
            return;
        }
        try {
            // outside the lock: an fsync can take milliseconds, and accept() may be appending on a call's thread
            toForce.force(false);
        } catch (ClosedChannelException sealedMeanwhile) {
            // seal() forced it before closing
        } catch (IOException e) {
            synchronized (this) {
                dirty = true;
                throw failed(e);
            }
        }
    }

    /** Closes the segment being appended to (new appends start a new one) and lists every sealed segment, oldest first. */
    List<Path> seal() throws IOException {
        FileChannel sealing;
        synchronized (this) {
            sealing = active;
            if (sealing != null) {
                // counted at once, so hasPending() never reads false while this segment is between active and listed
                sealedSegments++;
            }
            active = null;
            activePath = null;
            dirty = false;
        }
        if (sealing != null) {
            // forced and closed outside the lock so overflow appends from calls never wait on the disk
            try (sealing) {
                sealing.force(false);
            }
        }
        synchronized (this) {
            List<Path> sealed =
                    segments().stream().filter(segment -> !isActive(segment)).toList();
            sealedSegments = sealed.size();
            return sealed;
        }
    }

    private boolean isActive(Path segment) {
        return activePath != null && activePath.equals(segment);
    }

    /** Whether any event waits in the spool (no file system call: this runs once per batch). */
    synchronized boolean hasPending() {
        return active != null || sealedSegments > 0;
    }

    /** Events of a sealed segment in order; a torn last line (power loss mid-write) is skipped with a warning. */
    List<CallEvent> read(Path segment) throws IOException {
        List<CallEvent> events = new ArrayList<>();
        int lineNumber = 0;
        for (String line : Files.readAllLines(segment, StandardCharsets.UTF_8)) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            try {
                events.add(EventJson.parse(line));
            } catch (IllegalArgumentException e) {
                log.warn(
                        "spool {} line {} is unreadable and skipped ({}); a torn last line after a power loss is expected, "
                                + "anything else means the file was edited",
                        segment,
                        lineNumber,
                        e.getMessage());
            }
        }
        return events;
    }

    synchronized void delete(Path segment) throws IOException {
        if (Files.deleteIfExists(segment)) {
            sealedSegments--;
        }
    }

    synchronized long appendedCount() {
        return appended;
    }

    Path directory() {
        return directory;
    }

    @Override
    public synchronized void close() throws IOException {
        closeActive();
    }

    private FileChannel activeChannel() throws IOException {
        if (active == null) {
            Path segment = directory.resolve(String.format("%s%020d%s", PREFIX, nextSequence++, SUFFIX));
            active = FileChannel.open(
                    segment, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            activePath = segment;
        }
        return active;
    }

    private void closeActive() throws IOException {
        if (active != null) {
            try {
                active.force(false);
            } finally {
                active.close();
                active = null;
                activePath = null;
                dirty = false;
            }
        }
    }

    private List<Path> segments() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> {
                        String name = f.getFileName().toString();
                        return name.startsWith(PREFIX) && name.endsWith(SUFFIX);
                    })
                    .sorted()
                    .toList();
        }
    }

    private static long sequence(Path segment) {
        String name = segment.getFileName().toString();
        return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
    }
}
