package io.callpath.store;

import io.callpath.clock.CallEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
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
    private boolean dirty;
    private long nextSequence;
    private long appended;

    EventSpool(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
            this.nextSequence = segments().stream().mapToLong(EventSpool::sequence).max().orElse(0) + 1;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use spool directory " + directory + ": " + e.getMessage(), e);
        }
    }

    synchronized void append(List<CallEvent> events) throws IOException {
        if (events.isEmpty()) {
            return;
        }
        StringBuilder lines = new StringBuilder(events.size() * 256);
        for (CallEvent event : events) {
            lines.append(EventJson.line(event)).append('\n');
        }
        ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
        FileChannel channel = activeChannel();
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        dirty = true;
        appended += events.size();
    }

    /** Forces appended events to disk when there are any new ones. */
    synchronized void sync() throws IOException {
        if (dirty && active != null) {
            active.force(false);
        }
        dirty = false;
    }

    /** Closes the segment being appended to (new appends start a new one) and lists every sealed segment, oldest first. */
    synchronized List<Path> seal() throws IOException {
        closeActive();
        return segments();
    }

    synchronized boolean hasPending() throws IOException {
        return active != null || !segments().isEmpty();
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
                log.warn("spool {} line {} is unreadable and skipped ({}); a torn last line after a power loss is expected, "
                        + "anything else means the file was edited", segment, lineNumber, e.getMessage());
            }
        }
        return events;
    }

    void delete(Path segment) throws IOException {
        Files.deleteIfExists(segment);
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
            active = FileChannel.open(segment, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
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
                dirty = false;
            }
        }
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> {
                String name = f.getFileName().toString();
                return name.startsWith(PREFIX) && name.endsWith(SUFFIX);
            }).sorted().toList();
        }
    }

    private static long sequence(Path segment) {
        String name = segment.getFileName().toString();
        return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
    }
}
