package io.callpath.sip;

import io.callpath.Callpath;
import io.callpath.config.CallpathConfig;
import io.callpath.config.ConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SIP scenarios' world: the kit on the real Asterisk 22 with PJSIP ({@link KitAsterisk}, CEL on), callpath
 * in-process on a free port with an embedded PostgreSQL and the demo config (config/callpath.yaml, open every hour of
 * every day, repeat-caller recognition off so that each scenario's caller 301 is a new caller), and SIPp phones and
 * callers on 127.0.0.1. The administrator's one setting, CALLPATH_HOST, is set through the CLI.
 */
public final class SipRig implements AutoCloseable {

    private final PjsipTree tree;
    private final Path directory;
    private final KitAsterisk asterisk;
    private final Callpath callpath;
    private final AtomicInteger runs = new AtomicInteger();

    private SipRig(PjsipTree tree, Path directory, KitAsterisk asterisk, Callpath callpath) {
        this.tree = tree;
        this.directory = directory;
        this.asterisk = asterisk;
        this.callpath = callpath;
    }

    /** {@code rtpPorts}: the size of this instance's own RTP range (4 per call: two legs, RTP + RTCP). */
    public static SipRig start(Path directory, int rtpPorts) {
        PjsipTree tree = PjsipTree.require();
        Callpath callpath = Callpath.start(config(directory), Map.of(), event -> { });
        KitAsterisk asterisk = null;
        try {
            asterisk = KitAsterisk.start(tree, directory.resolve("pbx"), rtpPorts, Map.of(), true);
            asterisk.cli("dialplan set global CALLPATH_HOST 127.0.0.1:" + callpath.port());
            Pcaps.prepare(tree, directory);
            return new SipRig(tree, directory, asterisk, callpath);
        } catch (RuntimeException e) {
            if (asterisk != null) {
                asterisk.close();
            }
            callpath.shutdown(Duration.ofSeconds(1));
            throw e;
        }
    }

    /** The demo config, open around the clock, repeat callers off, on a free port with its data in {@code directory}. */
    static CallpathConfig config(Path directory) {
        try {
            String yaml = Files.readString(Path.of("config", "callpath.yaml"));
            yaml = replace(yaml, "port: 4573", "port: 0");
            yaml = replace(yaml, "dataDirectory: var/pgdata", "dataDirectory: " + directory.resolve("pgdata"));
            yaml = replace(yaml, "spoolDirectory: var/spool", "spoolDirectory: " + directory.resolve("spool"));
            yaml = replace(yaml, "window: 24h\n  enabled: true", "window: 24h\n  enabled: false");
            yaml = replace(yaml, "\"09:00-18:00\"", "\"00:00-24:00\"");
            yaml = replace(yaml, "friday: \"00:00-24:00\"",
                    "friday: \"00:00-24:00\"\n        saturday: \"00:00-24:00\"\n        sunday: \"00:00-24:00\"");
            yaml = replace(yaml, "holidays: [2026-12-25, 2027-01-01]", "holidays: []");
            return ConfigLoader.parse(yaml, "config/callpath.yaml for the SIP tests");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String replace(String text, String from, String to) {
        if (!text.contains(from)) {
            throw new IllegalStateException("config/callpath.yaml no longer has '" + from + "'; update SipRig.config");
        }
        return text.replace(from, to);
    }

    public KitAsterisk asterisk() {
        return asterisk;
    }

    public Callpath callpath() {
        return callpath;
    }

    /** A fresh working directory for one scenario's SIPp processes, with the pcaps. */
    public Path scenarioDirectory(String name) {
        Path scenario = directory.resolve(runs.incrementAndGet() + "-" + name);
        try {
            Files.createDirectories(scenario);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Pcaps.prepare(tree, scenario);
        return scenario;
    }

    /** Phone {@code user} (101, 102, 201...) registers from a port of its own and takes one call as the plan says. */
    public SippProcess phone(Path scenario, String user, PhonePlan plan) {
        Path xml = SippScenarios.phone(scenario, "phone-" + user, plan);
        return SippProcess.start(scenario, "phone-" + user, Duration.ofSeconds(120), List.of(
                "127.0.0.1:" + asterisk.sipPort(), "-sf", tree.sippScenarios().resolve("register-stay.xml").toString(),
                "-oocsf", xml.toString(), "-s", user, "-au", user, "-ap", "test-" + user, "-key", "expires", "300",
                "-i", "127.0.0.1", "-p", Integer.toString(FreePorts.udp()), "-mp", Integer.toString(FreePorts.udpRange(8)),
                "-m", "1"));
    }

    /** Caller 301 dials {@code number} (600: line main) {@code calls} times at {@code callsPerSecond}. */
    public SippProcess caller(Path scenario, String name, String number, CallerPlan plan, int mediaPort, int calls,
                              int callsPerSecond) {
        Path xml = SippScenarios.caller(scenario, name, plan, mediaPort);
        return SippProcess.start(scenario, name, Duration.ofSeconds(90), List.of(
                "127.0.0.1:" + asterisk.sipPort(), "-sf", xml.toString(), "-s", number, "-key", "caller", "301",
                "-au", "301", "-ap", "test-301", "-i", "127.0.0.1", "-p", Integer.toString(FreePorts.udp()),
                "-mp", Integer.toString(FreePorts.udpRange(8)), "-m", Integer.toString(calls),
                "-l", Integer.toString(calls), "-r", Integer.toString(callsPerSecond), "-rp", "1000"));
    }

    public SippProcess caller(Path scenario, String name, CallerPlan plan) {
        return caller(scenario, name, "600", plan, 0, 1, 1);
    }

    /** Waits until each phone shows as Avail (a new contact is qualified at once). */
    public void awaitAvailable(String... users) {
        new SipPhones(tree, asterisk, directory).awaitAvailable(List.of(users), Duration.ofSeconds(15));
    }

    /** The rows of calls since {@code since} once {@code count} of them have their outcome and end, by t0. */
    public List<Map<String, Object>> awaitFinishedCallsSince(java.sql.Timestamp since, int count, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        List<Map<String, Object>> rows = List.of();
        while (System.nanoTime() < deadline) {
            rows = query("SELECT * FROM calls WHERE t0 >= ? AND outcome IS NOT NULL AND ended_at IS NOT NULL ORDER BY t0",
                    since);
            if (rows.size() >= count) {
                return rows;
            }
            KitAsterisk.sleep(100);
        }
        throw new AssertionError("expected " + count + " finished calls within " + limit + ", got " + rows.size());
    }

    /** The row of one call once its outcome is written. */
    public Map<String, Object> awaitCall(String linkedId, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        Optional<Map<String, Object>> row = Optional.empty();
        while (System.nanoTime() < deadline) {
            row = query("SELECT * FROM calls WHERE linked_id = ?", linkedId).stream().findFirst();
            if (row.isPresent() && row.get().get("outcome") != null && row.get().get("ended_at") != null) {
                return row.get();
            }
            KitAsterisk.sleep(100);
        }
        throw new AssertionError("call " + linkedId + " not finished within " + limit + ": " + row);
    }

    public List<Map<String, Object>> query(String sql, Object... parameters) {
        try (Connection connection = callpath.database().dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                ResultSetMetaData meta = result.getMetaData();
                List<Map<String, Object>> rows = new java.util.ArrayList<>();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int column = 1; column <= meta.getColumnCount(); column++) {
                        row.put(meta.getColumnLabel(column), result.getObject(column));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    public Cel cel() {
        return Cel.read(asterisk.directory());
    }

    @Override
    public void close() {
        try {
            asterisk.close();
        } finally {
            callpath.shutdown(Duration.ofSeconds(2));
        }
    }
}
