package io.callpath.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpath.config.DatabaseSettings;
import io.callpath.events.CallEvent;
import io.callpath.events.CallTimeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer under faults of the spool and the database at once: it keeps its events, and resumes by itself. */
class WriterFaultsTest {

    private static final Instant T0 = Instant.parse("2026-03-02T11:00:00Z");

    @TempDir
    Path scratch;

    @BeforeEach
    void cleanTables() {
        SharedPostgres.clean();
    }

    @Test
    void anUnusableSpoolWhileTheDatabaseIsDownLosesNothingAndWritingResumesByItself() throws Exception {
        Path spool = scratch.resolve("spool");
        Files.writeString(spool, "a file where the spool directory should be");
        List<CallEvent> events = calls(40);

        try (CuttableProxy proxy = new CuttableProxy(SharedPostgres.port());
                Database throughProxy = Database.start(external(proxy.port(), spool, 1000), Map.of());
                PostgresEventWriter writer = writer(throughProxy, spool, 1000)) {
            assertThat(writer.metrics().spoolWritable())
                    .as("an unusable spool is known at start")
                    .isFalse();
            proxy.cut();
            events.forEach(writer::accept);
            await("the database failure seen")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> !writer.metrics().databaseReachable());
            Thread.sleep(1_500); // several spool retries and database retries fail meanwhile

            WriterMetrics during = writer.metrics();
            assertThat(during.lostEvents()).isZero();
            assertThat(during.queueDepth() + during.overflowDepth()).isEqualTo(events.size());
            assertThat(during.databaseReachable()).isFalse();

            Files.delete(spool); // the disk is fixed: the next retry creates the directory and spools
            await("spooled after the fix")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> writer.metrics().spooledEvents() >= events.size());
            assertThat(writer.metrics().spoolWritable()).isTrue();

            proxy.restore();
            await("all events in PostgreSQL")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> Sql.count("SELECT count(*) FROM call_events") == events.size());
            assertThat(writer.metrics().lostEvents()).isZero();
        }
        assertThat(Sql.count("SELECT count(DISTINCT event_id) FROM call_events"))
                .isEqualTo(events.size());
    }

    @Test
    void eventsAreLostOnlyBeyondBothQueuesWhenTheSpoolCannotBeWritten() throws Exception {
        Path spool = scratch.resolve("spool");
        Files.writeString(spool, "not a directory");
        int queueCapacity = 100;
        int overflowCapacity = PostgresEventWriter.MIN_OVERFLOW_CAPACITY;
        List<CallEvent> events = calls((queueCapacity + overflowCapacity) / calls(1).size() + 1_000);

        try (CuttableProxy proxy = new CuttableProxy(SharedPostgres.port());
                Database throughProxy = Database.start(external(proxy.port(), spool, queueCapacity), Map.of());
                PostgresEventWriter writer = writer(throughProxy, spool, queueCapacity)) {
            proxy.cut();
            events.forEach(writer::accept);
            await("the overflow queue filled")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> writer.metrics().lostEvents() > 0
                            && writer.metrics().queueDepth() >= queueCapacity);
            // every event is held in memory (queues, held batches, the chunk the spool refused) or counted lost
            await("every event accounted for").atMost(Duration.ofSeconds(10)).until(() -> {
                WriterMetrics now = writer.metrics();
                return now.queueDepth() + now.overflowDepth() + now.lostEvents() == events.size();
            });
            WriterMetrics full = writer.metrics();
            assertThat(full.lostEvents()).isLessThanOrEqualTo(events.size() - queueCapacity - overflowCapacity);

            Files.delete(spool);
            proxy.restore();
            // every event not counted lost was kept in memory and now arrives: none vanished silently
            long kept = events.size() - full.lostEvents();
            await("what was kept reaches PostgreSQL")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> Sql.count("SELECT count(*) FROM call_events") == kept);
            assertThat(writer.metrics().lostEvents()).isEqualTo(full.lostEvents());
        }
    }

    @Test
    void flushWritesTheSpoolIntoTheDatabaseWithoutWaitingForTheBackOff() throws Exception {
        Path spool = scratch.resolve("spool");
        List<CallEvent> events = calls(50);
        try (CuttableProxy proxy = new CuttableProxy(SharedPostgres.port());
                Database throughProxy = Database.start(external(proxy.port(), spool, 1000), Map.of());
                PostgresEventWriter writer = writer(throughProxy, spool, 1000)) {
            proxy.cut();
            events.forEach(writer::accept);
            await("all spooled")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> writer.metrics().spooledEvents() >= events.size());
            assertThat(writer.flush(Duration.ofMillis(600)))
                    .as("flush while the database is down")
                    .isFalse();

            proxy.restore();
            assertThat(writer.flush(Duration.ofSeconds(20))).isTrue();
            assertThat(Sql.count("SELECT count(*) FROM call_events")).isEqualTo(events.size());
            assertThat(spoolSegments(spool)).isEmpty();
        }
    }

    private static List<CallEvent> calls(int count) {
        List<CallEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.addAll(PostgresEventWriterTest.reachedSeller("fault-" + i, T0.plusSeconds(i), "+1666" + i, "s1")
                    .events());
        }
        return events;
    }

    private static DatabaseSettings external(int port, Path spool, int queueCapacity) {
        return new DatabaseSettings(
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                "postgres",
                "",
                spool.resolveSibling("unused"),
                0,
                spool,
                queueCapacity,
                100,
                4,
                Duration.ofMillis(200));
    }

    private static PostgresEventWriter writer(Database database, Path spool, int queueCapacity) {
        return new PostgresEventWriter(
                        database.dataSource(),
                        external(0, spool, queueCapacity),
                        CallTimeline::summarize,
                        Duration.ofSeconds(3),
                        System::nanoTime)
                .start();
    }

    private static List<Path> spoolSegments(Path spool) throws java.io.IOException {
        try (var files = Files.list(spool)) {
            return files.filter(file -> file.getFileName().toString().startsWith("events-"))
                    .toList();
        }
    }
}
