package io.callpath.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.callpath.config.DatabaseSettings;
import io.callpath.events.CallEvent;
import io.callpath.events.CallTimeline;
import io.callpath.events.EventType;
import io.callpath.events.Phase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.assertj.core.api.MapAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresEventWriterTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    @TempDir
    Path spool;

    @BeforeEach
    void cleanTables() {
        SharedPostgres.clean();
    }

    @Test
    void eventsOfACallBecomeItsEventsAndItsCallsRow() {
        List<CallEvent> events = reachedSeller("call-1", T0, "+15550001", "s1").events();

        try (PostgresEventWriter writer = writer(SharedPostgres.dataSource(), 1000)) {
            events.forEach(writer::accept);
            awaitEvents(events.size());
        }

        assertReachedSellerRow().containsEntry("waited_ms", 38_000L);
        assertThat(Sql.count("SELECT count(*) FROM call_events WHERE linked_id = 'call-1' AND phase = 'informer'"))
                .isEqualTo(1);
    }

    @Test
    void aCallSpreadOverManyBatchesIsFoldedFromAllItsStoredEvents() {
        List<CallEvent> events = reachedSeller("call-1", T0, "+15550001", "s1").events();

        try (PostgresEventWriter writer = writer(SharedPostgres.dataSource(), 1000)) {
            for (int i = 0; i < events.size(); i++) {
                writer.accept(events.get(i));
                long written = i + 1;
                // one event per batch: the row must come from the earlier batches' rows plus this one
                await(written + " events written")
                        .atMost(Duration.ofSeconds(20))
                        .until(() -> writer.metrics().writtenEvents() >= written);
            }
        }

        assertReachedSellerRow();
    }

    @Test
    void eachCallIsFoldedOnOneWriterThreadAndTwoThreadsShareTheCalls() {
        Map<String, Set<String>> threadsByCall = new ConcurrentHashMap<>();
        DatabaseSettings settings = new DatabaseSettings(
                null, "postgres", "", spool.resolve("unused"), 0, spool, 10_000, 20, 4, Duration.ofMillis(200));
        List<CallEvent> events = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            events.addAll(reachedSeller("call-" + i, T0.plusSeconds(i), "+1555" + i, "s1")
                    .events());
        }

        try (PostgresEventWriter writer = new PostgresEventWriter(
                        SharedPostgres.dataSource(),
                        settings,
                        (linkedId, callEvents) -> {
                            threadsByCall
                                    .computeIfAbsent(linkedId, id -> ConcurrentHashMap.newKeySet())
                                    .add(Thread.currentThread().getName());
                            return CallTimeline.summarize(linkedId, callEvents);
                        },
                        Duration.ofSeconds(3),
                        System::nanoTime)
                .start()) {
            events.forEach(writer::accept);
            awaitEvents(events.size());
        }

        assertThat(threadsByCall)
                .hasSize(200)
                .allSatisfy((call, threads) -> assertThat(threads).as(call).hasSize(1));
        assertThat(threadsByCall.values().stream().flatMap(Set::stream).distinct())
                .containsExactlyInAnyOrder("callpath-event-writer", "callpath-event-writer-1");
        assertThat(Sql.count(
                        "SELECT count(*) FROM calls WHERE outcome = 'reached_seller' AND time_to_seller_ms = 38000"))
                .isEqualTo(200);
    }

    @Test
    void sameEventsTwiceAreStoredOnce() {
        List<CallEvent> events = reachedSeller("call-1", T0, "+15550001", "s1").events();

        try (PostgresEventWriter writer = writer(SharedPostgres.dataSource(), 1000)) {
            events.forEach(writer::accept);
            events.forEach(writer::accept);
            await("both copies written")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> writer.metrics().writtenEvents() == 2L * events.size());
        }

        assertThat(Sql.count("SELECT count(*) FROM call_events")).isEqualTo(events.size());
        assertThat(Sql.count("SELECT count(*) FROM calls")).isEqualTo(1);
    }

    @Test
    void eventsBeyondTheQueueGoToTheSpoolAndStillArrive() {
        List<CallEvent> events = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            events.addAll(reachedSeller("call-" + i, T0.plusSeconds(i), "+1555000" + i, "s1")
                    .events());
        }

        try (PostgresEventWriter writer = writer(SharedPostgres.dataSource(), 2)) {
            events.forEach(writer::accept);
            awaitEvents(events.size());
            assertThat(writer.metrics().spooledEvents()).isPositive();
        }

        assertThat(Sql.count("SELECT count(*) FROM calls")).isEqualTo(50);
    }

    @Test
    void nulInACallerNameDoesNotPoisonTheBatch() {
        List<CallEvent> events = CallStory.call("call-nul", T0, "+1555\u00000001")
                .event(EventType.CALLER_HUNG_UP, 1000, Map.of("callerName", "Eve\u0000\n\"; DROP TABLE calls;--"))
                .events();

        try (PostgresEventWriter writer = writer(SharedPostgres.dataSource(), 1000)) {
            events.forEach(writer::accept);
            awaitEvents(events.size());
        }

        assertThat(Sql.rows("SELECT caller_number FROM calls").get(0)).containsEntry("caller_number", "+15550001");
        assertThat(Sql.rows("SELECT attributes->>'callerName' AS name FROM call_events WHERE type = 'CALLER_HUNG_UP'")
                        .get(0))
                .containsEntry("name", "Eve\n\"; DROP TABLE calls;--");
    }

    @Test
    void anEventPostgresRejectsGoesToTheDeadLetterFileWithoutBlockingTheOthers() throws IOException {
        List<CallEvent> events =
                new ArrayList<>(reachedSeller("call-1", T0, "+15550001", "s1").events());
        CallEvent outOfRange = new CallEvent(
                java.util.UUID.randomUUID(),
                "call-2",
                "call-2/incoming",
                EventType.CALL_ARRIVED,
                null,
                Instant.parse("+300000-01-01T00:00:00Z"),
                0,
                Map.of("caller", "+1555\n0002"));
        events.add(3, outOfRange);

        try (PostgresEventWriter writer = writer(SharedPostgres.dataSource(), 1000)) {
            events.forEach(writer::accept);
            awaitEvents(events.size() - 1);
            await("rejection counted")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> writer.metrics().rejectedEvents() == 1);
            assertThat(writer.metrics().databaseReachable()).isTrue();
        }

        assertThat(Sql.count("SELECT count(*) FROM calls WHERE linked_id = 'call-1' AND outcome = 'reached_seller'"))
                .isEqualTo(1);
        assertThat(Sql.count("SELECT count(*) FROM call_events WHERE linked_id = 'call-2'"))
                .isZero();
        List<String> deadLetters = Files.readAllLines(spool.resolve(DeadLetters.FILE_NAME));
        assertThat(deadLetters).hasSize(1);
        com.fasterxml.jackson.databind.JsonNode letter =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(deadLetters.get(0));
        assertThat(letter.get("sqlState").asText()).startsWith("22");
        assertThat(letter.get("error").asText()).contains("+300000-01-01");
        assertThat(EventJson.parse(letter.get("event").toString())).isEqualTo(outOfRange);
    }

    @Test
    @SuppressWarnings("try") // the second writer drains the spool while it is open
    void spoolLeftByAWriterWithoutDatabaseIsReplayedByTheNextWriter() throws Exception {
        List<CallEvent> events = reachedSeller("call-1", T0, "+15550001", "s1").events();
        try (HikariDataSource nowhere = nowhere();
                PostgresEventWriter offline = writer(nowhere, 1000)) {
            events.forEach(offline::accept);
            await("events spooled")
                    .atMost(Duration.ofSeconds(15))
                    .until(() -> offline.metrics().spooledEvents() == events.size());
        }
        assertThat(spoolFiles()).isNotEmpty();

        try (PostgresEventWriter online = writer(SharedPostgres.dataSource(), 1000)) {
            awaitEvents(events.size());
            await("spool emptied")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> spoolFiles().isEmpty());
        }

        assertThat(Sql.count("SELECT count(*) FROM calls WHERE outcome = 'reached_seller'"))
                .isEqualTo(1);
    }

    @Test
    void anOutageLosesNothingAndDuplicatesNothing() throws Exception {
        int port = SharedPostgres.port();
        List<List<CallEvent>> calls = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            calls.add(reachedSeller("call-" + i, T0.plusSeconds(i), "+1555" + i, "s" + (i % 7))
                    .events());
        }
        int total = calls.stream().mapToInt(List::size).sum();

        try (CuttableProxy proxy = new CuttableProxy(port);
                Database throughProxy = Database.start(external(proxy.port()), Map.of());
                PostgresEventWriter writer = writer(throughProxy.dataSource(), 50)) {
            calls.subList(0, 100).forEach(call -> call.forEach(writer::accept));
            await("first third written")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> writer.metrics().writtenEvents()
                            >= 100L * calls.get(0).size());

            proxy.cut();
            calls.subList(100, 200).forEach(call -> call.forEach(writer::accept));
            await("outage noticed")
                    .atMost(Duration.ofSeconds(15))
                    .until(() -> !writer.metrics().databaseReachable());
            calls.subList(200, 300).forEach(call -> call.forEach(writer::accept));
            assertThat(writer.metrics().spooledEvents()).isPositive();

            proxy.restore();
            awaitEvents(total);
            await("spool emptied")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> spoolFiles().isEmpty());
        }

        assertThat(Sql.count("SELECT count(*) FROM call_events")).isEqualTo(total);
        assertThat(Sql.count("SELECT count(DISTINCT event_id) FROM call_events"))
                .isEqualTo(total);
        assertThat(Sql.count(
                        "SELECT count(*) FROM calls WHERE outcome = 'reached_seller' AND time_to_seller_ms = 38000"))
                .isEqualTo(300);
    }

    @Test
    void closeSpoolsWhatTheDatabaseCannotTake() throws Exception {
        List<CallEvent> events = reachedSeller("call-1", T0, "+15550001", "s1").events();
        try (HikariDataSource nowhere = nowhere()) {
            PostgresEventWriter writer = writer(nowhere, 1000);
            events.forEach(writer::accept);
            writer.close();
            assertThat(writer.metrics().writtenEvents()).isZero();
        }

        List<CallEvent> spooled = new ArrayList<>();
        EventSpool reader = new EventSpool(spool);
        for (Path segment : reader.seal()) {
            spooled.addAll(reader.read(segment));
        }
        assertThat(spooled).containsExactlyInAnyOrderElementsOf(events);
    }

    static CallStory reachedSeller(String linkedId, Instant t0, String callerNumber, String seller) {
        return CallStory.call(linkedId, t0, callerNumber)
                .phase(Phase.INFORMER, 0)
                .phase(Phase.MENU, 25_000)
                .route("sales", 30_000)
                .phase(Phase.SELLER_RINGING, 30_000)
                .event(EventType.SELLER_ANSWERED, 36_000, Map.of("seller", seller))
                .phase(Phase.WHISPER, 36_000)
                .event(EventType.SELLER_CONNECTED, 38_000, Map.of("seller", seller));
    }

    /**
     * Asserts call-1's calls row is what {@code reachedSeller("call-1", T0, "+15550001", "s1")} folds to; returns the
     * row's assert for more.
     */
    static MapAssert<String, Object> assertReachedSellerRow() {
        Map<String, Object> row =
                Sql.rows("SELECT * FROM calls WHERE linked_id = 'call-1'").get(0);
        return assertThat(row)
                .containsEntry("line", "main")
                .containsEntry("caller_number", "+15550001")
                .containsEntry("route", "sales")
                .containsEntry("outcome", "reached_seller")
                .containsEntry("seller", "s1")
                .containsEntry("time_to_seller_ms", 38_000L)
                .containsEntry("informer_ms", 25_000L)
                .containsEntry("menu_ms", 5_000L)
                .containsEntry("seller_ringing_ms", 6_000L)
                .containsEntry("whisper_ms", 2_000L);
    }

    private PostgresEventWriter writer(DataSource dataSource, int queueCapacity) {
        DatabaseSettings settings = new DatabaseSettings(
                null, "postgres", "", spool.resolve("unused"), 0, spool, queueCapacity, 100, 4, Duration.ofMillis(200));
        return new PostgresEventWriter(
                        dataSource, settings, CallTimeline::summarize, Duration.ofSeconds(3), System::nanoTime)
                .start();
    }

    private DatabaseSettings external(int port) {
        return new DatabaseSettings(
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                "postgres",
                "",
                spool.resolve("unused"),
                0,
                spool,
                1000,
                100,
                2,
                Duration.ofMillis(200));
    }

    private static HikariDataSource nowhere() throws IOException {
        return ConnectionPools.main("jdbc:postgresql://127.0.0.1:" + closedPort() + "/postgres", "postgres", "", 2);
    }

    private static int closedPort() throws IOException {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    private List<Path> spoolFiles() {
        try (Stream<Path> files = Files.list(spool)) {
            return files.filter(f -> f.getFileName().toString().startsWith("events-"))
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitEvents(int expected) {
        await(expected + " events in call_events")
                .atMost(Duration.ofSeconds(20))
                .until(() -> Sql.count("SELECT count(*) FROM call_events") == expected);
    }
}
