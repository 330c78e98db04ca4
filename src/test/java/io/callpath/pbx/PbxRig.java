package io.callpath.pbx;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.callpath.app.CallpathApp;
import io.callpath.app.RunningCallpath;
import io.callpath.config.AmiSettings;
import io.callpath.config.CallpathConfig;
import io.callpath.config.ConfigLoader;
import io.callpath.config.DatabaseSettings;
import io.callpath.config.HttpSettings;
import io.callpath.config.ServerSettings;
import io.callpath.store.SharedPostgres;
import io.callpath.store.Sql;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.awaitility.Awaitility;

/**
 * A real Asterisk and an in-process callpath (the wiring {@code serve} uses, embedded PostgreSQL, real migrations),
 * wired as docs/deploy.md tells an administrator: the kit's {@code extensions-callpath.conf} copied byte for byte and
 * included from the administrator's own {@code extensions.conf}, whose {@code [globals]} set {@code CALLPATH_HOST}
 * (callpath's port) and {@code CALLPATH_FALLBACK}. Calls are originated through AMI as Local channels; see
 * docs/pbx-tests.md. One rig per test class; {@link #close()} stops everything, also after a failure.
 */
public final class PbxRig implements AutoCloseable {

    /** The kit file, included exactly as shipped. */
    public static final Path KIT_DIALPLAN = Path.of("asterisk-config", "extensions-callpath.conf");

    public static final Path KIT_SOUNDS = Path.of("asterisk-config", "sounds");
    public static final Path KIT_HOLD_MUSIC = Path.of("asterisk-config", "moh", "callpath-hold.wav");
    /** The default callpath config of the PBX tests (short budgets and timeouts, Local-channel phones). */
    public static final String DEFAULT_CONFIG = "/io/callpath/pbx/callpath-pbx.yaml";

    public static final String TEST_DIALPLAN = "/io/callpath/pbx/extensions-pbx-test.conf";
    /** The administrator's fallback phone: rings 0.5 s, answers, talks 2 s. */
    public static final String FALLBACK_PHONE = "Local/r500-a-w2000-h@pbx-script";
    /** The context test calls are sent to: every DID to callpath-inbound, as a trunk's context does. */
    public static final String TRUNK_CONTEXT = "pbx-trunk";
    /** Warnings every start of this Asterisk logs that say nothing about callpath. */
    static final List<Pattern> ASTERISK_START_NOISE = List.of(
            Pattern.compile("res_pjsip_config_wizard|res_pjsip/config_transport|pjproject"),
            Pattern.compile("No music on hold classes configured"));

    private static final AtomicInteger RIGS = new AtomicInteger();
    /** A department's sellers line: "    sellers: [...]". */
    private static final Pattern SCRIPTED_SELLERS = Pattern.compile("(?m)^([ \\t]+)sellers: (\\[.*])$");

    private static final DateTimeFormatter DIRECTORY_TIME = DateTimeFormatter.ofPattern("HHmmss");

    private final String name;
    private final Path directory;
    private final Builder settings;
    private final AtomicInteger calls = new AtomicInteger();
    private final List<Pattern> expectedAsteriskProblems = new CopyOnWriteArrayList<>(ASTERISK_START_NOISE);
    private final List<Pattern> expectedCallpathProblems = new CopyOnWriteArrayList<>();
    private final long linkedIdEpoch = Instant.now().getEpochSecond();
    private CallpathLog callpathLog;
    private volatile RunningCallpath callpath;
    private CallpathConfig config;
    private AsteriskInstance asterisk;

    private static boolean earlierRunsRemoved;

    /** Directories of earlier builds' rigs go at this JVM's first rig: a failed run's files stay until the next run. */
    private static synchronized void removeEarlierRuns() {
        if (earlierRunsRemoved) {
            return;
        }
        earlierRunsRemoved = true;
        Path all = Path.of("target", "pbx");
        if (!Files.isDirectory(all)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(all)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .filter(path -> !path.equals(all))
                    .forEach(path -> {
                        try {
                            Files.deleteIfExists(path);
                        } catch (IOException ignored) {
                            // a file another process holds stays; it is only disk space
                        }
                    });
        } catch (IOException | UncheckedIOException ignored) {
            // as above
        }
    }

    private PbxRig(Builder settings) {
        this.settings = settings;
        this.name = settings.name;
        this.directory = Path.of(
                        "target",
                        "pbx",
                        name + "-" + LocalDateTime.now().format(DIRECTORY_TIME) + "-" + RIGS.incrementAndGet())
                .toAbsolutePath();
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** How a test class wants its PBX; {@link #start()} makes it. */
    public static final class Builder {
        private final String name;
        private String configResource = DEFAULT_CONFIG;
        private Path configFile;
        private UnaryOperator<String> configEdit = UnaryOperator.identity();
        private final Map<String, String> globals = new LinkedHashMap<>();
        private final StringBuilder dialplan = new StringBuilder();
        private final Map<String, String> asteriskConfigs = new LinkedHashMap<>();
        private boolean writeHost = true;
        private boolean desks;
        private boolean scriptedSellers = true;

        private Builder(String name) {
            this.name = name;
            globals.put("CALLPATH_FALLBACK", FALLBACK_PHONE);
            globals.put("CALLPATH_FALLBACK_RING", "20");
        }

        /** A callpath YAML on the test class path instead of {@link #DEFAULT_CONFIG}. */
        public Builder callpathConfig(String resource) {
            this.configResource = resource;
            return this;
        }

        /** A callpath YAML file (e.g. the demo's config/callpath.yaml) instead of a class-path resource. */
        public Builder callpathConfigFile(Path file) {
            this.configFile = file;
            return this;
        }

        /**
         * The sellers are phones, one call each (SIP): callpath's device-state skipping stays on. Otherwise every
         * department gets {@code skipBusySellers: false}, because a scripted Local-channel seller is a behaviour that
         * many calls at once ring, and Asterisk reports it INUSE while another call has it.
         */
        public Builder sellersArePhones() {
            this.scriptedSellers = false;
            return this;
        }

        /** Rewrites the callpath YAML text before it is loaded (e.g. one key changed). */
        public Builder editCallpathConfig(UnaryOperator<String> edit) {
            this.configEdit = this.configEdit.andThen(edit)::apply;
            return this;
        }

        /** A global in the administrator's [globals] (null removes one of the defaults). */
        public Builder global(String variable, String value) {
            if (value == null) {
                globals.remove(variable);
            } else {
                globals.put(variable, value);
            }
            return this;
        }

        /** Leaves CALLPATH_HOST out of the administrator's [globals] (the kit's default then applies). */
        public Builder withoutHostGlobal() {
            this.writeHost = false;
            return this;
        }

        /** More of the administrator's dialplan, appended to their extensions.conf after the includes. */
        public Builder dialplan(String text) {
            dialplan.append('\n').append(text).append('\n');
            return this;
        }

        /** Another Asterisk config file (e.g. pjsip.conf with a transport), written before Asterisk starts. */
        public Builder asteriskConfig(String file, String text) {
            asteriskConfigs.put(file, text);
            return this;
        }

        /**
         * callpath's HTTP endpoint on a free loopback port (the desks, the wallboard) and its AMI connection to this
         * Asterisk (the harness's manager user); without it a rig serves no HTTP and has no AMI.
         */
        public Builder withDesks() {
            this.desks = true;
            return this;
        }

        public PbxRig start() {
            AsteriskInstall install = AsteriskInstall.require();
            removeEarlierRuns();
            PbxRig rig = new PbxRig(this);
            try {
                rig.startAll(install);
                return rig;
            } catch (RuntimeException | Error e) {
                rig.close();
                throw e;
            }
        }
    }

    private void startAll(AsteriskInstall install) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        callpathLog = new CallpathLog(directory.resolve("callpath.log"));
        startCallpath();
        asterisk = AsteriskInstance.create(install, directory.resolve("asterisk"));
        asterisk.copyConfig(KIT_DIALPLAN);
        asterisk.writeConfig("extensions-pbx-test.conf", resource(TEST_DIALPLAN));
        asterisk.writeConfig("extensions.conf", administratorsDialplan());
        settings.asteriskConfigs.forEach(asterisk::writeConfig);
        copySounds(asterisk.soundsDirectory());
        asterisk.start();
        if (settings.desks) {
            // The manager's port is bound only now: a port chosen before callpath's many client sockets could be
            // taken by one of them. callpath starts again (same FastAGI port) with AMI to this Asterisk.
            stopCallpath();
            config = config.withAmi(
                    new AmiSettings("127.0.0.1", asterisk.amiPort(), asterisk.amiUser(), asterisk.amiSecret()));
            startCallpath();
        }
    }

    /** Starts callpath (again, after {@link #stopCallpath()}) on a free port. Asterisk keeps the port it was given. */
    public void startCallpath() {
        if (callpath != null) {
            throw new IllegalStateException("callpath is running");
        }
        int port = config == null ? 0 : config.server().port();
        if (config == null) {
            String source = settings.configFile != null ? settings.configFile.toString() : settings.configResource;
            String yaml =
                    settings.configFile != null ? readFile(settings.configFile) : resource(settings.configResource);
            String edited = settings.configEdit.apply(yaml);
            if (settings.scriptedSellers) {
                edited = SCRIPTED_SELLERS.matcher(edited).replaceAll("$1sellers: $2\n$1skipBusySellers: false");
            }
            CallpathConfig loaded = ConfigLoader.parse(edited, source);
            loaded = loaded.withHttp(settings.desks ? new HttpSettings(true, "127.0.0.1", 0, "") : HttpSettings.off());
            // a database of its own in the test JVM's one PostgreSQL; callpath migrates it
            String database = "pbx_"
                    + directory
                            .getFileName()
                            .toString()
                            .replaceAll("[^A-Za-z0-9]", "_")
                            .toLowerCase(Locale.ROOT);
            config = withDatabaseAndPort(
                    loaded, SharedPostgres.freshDatabase(database), directory.resolve("callpath"), port);
        }
        callpath = CallpathApp.create(config).start();
        if (config.server().port() == 0) {
            config = withDatabaseAndPort(
                    config, config.database().url(), directory.resolve("callpath"), callpath.port());
        }
    }

    /** Stops callpath as {@code serve} does on SIGTERM (short grace): from now on Asterisk's AGI connects fail. */
    public void stopCallpath() {
        stopCallpath(Duration.ofSeconds(2));
    }

    /** {@link #stopCallpath()} with calls in flight given {@code grace} to finish (it returns once they have). */
    public void stopCallpath(Duration grace) {
        RunningCallpath running = callpath;
        if (running != null) {
            running.shutdown(grace);
            callpath = null;
        }
    }

    private static CallpathConfig withDatabaseAndPort(
            CallpathConfig config, String databaseUrl, Path directory, int port) {
        DatabaseSettings database = config.database();
        DatabaseSettings local = new DatabaseSettings(
                databaseUrl,
                "postgres",
                "",
                directory.resolve("pgdata"),
                0,
                directory.resolve("spool"),
                database.queueCapacity(),
                database.batchSize(),
                database.poolSize(),
                database.lookupTimeout());
        ServerSettings server = config.server();
        ServerSettings onPort = new ServerSettings(
                server.bind(),
                port,
                server.allow(),
                server.maxSessions(),
                server.headerTimeout(),
                server.commandTimeout(),
                server.dialTimeout(),
                server.shutdownGrace());
        return new CallpathConfig(
                onPort,
                local,
                config.metrics(),
                config.repeatCallers(),
                config.lines(),
                config.departments(),
                config.http(),
                config.ami(),
                config.desk());
    }

    /** The administrator's own extensions.conf, as docs/deploy.md tells them to write it. */
    String administratorsDialplan() {
        StringBuilder text = new StringBuilder("""
                ; The administrator's own extensions.conf (docs/deploy.md): their settings in their [globals],
                ; then the callpath kit, copied unchanged, and (tests only) the harness's phones and callers.
                [general]
                static = yes
                writeprotect = yes

                [globals]
                """);
        if (settings.writeHost) {
            text.append("CALLPATH_HOST=127.0.0.1:")
                    .append(config.server().port())
                    .append('\n');
        }
        settings.globals.forEach((variable, value) ->
                text.append(variable).append('=').append(value).append('\n'));
        text.append("""

                #include extensions-callpath.conf
                #include extensions-pbx-test.conf
                """);
        text.append(settings.dialplan);
        return text.toString();
    }

    private static void copySounds(Path sounds) {
        try (Stream<Path> files = Files.walk(KIT_SOUNDS)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = sounds.resolve(KIT_SOUNDS.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            // the kit's hold music for the default class, where its README puts it (no MOH warning, callers hear it)
            Path moh = sounds.getParent().resolve("moh");
            Files.createDirectories(moh);
            Files.copy(
                    KIT_HOLD_MUSIC,
                    moh.resolve("callpath-hold.wav"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the prompts", e);
        }
    }

    private static String readFile(Path file) {
        try {
            return Files.readString(file, UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String resource(String name) {
        try (InputStream in = PbxRig.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return new String(in.readAllBytes(), UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- calls ----

    /** A caller on the trunk dialling {@code did}; {@code callerSteps} is the caller's side in pbx-script steps. */
    public PlacedCall call(String did, String callerSteps) {
        return call(CallSpec.to(did, callerSteps));
    }

    /** Originates {@code spec} through AMI; the returned linkedid is chosen here (the caller channel's uniqueid). */
    public PlacedCall call(CallSpec spec) {
        int number = calls.incrementAndGet();
        String linkedId = linkedIdEpoch + "." + (900_000 + number);
        String callerNumber = spec.callerNumber() != null ? spec.callerNumber() : nextCallerNumber(number);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Channel", "Local/" + spec.callerSteps() + "@pbx-script");
        headers.put("Context", spec.context());
        headers.put("Exten", spec.exten());
        headers.put("Priority", "1");
        headers.put("CallerID", "\"" + spec.callerName() + "\" <" + callerNumber + ">");
        headers.put("ChannelId", linkedId);
        headers.put("OtherChannelId", linkedId + "-caller");
        headers.put("Timeout", "30000");
        if (!spec.variables().isEmpty()) {
            List<String> assignments = new ArrayList<>();
            spec.variables().forEach((variable, value) -> assignments.add(variable + "=" + value));
            headers.put("Variable", String.join("\u0000", assignments));
        }
        asterisk.ami().originate(headers);
        return new PlacedCall(linkedId, callerNumber, spec, Instant.now());
    }

    /** A caller number no other call of this rig has: 555 + rig-unique digits. */
    private String nextCallerNumber(int number) {
        return "5557" + String.format("%06d", number);
    }

    /** Waits until Asterisk has ended the call (CEL LINKEDID_END) and callpath's row for it is complete. */
    public CallResult await(PlacedCall call, Duration timeout) {
        CelCall cel = awaitAsteriskEnd(call, timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<CallRow> previous = Optional.empty();
        long previousEvents = -1;
        while (System.nanoTime() < deadline) {
            Optional<CallRow> row = CallRow.read(dataSource(), call.linkedId());
            long events = eventCount(call.linkedId());
            if (row.isPresent()
                    && row.get().endedAt() != null
                    && row.get().outcome() != null
                    && events == previousEvents
                    && row.equals(previous)) {
                return new CallResult(call, cel, row);
            }
            previous = row;
            previousEvents = events;
            AsteriskInstance.sleep(150);
        }
        throw new AssertionError("callpath did not finish the row of " + call + " within " + timeout + ": "
                + previous.map(CallRow::toString).orElse("no calls row") + "; CEL: "
                + cel.events().size()
                + " events; logs in " + directory);
    }

    /**
     * {@link #await} for many calls at once: one CEL read and one query per poll instead of one per call, so 200 calls
     * are collected in about the time the last one takes. Results in the order of {@code placed}.
     */
    public List<CallResult> awaitAll(List<PlacedCall> placed, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, CallResult> done = new LinkedHashMap<>();
        Map<String, Optional<CallRow>> previousRows = new java.util.HashMap<>();
        Map<String, Long> previousEvents = new java.util.HashMap<>();
        while (done.size() < placed.size()) {
            if (System.nanoTime() > deadline) {
                List<String> missing = placed.stream()
                        .map(PlacedCall::linkedId)
                        .filter(id -> !done.containsKey(id))
                        .toList();
                throw new AssertionError(
                        missing.size() + " of " + placed.size() + " calls not finished within " + timeout + ", e.g. "
                                + missing.subList(0, Math.min(5, missing.size())) + "; logs in " + directory);
            }
            Map<String, List<CelEvent>> cel = new java.util.HashMap<>();
            for (CelEvent event : asterisk.cel().events()) {
                cel.computeIfAbsent(event.linkedId(), id -> new ArrayList<>()).add(event);
            }
            List<String> ended = new ArrayList<>();
            for (PlacedCall call : placed) {
                if (!done.containsKey(call.linkedId())
                        && new CelCall(call.linkedId(), cel.getOrDefault(call.linkedId(), List.of())).ended()) {
                    ended.add(call.linkedId());
                }
            }
            Map<String, CallRow> rows = rows(ended);
            Map<String, Long> events = eventCounts(ended);
            for (PlacedCall call : placed) {
                String id = call.linkedId();
                if (!ended.contains(id)) {
                    continue;
                }
                Optional<CallRow> row = Optional.ofNullable(rows.get(id));
                long count = events.getOrDefault(id, 0L);
                if (row.isPresent()
                        && row.get().endedAt() != null
                        && row.get().outcome() != null
                        && row.equals(previousRows.get(id))
                        && previousEvents.get(id) != null
                        && previousEvents.get(id) == count) {
                    done.put(id, new CallResult(call, new CelCall(id, cel.get(id)), row));
                }
                previousRows.put(id, row);
                previousEvents.put(id, count);
            }
            if (done.size() < placed.size()) {
                AsteriskInstance.sleep(250);
            }
        }
        return placed.stream().map(call -> done.get(call.linkedId())).toList();
    }

    private Map<String, CallRow> rows(List<String> linkedIds) {
        Map<String, CallRow> rows = new java.util.HashMap<>();
        if (linkedIds.isEmpty()) {
            return rows;
        }
        try (var connection = dataSource().getConnection();
                var select = connection.prepareStatement("SELECT * FROM calls WHERE linked_id = ANY (?)")) {
            select.setArray(1, connection.createArrayOf("text", linkedIds.toArray()));
            try (var result = select.executeQuery()) {
                while (result.next()) {
                    CallRow row = CallRow.of(result);
                    rows.put(row.linkedId(), row);
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    private Map<String, Long> eventCounts(List<String> linkedIds) {
        Map<String, Long> counts = new java.util.HashMap<>();
        if (linkedIds.isEmpty()) {
            return counts;
        }
        try (var connection = dataSource().getConnection();
                var select = connection.prepareStatement(
                        "SELECT linked_id, count(*) FROM call_events WHERE linked_id = ANY (?) GROUP BY linked_id")) {
            select.setArray(1, connection.createArrayOf("text", linkedIds.toArray()));
            try (var result = select.executeQuery()) {
                while (result.next()) {
                    counts.put(result.getString(1), result.getLong(2));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return counts;
    }

    /** Waits for Asterisk only (CEL LINKEDID_END): for calls callpath never saw. */
    public CelCall awaitAsteriskEnd(PlacedCall call, Duration timeout) {
        return Awaitility.await("Asterisk ends " + call + " (CEL LINKEDID_END; logs in " + directory + ")")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> asterisk.cel().call(call.linkedId()), CelCall::ended);
    }

    /** The calls row as it is now. */
    public Optional<CallRow> row(String linkedId) {
        return CallRow.read(dataSource(), linkedId);
    }

    private long eventCount(String linkedId) {
        try (var connection = dataSource().getConnection();
                var select = connection.prepareStatement("SELECT count(*) FROM call_events WHERE linked_id = ?")) {
            select.setString(1, linkedId);
            try (var result = select.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The call's {@code calls.promo_while_ringing_ms}. */
    public long promoWhileRingingMillis(String linkedId) {
        List<Map<String, Object>> rows =
                Sql.rows(dataSource(), "SELECT promo_while_ringing_ms FROM calls WHERE linked_id = ?", linkedId);
        assertThat(rows).as("calls row of %s", linkedId).isNotEmpty();
        return ((Number) rows.get(0).get("promo_while_ringing_ms")).longValue();
    }

    /** The first column, as text, of the rows {@code select} finds for one call ({@code ?} is its linked id). */
    public List<String> texts(String select, String linkedId) {
        return Sql.rows(dataSource(), select, linkedId).stream()
                .map(row -> Objects.toString(row.values().iterator().next(), null))
                .toList();
    }

    /** The embedded database (the same that keeps running while callpath is stopped is not promised: stop closes it). */
    public DataSource dataSource() {
        if (callpath == null) {
            throw new IllegalStateException("callpath is stopped");
        }
        return callpath.database().dataSource();
    }

    // ---- logs ----

    /** An Asterisk WARNING/ERROR line a scenario causes on purpose (matched with find()). */
    public void expectAsteriskProblem(String regex) {
        expectedAsteriskProblems.add(Pattern.compile(regex));
    }

    /** A callpath WARN/ERROR line a scenario causes on purpose (matched with find()). */
    public void expectCallpathProblem(String regex) {
        expectedCallpathProblems.add(Pattern.compile(regex));
    }

    /**
     * Asserts Asterisk's log shows one start of {@code musicClass} on the caller's channel, when the phones started
     * ringing (the end of menu), and one stop of music, at the bridge CEL shows; each within 50 ms.
     */
    public void assertMusicOnHoldFromTheRingToTheBridge(CallResult result, String musicClass) {
        String caller = result.cel().callerChannel();
        List<String> started = asterisk.logLinesContaining(
                "Started music on hold, class '" + musicClass + "', on channel '" + caller + "'");
        List<String> stopped = asterisk.logLinesContaining("Stopped music on hold on " + caller);
        assertThat(started)
                .as("MOH start on %s in %s", caller, asterisk.messagesLog())
                .hasSize(1);
        assertThat(stopped).as("MOH stop on %s", caller).hasSize(1);
        // Asterisk's log has millisecond time stamps
        double startedAt = result.millisToAsteriskLogLine(started.get(0));
        double stoppedAt = result.millisToAsteriskLogLine(stopped.get(0));
        assertThat(startedAt).as(started.get(0)).isCloseTo((double) result.row().phase("menu"), within(50.0));
        assertThat(stoppedAt)
                .as(stopped.get(0))
                .isCloseTo(result.cel().timeToBridgeMillis().orElseThrow(), within(50.0));
    }

    /** Asserts neither Asterisk's messages.log nor callpath.log has a WARNING or ERROR line no scenario expected. */
    public void assertNoUnexpectedProblems() {
        assertThat(unexpectedAsteriskProblems())
                .as("Asterisk's messages.log in " + directory)
                .isEmpty();
        assertThat(unexpectedCallpathProblems())
                .as("callpath.log in " + directory)
                .isEmpty();
    }

    public List<String> unexpectedAsteriskProblems() {
        return asterisk.unexpectedProblems(expectedAsteriskProblems);
    }

    public List<String> unexpectedCallpathProblems() {
        return callpathLog.unexpectedProblems(expectedCallpathProblems);
    }

    // ---- parts ----

    public AsteriskInstance asterisk() {
        return asterisk;
    }

    public RunningCallpath callpath() {
        return callpath;
    }

    public CallpathConfig config() {
        return config;
    }

    public CallpathLog callpathLog() {
        return callpathLog;
    }

    /** target/pbx/NAME-TIME-N/: asterisk/ (instance, var/log/messages.log, cel-custom/cel.csv), callpath.log, callpath/. */
    public Path directory() {
        return directory;
    }

    /** Stops Asterisk, then callpath, then the log capture; each even when an earlier one fails. */
    @Override
    public void close() {
        try {
            if (asterisk != null) {
                asterisk.close();
            }
        } finally {
            try {
                stopCallpath();
            } finally {
                if (callpathLog != null) {
                    callpathLog.close();
                }
            }
        }
    }
}
