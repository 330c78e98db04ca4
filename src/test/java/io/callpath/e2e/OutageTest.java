package io.callpath.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.callpath.app.CallpathApp;
import io.callpath.app.RunningCallpath;
import io.callpath.config.CallpathConfig;
import io.callpath.events.CallEvent;
import io.callpath.events.CallSummary;
import io.callpath.events.InMemoryEventSink;
import io.callpath.events.Outcome;
import io.callpath.events.Phase;
import io.callpath.events.SessionClock;
import io.callpath.sim.CallRecord;
import io.callpath.sim.CallerScript;
import io.callpath.sim.Cue;
import io.callpath.sim.FakeAsterisk;
import io.callpath.sim.SimSettings;
import io.callpath.sim.SimulatedTime;
import io.callpath.store.CuttableProxy;
import io.callpath.store.PostgresCallerHistory;
import io.callpath.store.SharedPostgres;
import io.callpath.store.WriterMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The database goes away mid-run: {@code CallpathApp} talks to the shared embedded PostgreSQL through a
 * {@link CuttableProxy}; calls go on while it is cut, and once it is back every call has exactly one {@code calls} row
 * (as the in-memory sink folds it) and {@code call_events} holds exactly the events the sink saw. Table contents are
 * read straight from PostgreSQL, never through the proxy.
 */
class OutageTest {

    /** Far below what a lookup that waited would take (Hikari's 2 s connection timeout, the driver's 10 s socket timeout). */
    private static final Duration LOOKUP_TIMEOUT = Duration.ofMillis(300);

    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(20);

    private static final String ANN = "5550501";

    @TempDir
    Path spool;

    private final SimulatedTime time = new SimulatedTime(CallpathRig.MONDAY_10_00);
    private final InMemoryEventSink seen = new InMemoryEventSink(100);
    private final List<String> linkedIds = new ArrayList<>();

    @BeforeEach
    void cleanTables() {
        SharedPostgres.clean();
    }

    @Test
    void callsDuringAnOutageAreServedAndEveryCallAndEventIsStoredOnceWhenTheDatabaseIsBack() throws IOException {
        try (CuttableProxy proxy = new CuttableProxy(SharedPostgres.port());
                RunningCallpath callpath = start(proxy);
                LookupLog lookups = new LookupLog()) {
            FakeAsterisk fake = fake(callpath);

            served(callpath, fake.placeCall(reachesSales(ANN)));
            served(callpath, fake.placeCall(assistantTransfers("5550502")));
            abandoned(callpath, fake.placeCall(hangsUpInInformer("5550503")));
            awaitStored(callpath, "calls before the outage");
            time.advance(Duration.ofHours(1));
            CallRecord repeatBefore = served(
                    callpath,
                    fake.placeCall(
                            CallerScript.calling("5551000").from(ANN, "Ann").build()));
            assertThat(summary(repeatBefore).repeatCaller())
                    .as("Ann is recognised while the database is up")
                    .isTrue();
            awaitStored(callpath, "repeat call before the outage");

            // first a hung database (nothing answers, nothing is refused): only the lookup timeout protects a call
            proxy.stall();
            time.advance(Duration.ofMinutes(10));
            CallRecord annDuringOutage = served(callpath, fake.placeCall(reachesSales(ANN)));
            List<CallRecord> during = new ArrayList<>(List.of(
                    annDuringOutage,
                    served(callpath, fake.placeCall(assistantTransfers("5550512"))),
                    abandoned(callpath, fake.placeCall(hangsUpInInformer("5550513")))));
            // Ann is a repeat caller, but her lookup got no answer: it gave up after lookupTimeout, she is a new caller
            CallSummary ann = summary(annDuringOutage);
            assertThat(ann.repeatCaller()).isFalse();
            assertThat(ann.phaseMillis()).containsEntry(Phase.INFORMER, 10_000L);
            assertThat(lookups.gaveUpOn(annDuringOutage.linkedId()))
                    .as("Ann's lookup gave up at the timeout")
                    .isTrue();

            // then the database is gone (connections dropped and refused): the writer must spool
            proxy.cut();
            during.add(served(callpath, fake.placeCall(reachesSales("5550514"))));
            await("the writer noticed the outage and spooled")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> {
                        WriterMetrics metrics = callpath.writer().metrics();
                        return !metrics.databaseReachable() && metrics.spooledEvents() > 0;
                    });
            // every call of the outage was served to its end while none of it could be stored
            assertThat(storedCalls(during.stream().map(CallRecord::linkedId).toList()))
                    .isEmpty();

            proxy.restore();
            time.advance(Duration.ofMinutes(10));
            served(callpath, fake.placeCall(assistantTransfers("5550521")));
            awaitStored(callpath, "every call after the database is back");
            await("spool replayed and removed")
                    .atMost(DRAIN_LIMIT)
                    .until(() -> spoolSegments().isEmpty());

            assertTablesMatchTheSink();
        }
    }

    @Test
    void eventsSpooledByAServerStoppedDuringAnOutageAreReplayedOnceByTheNextStart() throws IOException {
        try (CuttableProxy proxy = new CuttableProxy(SharedPostgres.port())) {
            List<CallRecord> during;
            try (RunningCallpath first = start(proxy)) {
                FakeAsterisk fake = fake(first);
                served(first, fake.placeCall(reachesSales(ANN)));
                awaitStored(first, "the call before the outage");

                proxy.cut();
                time.advance(Duration.ofMinutes(10));
                during = List.of(
                        served(first, fake.placeCall(reachesSales("5550601"))),
                        served(first, fake.placeCall(assistantTransfers("5550602"))),
                        abandoned(first, fake.placeCall(hangsUpInInformer("5550603"))));
                await("the writer noticed the outage")
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> !first.writer().metrics().databaseReachable());
            }
            assertThat(spoolSegments())
                    .as("events left in the spool by the stopped server")
                    .isNotEmpty();
            assertThat(storedCalls(during.stream().map(CallRecord::linkedId).toList()))
                    .isEmpty();

            proxy.restore();
            try (RunningCallpath second = start(proxy)) {
                awaitStored(second, "the spooled calls");
                await("spool replayed and removed")
                        .atMost(DRAIN_LIMIT)
                        .until(() -> spoolSegments().isEmpty());
            }
            assertTablesMatchTheSink();
        }
    }

    @Test
    void aServerStartedWhileTheDatabaseIsDownServesCallsAndStoresThemOnceWhenItIsBack() throws IOException {
        try (CuttableProxy proxy = new CuttableProxy(SharedPostgres.port());
                CapturedLog log = new CapturedLog()) {
            proxy.cut();
            try (RunningCallpath callpath = start(proxy)) {
                FakeAsterisk fake = fake(callpath);
                List<CallRecord> during = List.of(
                        served(callpath, fake.placeCall(reachesSales(ANN))),
                        served(callpath, fake.placeCall(assistantTransfers("5550702"))),
                        abandoned(callpath, fake.placeCall(hangsUpInInformer("5550703"))));
                await("the writer spooled the calls' events")
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> callpath.writer().metrics().spooledEvents() > 0);
                assertThat(callpath.database().migrated()).isFalse();
                assertThat(callpath.writer().metrics().databaseReachable()).isFalse();
                assertThat(storedCalls(during.stream().map(CallRecord::linkedId).toList()))
                        .isEmpty();
                // the first migration attempt gives up after Hikari's connection timeout, long after the calls were
                // served
                await("the outage reported")
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> !log.containing("database unreachable").isEmpty());
                assertThat(log.oneLine("database unreachable").getLevel()).isEqualTo(Level.WARN);

                proxy.restore();
                await("migrated in the background")
                        .atMost(DRAIN_LIMIT)
                        .until(() -> callpath.database().migrated());
                awaitStored(callpath, "the calls served before the database came back");
                await("spool replayed and removed")
                        .atMost(DRAIN_LIMIT)
                        .until(() -> spoolSegments().isEmpty());
                assertThat(log.oneLine("database migrated").getLevel()).isEqualTo(Level.INFO);
            }
            assertThat(log.all())
                    .as("one WARN for the whole outage")
                    .filteredOn(line -> line.getLevel().isGreaterOrEqual(Level.WARN))
                    .hasSize(1);
        }
        assertTablesMatchTheSink();
    }

    // --- calls -------------------------------------------------------------------------------------------------

    private static CallerScript reachesSales(String number) {
        return CallerScript.calling("5551000")
                .from(number, "Caller")
                .cue(Cue.pressInNextGetData('1', Duration.ofSeconds(3)))
                .build();
    }

    private static CallerScript assistantTransfers(String number) {
        return CallerScript.calling("5551000")
                .from(number, "Caller")
                .pressInPrompt("callpath/informer", Duration.ofMillis(4_500), '0')
                .build();
    }

    private static CallerScript hangsUpInInformer(String number) {
        return CallerScript.calling("5551000")
                .from(number, "Caller")
                .hangUpInPrompt("callpath/informer", Duration.ofSeconds(3))
                .build();
    }

    /** A call the flows took to its end: CALLPATH_STATUS=DONE, no session failed. */
    private CallRecord served(RunningCallpath callpath, CallRecord record) {
        finished(callpath, record);
        assertThat(record.variable("CALLPATH_STATUS"))
                .as("status of %s", record.linkedId())
                .contains("DONE");
        return record;
    }

    /** The caller hung up: no DONE to set, but nothing failed and the call is abandoned. */
    private CallRecord abandoned(RunningCallpath callpath, CallRecord record) {
        finished(callpath, record);
        assertThat(record.variable("CALLPATH_STATUS"))
                .as("status of %s", record.linkedId())
                .isEmpty();
        assertThat(summary(record).outcome()).isEqualTo(Outcome.ABANDONED);
        return record;
    }

    private void finished(RunningCallpath callpath, CallRecord record) {
        assertThat(record.sessions())
                .as("fake sessions of %s", record.linkedId())
                .allSatisfy(session ->
                        assertThat(session.failure()).as(session.script()).isEmpty());
        await("sessions of " + record.linkedId() + " released")
                .atMost(Duration.ofSeconds(5))
                .until(() -> callpath.server().activeSessions() == 0);
        linkedIds.add(record.linkedId());
    }

    private CallSummary summary(CallRecord record) {
        return seen.summary(record.linkedId())
                .orElseThrow(() -> new AssertionError("no events for " + record.linkedId()));
    }

    // --- what must be in the tables ---------------------------------------------------------------------------

    /** Every call exactly once, folded as the sink folds it; every event the sink saw exactly once, and nothing else. */
    private void assertTablesMatchTheSink() {
        Map<String, Row> expected = new HashMap<>();
        List<UUID> expectedEvents = new ArrayList<>();
        for (String linkedId : linkedIds) {
            expected.put(linkedId, Row.of(seen.summary(linkedId).orElseThrow()));
            seen.events(linkedId).stream().map(CallEvent::eventId).forEach(expectedEvents::add);
        }
        assertThat(expectedEvents).as("the sink saw each event once").doesNotHaveDuplicates();
        assertThat(expected.values())
                .as("calls of the test")
                .extracting(Row::outcome)
                .contains("reached_seller", "abandoned");

        assertThat(query("SELECT count(*) FROM calls", result -> result.getLong(1)))
                .containsExactly((long) linkedIds.size());
        assertThat(storedCalls(linkedIds)).containsExactlyInAnyOrderEntriesOf(expected);
        List<UUID> storedEvents = query("SELECT event_id FROM call_events", result -> result.getObject(1, UUID.class));
        assertThat(storedEvents).containsExactlyInAnyOrderElementsOf(expectedEvents);
    }

    /** The columns that say how a call went; phases in schema order. */
    record Row(
            String route,
            String outcome,
            Long timeToSellerMillis,
            List<Long> phases,
            String abandonPhase,
            String seller,
            int transfers,
            boolean repeatCaller) {

        static Row of(CallSummary summary) {
            List<Long> phases = Stream.of(Phase.values())
                    .map(phase -> summary.phaseMillis().getOrDefault(phase, 0L))
                    .toList();
            return new Row(
                    summary.route(),
                    summary.outcome() == null ? null : summary.outcome().key(),
                    summary.timeToSellerMillis(),
                    phases,
                    summary.abandonPhase() == null
                            ? null
                            : summary.abandonPhase().key(),
                    summary.seller(),
                    summary.transfers(),
                    summary.repeatCaller());
        }
    }

    private static Map<String, Row> storedCalls(List<String> ids) {
        Map<String, Row> rows = new HashMap<>();
        try (Connection connection = SharedPostgres.database().dataSource().getConnection();
                PreparedStatement select =
                        connection.prepareStatement("SELECT linked_id, route, outcome, time_to_seller_ms, "
                                + "informer_ms, menu_ms, assistant_ringing_ms, assistant_talking_ms, transfer_hold_ms, "
                                + "seller_ringing_ms, whisper_ms, abandon_phase, seller, transfers, repeat_caller "
                                + "FROM calls WHERE linked_id = ANY (?)")) {
            select.setArray(1, connection.createArrayOf("text", ids.toArray()));
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    long tts = result.getLong(4);
                    Long timeToSeller = result.wasNull() ? null : tts;
                    List<Long> phases = new ArrayList<>();
                    for (int column = 5; column <= 11; column++) {
                        phases.add(result.getLong(column));
                    }
                    Row row = new Row(
                            result.getString(2),
                            result.getString(3),
                            timeToSeller,
                            phases,
                            result.getString(12),
                            result.getString(13),
                            result.getInt(14),
                            result.getBoolean(15));
                    assertThat(rows.put(result.getString(1), row))
                            .as("second row for %s", result.getString(1))
                            .isNull();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    /** The writer is asynchronous: wait until each call so far has its row with an outcome and all its events. */
    private void awaitStored(RunningCallpath callpath, String what) {
        await(what + " stored").atMost(DRAIN_LIMIT).until(() -> {
            Map<String, Row> rows = storedCalls(linkedIds);
            long events =
                    linkedIds.stream().mapToLong(id -> seen.events(id).size()).sum();
            return rows.size() == linkedIds.size()
                    && rows.values().stream().allMatch(row -> row.outcome() != null)
                    && query("SELECT count(*) FROM call_events", result -> result.getLong(1))
                                    .get(0)
                            == events;
        });
        assertThat(callpath.writer().metrics().databaseReachable()).isTrue();
    }

    private interface Column<T> {
        T read(ResultSet result) throws SQLException;
    }

    private static <T> List<T> query(String sql, Column<T> column) {
        try (Connection connection = SharedPostgres.database().dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(sql);
                ResultSet result = select.executeQuery()) {
            List<T> values = new ArrayList<>();
            while (result.next()) {
                values.add(column.read(result));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- the rig -----------------------------------------------------------------------------------------------

    private RunningCallpath start(CuttableProxy proxy) {
        CallpathConfig config = CallpathRig.defaultConfigOnDatabase(
                "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/postgres", spool, LOOKUP_TIMEOUT);
        Supplier<SessionClock> sessionClocks = () -> new SessionClock(time.clock(), time::nanoTime);
        return CallpathApp.builder(config)
                .alsoSendEventsTo(seen)
                .wallClock(time.clock())
                .sessionClock(sessionClocks)
                .build()
                .start();
    }

    /** The default PBX, with an assistant who hands the caller to sales after 20 s of talk. */
    private FakeAsterisk fake(RunningCallpath callpath) {
        return new FakeAsterisk(
                "127.0.0.1",
                callpath.port(),
                CallpathRig.pbxWithTransferringAssistant().build(),
                SimSettings.scaled(CallpathRig.TIME_SCALE),
                time);
    }

    private List<Path> spoolSegments() {
        try (Stream<Path> files = Files.list(spool)) {
            return files.filter(file -> file.getFileName().toString().startsWith("events-"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The DEBUG lines of PostgresCallerHistory, which say when a lookup fell back to "new caller" and why. */
    private static final class LookupLog implements AutoCloseable {

        private final Logger logger = (Logger) LoggerFactory.getLogger(PostgresCallerHistory.class);
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>() {
            @Override
            protected void append(ILoggingEvent event) {
                // thread name and MDC are read lazily; capture them on the logging thread
                event.prepareForDeferredProcessing();
                super.append(event);
            }
        };
        private final Level previousLevel = logger.getLevel();
        private final boolean previousAdditive = logger.isAdditive();

        LookupLog() {
            appender.start();
            logger.addAppender(appender);
            logger.setLevel(Level.DEBUG);
            logger.setAdditive(false);
        }

        /** The lookup made on the call's own thread (MDC "call") ended by its timeout, not by an answer or an error. */
        boolean gaveUpOn(String linkedId) {
            synchronized (appender) {
                return appender.list.stream()
                        .anyMatch(line -> line.getFormattedMessage().startsWith("repeat-caller lookup gave up")
                                && linkedId.equals(line.getMDCPropertyMap().get("call")));
            }
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
            logger.setLevel(previousLevel);
            logger.setAdditive(previousAdditive);
        }
    }
}
