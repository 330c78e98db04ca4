package io.callpath.store;

import io.callpath.events.CallEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events PostgreSQL rejected as bad data (SQL states 22/23): one JSON line each, with the SQL error, in
 * {@code rejected-events.jsonl} next to the spool, so an operator can fix and re-feed them instead of losing them.
 * Written by the writer thread only.
 */
final class DeadLetters {

    static final String FILE_NAME = "rejected-events.jsonl";

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final Path file;
    private final AtomicLong count = new AtomicLong();

    DeadLetters(Path spoolDirectory) {
        this.file = spoolDirectory.resolve(FILE_NAME);
    }

    /** Appends and forces the event with its error; the first one of a run is logged as ERROR with the file's path. */
    synchronized void keep(CallEvent event, SQLException error) {
        String line = EventJson.rejectedLine(event, error.getSQLState(), error.getMessage()) + "\n";
        try (FileChannel channel = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
        } catch (IOException e) {
            log.error(
                    "event {} of call {} rejected by PostgreSQL ({}) and lost: cannot write {} ({}): {}",
                    event.type(),
                    event.linkedId(),
                    error.getSQLState(),
                    file.toAbsolutePath(),
                    e.getMessage(),
                    line.strip());
            return;
        }
        if (count.incrementAndGet() == 1) {
            log.error(
                    "PostgreSQL rejected event {} of call {} as bad data ({}: {}); it and any later rejected event are kept "
                            + "with the SQL error in {} — a bug upstream of the database; fix the data there and replay by hand",
                    event.type(),
                    event.linkedId(),
                    error.getSQLState(),
                    error.getMessage(),
                    file.toAbsolutePath());
        } else {
            log.debug(
                    "event {} of call {} rejected ({}); kept in {}",
                    event.type(),
                    event.linkedId(),
                    error.getSQLState(),
                    file);
        }
    }

    long count() {
        return count.get();
    }

    Path file() {
        return file;
    }
}
