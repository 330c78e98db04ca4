package io.callpath.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.events.CallEvent;
import io.callpath.events.Phase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventSpoolTest {

    @TempDir
    Path directory;

    private final List<CallEvent> events = CallStory.call("call-1", Instant.parse("2026-03-02T10:00:00Z"), "+1555")
            .phase(Phase.INFORMER, 0)
            .phase(Phase.MENU, 25_000)
            .events();

    @Test
    void aReopenedSpoolReplaysWhatTheLastOneAppendedInOrder() throws Exception {
        try (EventSpool first = new EventSpool(directory)) {
            first.append(events.subList(0, 1));
            first.seal();
            first.append(events.subList(1, events.size()));
        }

        EventSpool reopened = new EventSpool(directory);
        assertThat(reopened.hasPending()).isTrue();
        List<Path> segments = reopened.seal();
        assertThat(segments).hasSize(2);
        assertThat(segments.stream()
                        .flatMap(segment -> read(reopened, segment).stream())
                        .toList())
                .isEqualTo(events);
    }

    @Test
    void aTornLastLineIsSkippedAndTheRestIsKept() throws Exception {
        try (EventSpool spool = new EventSpool(directory)) {
            spool.append(events);
        }
        Path segment = new EventSpool(directory).seal().get(0);
        Files.writeString(segment, "{\"eventId\":\"12", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        assertThat(new EventSpool(directory).read(segment)).isEqualTo(events);
    }

    @Test
    void aNewlineInACallerNameStaysInsideItsLine() throws Exception {
        List<CallEvent> hostile = CallStory.call(
                        "call-2", Instant.parse("2026-03-02T10:00:00Z"), "+1555\n{\"eventId\":1}")
                .events();
        try (EventSpool spool = new EventSpool(directory)) {
            spool.append(hostile);
        }
        EventSpool reopened = new EventSpool(directory);
        Path segment = reopened.seal().get(0);

        assertThat(Files.readAllLines(segment)).hasSize(1);
        assertThat(reopened.read(segment)).isEqualTo(hostile);
    }

    private static List<CallEvent> read(EventSpool spool, Path segment) {
        try {
            return spool.read(segment);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
