package io.callpath.pbx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PBX rig ({@link PbxRig}) with a SIP transport: the kit's pjsip.conf and rtp.conf (bound to 127.0.0.1 on a free
 * port, an RTP range of this instance's own, passwords test-USER), the kit's {@code [phones]} context, callpath with
 * the kit's musiconhold.conf (the line's promo class), a demo config ({@link #DEMO_CONFIG} or {@link #PROMO_BEFORE_CONFIG}, open around the clock,
 * repeat-caller recognition off so each scenario's caller 301 is a new caller), and SIPp phones and callers on 127.0.0.1.
 */
public final class SipRig implements AutoCloseable {

    /** The kit's test caller; its calls are found in CEL by their channel name. */
    public static final String CALLER = "301";

    private final SipKit kit;
    private final PbxRig pbx;
    private final int sipPort;
    private final AtomicInteger scenarios = new AtomicInteger();

    private SipRig(SipKit kit, PbxRig pbx, int sipPort) {
        this.kit = kit;
        this.pbx = pbx;
        this.sipPort = sipPort;
    }

    /** The demo config as shipped: line main plays its promo while all sales sellers ring. */
    public static final Path DEMO_CONFIG = Path.of("config", "callpath.yaml");
    /**
     * The demo config as it shipped before the promo moved into the ringing (the flow tests' fixture): promo first
     * (keys barge in), then the menu; sales sellers rung one after another.
     */
    public static final Path PROMO_BEFORE_CONFIG = Path.of("src", "test", "resources", "callpath-before.yaml");

    /** {@code rtpPorts}: the size of this instance's RTP range (2 per call leg: RTP and RTCP). */
    public static SipRig start(String name, int rtpPorts, Path callpathConfig) {
        SipKit kit = SipKit.require();
        int sipPort = FreeUdpPorts.udp();
        PbxRig pbx = PbxRig.builder(name)
                .sellersArePhones()
                .callpathConfigFile(callpathConfig)
                .editCallpathConfig(SipRig::openAroundTheClock)
                .asteriskConfig("musiconhold.conf", SipKit.kitFile("musiconhold.conf"))
                .asteriskConfig("pjsip.conf", SipKit.pjsipConf(sipPort))
                .asteriskConfig("rtp.conf", SipKit.rtpConf(FreeUdpPorts.udpRange(rtpPorts), rtpPorts))
                .dialplan(SipKit.phonesContext())
                .start();
        return new SipRig(kit, pbx, sipPort);
    }

    /** The demo config open every hour of every day, without repeat-caller recognition. */
    static String openAroundTheClock(String yaml) {
        String text = replace(yaml, "window: 24h\n  enabled: true", "window: 24h\n  enabled: false");
        text = replace(text, "\"09:00-18:00\"", "\"00:00-24:00\"");
        text = replace(
                text,
                "friday: \"00:00-24:00\"",
                "friday: \"00:00-24:00\"\n        saturday: \"00:00-24:00\"\n        sunday: \"00:00-24:00\"");
        return replace(text, "holidays: [2026-12-25, 2027-01-01]", "holidays: []");
    }

    private static String replace(String text, String from, String to) {
        if (!text.contains(from)) {
            throw new IllegalStateException("the demo config no longer has '" + from + "'; update SipRig");
        }
        return text.replace(from, to);
    }

    public PbxRig pbx() {
        return pbx;
    }

    public AsteriskInstance asterisk() {
        return pbx.asterisk();
    }

    /** A fresh working directory for one scenario's SIPp processes, with the pcaps. */
    public Path scenarioDirectory(String name) {
        Path scenario = pbx.directory().resolve("sipp").resolve(scenarios.incrementAndGet() + "-" + name);
        try {
            Files.createDirectories(scenario);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SippPcaps.prepare(kit, scenario);
        return scenario;
    }

    /** Phone {@code user} (101, 102, 201) registers from a port of its own and takes one call as the plan says. */
    public SippProcess phone(Path scenario, String user, SipPhonePlan plan) {
        return registeringPhone(kit, scenario, sipPort, user, SippScenarios.phone(scenario, "phone-" + user, plan));
    }

    /**
     * A SIPp phone that registers (the tree's register-stay.xml) and answers on the same port with
     * {@code answerScenario} (-oocsf); stays up for 120 s or until its scenario stops it.
     */
    static SippProcess registeringPhone(
            SipKit kit, Path directory, int sipPort, String user, Path answerScenario, String... more) {
        List<String> arguments = new ArrayList<>(List.of(
                "127.0.0.1:" + sipPort,
                "-sf",
                kit.scenario("register-stay.xml").toString(),
                "-oocsf",
                answerScenario.toString(),
                "-s",
                user,
                "-au",
                user,
                "-ap",
                "test-" + user,
                "-key",
                "expires",
                "300",
                "-i",
                "127.0.0.1",
                "-p",
                Integer.toString(FreeUdpPorts.udp()),
                "-mp",
                Integer.toString(FreeUdpPorts.udpRange(8)),
                "-m",
                "1"));
        arguments.addAll(List.of(more));
        return SippProcess.start(directory, "phone-" + user, Duration.ofSeconds(150), arguments);
    }

    /** Caller 301 dials {@code number} {@code calls} times at {@code callsPerSecond} ({@code mediaPort} 0: SIPp's own). */
    public SippProcess caller(
            Path scenario,
            String name,
            String number,
            SipCallerPlan plan,
            int mediaPort,
            int calls,
            int callsPerSecond) {
        Path xml = SippScenarios.caller(scenario, name, plan, mediaPort);
        return SippProcess.start(
                scenario,
                name,
                Duration.ofSeconds(90),
                List.of(
                        "127.0.0.1:" + sipPort,
                        "-sf",
                        xml.toString(),
                        "-s",
                        number,
                        "-key",
                        "caller",
                        CALLER,
                        "-au",
                        CALLER,
                        "-ap",
                        "test-" + CALLER,
                        "-i",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(FreeUdpPorts.udp()),
                        "-mp",
                        Integer.toString(FreeUdpPorts.udpRange(8)),
                        "-m",
                        Integer.toString(calls),
                        "-l",
                        Integer.toString(calls),
                        "-r",
                        Integer.toString(callsPerSecond),
                        "-rp",
                        "1000"));
    }

    /** Caller 301 dials 600 (the kit's test number for line main) once. */
    public SippProcess caller(Path scenario, String name, SipCallerPlan plan) {
        return caller(scenario, name, "600", plan, 0, 1, 1);
    }

    /** Waits until each phone shows as Avail (a new contact is qualified at once). */
    public void awaitAvailable(String... users) {
        awaitAvailable(asterisk(), List.of(users), Duration.ofSeconds(15));
    }

    static void awaitAvailable(AsteriskInstance asterisk, List<String> users, Duration limit) {
        await().atMost(limit).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            String contacts = asterisk.cli("pjsip show contacts");
            assertThat(users)
                    .as("phones Avail in:%n%s", contacts)
                    .allMatch(user -> contacts.lines()
                            .anyMatch(line -> line.contains("Contact:")
                                    && line.contains(" " + user + "/sip:")
                                    && line.contains(" Avail ")));
        });
    }

    /**
     * The calls of caller 301 whose channel Asterisk created at or after {@code since}, in order: found in CEL (the
     * caller's CHAN_START; its uniqueid is the call's linkedid), then awaited as {@link PbxRig#await} does.
     */
    public List<CallResult> callsSince(Instant since, int expected, Duration limit) {
        long sinceMicros = since.getEpochSecond() * 1_000_000L + since.getNano() / 1_000;
        List<CelEvent> starts = await("calls of " + CALLER + " in CEL")
                .atMost(limit)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> asterisk().cel().events().stream()
                                .filter(event -> event.type().equals("CHAN_START")
                                        && event.channel().startsWith("PJSIP/" + CALLER + "-")
                                        && event.uniqueId().equals(event.linkedId())
                                        && event.micros() >= sinceMicros
                                        && event.exten().equals("600"))
                                .toList(),
                        found -> found.size() >= expected);
        if (starts.size() != expected) {
            throw new AssertionError("expected " + expected + " calls of " + CALLER + " to 600 since " + since
                    + " in CEL, found " + starts.size());
        }
        List<CallResult> results = new ArrayList<>();
        for (CelEvent start : starts) {
            results.add(pbx.await(new PlacedCall(start.linkedId(), CALLER, null, since), limit));
        }
        return results;
    }

    public CallResult onlyCallSince(Instant since) {
        return callsSince(since, 1, Duration.ofSeconds(30)).get(0);
    }

    public List<Map<String, Object>> query(String sql, Object... parameters) {
        try (Connection connection = pbx.dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                ResultSetMetaData meta = result.getMetaData();
                List<Map<String, Object>> rows = new ArrayList<>();
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

    @Override
    public void close() {
        pbx.close();
    }

    /** For a test class's {@code @AfterAll}: closes the rig, failing when Asterisk or callpath logged an unexpected problem. */
    public void closeAfterCheckingLogs() {
        try {
            assertThat(pbx.unexpectedAsteriskProblems())
                    .as("Asterisk WARNING/ERROR lines")
                    .isEmpty();
            assertThat(pbx.unexpectedCallpathProblems())
                    .as("callpath WARN/ERROR lines")
                    .isEmpty();
        } finally {
            close();
        }
    }
}
