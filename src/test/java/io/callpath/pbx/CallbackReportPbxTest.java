package io.callpath.pbx;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.cli.CallpathCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A report with callbacks done, from the real Asterisk: callers hang up in the menu (or press * when offered) and are
 * called back and connected, a number that never answers is retried then fails, a number that calls in first has its
 * job cancelled; then {@code callpath report} over the rig's database prints the callbacks section, and its counts and
 * time-to-callback p50/p90 are checked against the jobs and Asterisk's CEL.
 */
class CallbackReportPbxTest {

    private static final String CALLBACK = "    callback:\n"
            + "      enabled: true\n"
            + "      delay: 2s\n"
            + "      department: callbacks\n"
            + "      ringTime: 5s\n"
            + "      maxAttempts: 2\n"
            + "      retryAfter: 2s\n"
            + "      maxBusySellers: 4\n"
            + "      offerAfter: 2s\n"
            + "      dial: \"Local/{number}@pbx-callee\"\n";
    // line overflow calls back a minute after the hang-up: its caller calls in again first
    private static final String LATE_CALLBACK = "    callback:\n"
            + "      enabled: true\n"
            + "      delay: 60s\n"
            + "      department: callbacks\n"
            + "      dial: \"Local/{number}@pbx-callee\"\n";
    // the seller rings 1 s, answers, presses the accept key 1 s into the whisper, talks 10 s
    private static final String SELLER = "Local/r1000-a-w1000-d1-w10000-h@pbx-script";
    private static final String CALLBACK_DEPARTMENT = "  callbacks:\n"
            + "    sellers: [" + SELLER + "]\n"
            + "    ringTimeout: 5s\n"
            + "    whisper: callpath/dept-sales\n"
            + "    acceptKey: \"1\"\n"
            + "    acceptTimeout: 3s\n"
            + "    acceptPrompt: callpath/accept\n";
    private static final String NEVER_ANSWERS = "5550999002";
    // a called-back caller's phone rings 1 s, answers, talks 6 s; NEVER_ANSWERS rings until the Dial gives up
    private static final String CALLEE = "[pbx-callee]\nexten => " + NEVER_ANSWERS + ",1,Goto(pbx-script,n,1)\n"
            + "exten => _X.,1,Goto(pbx-script,r1000-a-w6000-h,1)\n";
    /**
     * callpath learns a hang-up, a key or an answer from an AGI round trip after Asterisk's CEL has it: a few ms on a
     * quiet machine (3-10 ms measured), this much at most on a loaded one.
     */
    private static final double LATER_MILLIS = 250;

    private static PbxRig rig;
    private static Instant from;
    private static String yaml;
    private static final List<PlacedCall> calledBack = new ArrayList<>();
    private static PlacedCall offered;
    private static PlacedCall unreachable;
    private static PlacedCall firstOfTwo;
    private static PlacedCall again;

    @BeforeAll
    static void placeCalls() {
        from = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        rig = PbxRig.builder("callback-report")
                .withDesks()
                .editCallpathConfig(CallbackReportPbxTest::withCallbacks)
                .dialplan(CALLEE)
                .start();
        yaml = withCallbacks(PbxRig.resource(PbxRig.DEFAULT_CONFIG));
        // informer 4 s, then the menu: they hang up in the menu, past the 5 s short abandon
        calledBack.add(rig.call("5551000", "a-w6000-h"));
        calledBack.add(rig.call("5551000", "a-w6500-h"));
        // the informer is cut at 2 s for "press star to be called back"; the caller presses * 3 s into the call
        offered = rig.call(CallSpec.to("5551000", "a-w3000-d*-w15000"));
        unreachable = rig.call(CallSpec.to("5551000", "a-w6000-h").from(NEVER_ANSWERS));
        firstOfTwo = rig.call("5553000", "a-w6000-h");
        rig.await(firstOfTwo, Duration.ofSeconds(30));
        CallbackJobRows.await(rig, firstOfTwo.callerNumber(), "queued", Duration.ofSeconds(10));
        again = rig.call(CallSpec.to("5553000", "a-w1000-h").from(firstOfTwo.callerNumber()));
    }

    private static String withCallbacks(String yaml) {
        return yaml.replace(
                        "    connectingPrompt: callpath/connecting\n",
                        "    connectingPrompt: callpath/connecting\n" + CALLBACK)
                .replace(
                        "    overflowDepartment: sales\n    whisper: callpath/line-main\n\ndepartments:\n",
                        "    overflowDepartment: sales\n    whisper: callpath/line-main\n" + LATE_CALLBACK
                                + "\ndepartments:\n" + CALLBACK_DEPARTMENT);
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void aNumberThatNeverAnswersIsRungOncePerAttemptAndACalledBackCallerOnce() throws Exception {
        Map<String, Object> failed = CallbackJobRows.await(rig, NEVER_ANSWERS, "failed", Duration.ofSeconds(60));
        assertThat(failed.get("attempts")).isEqualTo(2);
        assertThat(CallbackJobRows.eventTypes(rig, failed))
                .containsExactly(
                        "queued", "claimed", "seller_answered", "retry", "claimed", "seller_answered", "failed");
        for (PlacedCall call : calledBack) {
            CallbackJobRows.await(rig, call.callerNumber(), "done", Duration.ofSeconds(45));
        }
        CallbackJobRows.await(rig, offered.callerNumber(), "done", Duration.ofSeconds(45));

        List<CelEvent> cel = rig.asterisk().cel().events();
        assertThat(calleeStarts(cel, NEVER_ANSWERS)).as("one ring per attempt").isEqualTo(2);
        for (PlacedCall call : List.of(calledBack.get(0), calledBack.get(1), offered)) {
            assertThat(calleeStarts(cel, call.callerNumber()))
                    .as("callee %s", call.callerNumber())
                    .isEqualTo(1);
        }
    }

    @Test
    void theReportCountsTheCallbacksAndItsTimeToCallbackAgreesWithCel() throws Exception {
        List<Map<String, Object>> done = new ArrayList<>();
        for (PlacedCall call : calledBack) {
            done.add(CallbackJobRows.await(rig, call.callerNumber(), "done", Duration.ofSeconds(45)));
        }
        Map<String, Object> offeredJob =
                CallbackJobRows.await(rig, offered.callerNumber(), "done", Duration.ofSeconds(45));
        done.add(offeredJob);
        CallbackJobRows.await(rig, NEVER_ANSWERS, "failed", Duration.ofSeconds(60));
        Map<String, Object> cancelled =
                CallbackJobRows.await(rig, firstOfTwo.callerNumber(), "cancelled", Duration.ofSeconds(30));
        assertThat(cancelled.get("end_reason")).isEqualTo("called_in");
        assertThat(cancelled.get("attempts")).isEqualTo(0);
        List<PlacedCall> all = new ArrayList<>(calledBack);
        all.addAll(List.of(offered, unreachable, firstOfTwo, again));
        rig.awaitAll(all, Duration.ofSeconds(30));

        // time-to-callback by Asterisk's clock: the caller's hang-up (or their * key) to the callee's answer
        List<CelEvent> cel = rig.asterisk().cel().events();
        List<Long> celMillis = new ArrayList<>();
        List<String> deltas = new ArrayList<>();
        for (Map<String, Object> job : done) {
            boolean byKey = job == offeredJob;
            Instant start = byKey ? starKey(cel, offered) : callerHangup(cel, (String) job.get("linked_id"));
            Instant answered = calleeAnswer(cel, (String) job.get("number"));
            Instant recordedStart = ((Timestamp) job.get("hung_up_at")).toInstant();
            Instant connected = ((Timestamp) job.get("connected_at")).toInstant();
            double startDelta = millisBetween(start, recordedStart);
            double answerDelta = millisBetween(answered, connected);
            assertThat(startDelta).as("hung_up_at − CEL").isBetween(-PbxTolerance.millis(), LATER_MILLIS);
            assertThat(answerDelta).as("connected_at − CEL").isBetween(-PbxTolerance.millis(), LATER_MILLIS);
            long celTtc = Duration.between(start, answered).toMillis();
            celMillis.add(celTtc);
            deltas.add(String.format(
                    Locale.ROOT,
                    "%s ttc %d ms, CEL %d ms (start %+.1f ms, answer %+.1f ms)",
                    job.get("origin"),
                    (Long) job.get("time_to_callback_ms"),
                    celTtc,
                    startDelta,
                    answerDelta));
        }
        celMillis.sort(Comparator.naturalOrder());

        String report = report();
        System.out.println("callpath " + String.join(" ", reportArguments()) + "\n" + report);
        System.out.println("time-to-callback, callpath vs CEL: " + String.join("; ", deltas));

        assertThat(report).contains("Callbacks (callers who hung up, or took the offered callback, in the range)");
        Matcher main = Pattern.compile(
                        "\\n  main +(\\d+) +(\\d+) +(\\d+) +(\\d+) +(\\d+) +(\\d+) +([0-9.]+) s +([0-9.]+) s\\n")
                .matcher(report);
        assertThat(main.find()).as(report).isTrue();
        // queued 4 (two hang-ups, one *, the number that never answers), offered 1, done 3, failed 1, none open
        assertThat(List.of(main.group(1), main.group(2), main.group(3), main.group(4), main.group(5), main.group(6)))
                .containsExactly("4", "1", "3", "1", "0", "0");
        assertThat(report).containsPattern("\\n  overflow +1 +0 +0 +0 +1 +0 +- +-\\n");
        assertThat(report).contains("Leads recovered: 3 of 5 callbacks queued");
        // nearest rank over 3: p50 the 2nd, p90 the 3rd; the report prints tenths of a second (50 ms of rounding)
        double tolerance = PbxTolerance.millis() + LATER_MILLIS + 50;
        assertThat(Double.parseDouble(main.group(7)) * 1000).isCloseTo(celMillis.get(1), byMillis(tolerance));
        assertThat(Double.parseDouble(main.group(8)) * 1000).isCloseTo(celMillis.get(2), byMillis(tolerance));
        List<Long> recorded = done.stream()
                .map(job -> (Long) job.get("time_to_callback_ms"))
                .sorted()
                .toList();
        assertThat(main.group(7)).isEqualTo(tenths(recorded.get(1)));
        assertThat(main.group(8)).isEqualTo(tenths(recorded.get(2)));
    }

    private static org.assertj.core.data.Offset<Double> byMillis(double millis) {
        return org.assertj.core.data.Offset.offset(millis);
    }

    private static String tenths(long millis) {
        return String.format(Locale.ROOT, "%.1f", millis / 1000.0);
    }

    /** {@code callpath report} as a user runs it, on a config pointing at the rig's database. */
    private static String report() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = CallpathCommand.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int exit = command.execute(reportArguments().toArray(String[]::new));
        assertThat(exit).as(err.toString()).isZero();
        return out.toString();
    }

    private static List<String> reportArguments() throws Exception {
        Path config = rig.directory().resolve("report.yaml");
        if (!Files.exists(config)) {
            Files.writeString(
                    config,
                    yaml + "\ndatabase:\n  url: " + rig.config().database().url() + "\n  user: postgres\n");
        }
        return List.of(
                "report",
                "--config",
                config.toString(),
                "--from",
                from.toString(),
                "--to",
                Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS).toString());
    }

    private static long calleeStarts(List<CelEvent> cel, String number) {
        return cel.stream()
                .filter(event -> event.type().equals("CHAN_START")
                        && event.channel().startsWith("Local/" + number + "@pbx-callee")
                        && event.channel().endsWith(";1"))
                .count();
    }

    private static Instant callerHangup(List<CelEvent> cel, String linkedId) {
        return cel.stream()
                .filter(event ->
                        event.type().equals("HANGUP") && event.uniqueId().equals(linkedId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no HANGUP of " + linkedId + " in CEL"))
                .time();
    }

    private static Instant starKey(List<CelEvent> cel, PlacedCall call) {
        return new CelCall(
                        call.linkedId(),
                        cel.stream()
                                .filter(event -> event.linkedId().equals(call.linkedId()))
                                .toList())
                .callerDigits()
                .get(0)
                .time();
    }

    private static Instant calleeAnswer(List<CelEvent> cel, String number) {
        return cel.stream()
                .filter(event ->
                        event.type().equals("ANSWER") && event.channel().startsWith("Local/" + number + "@pbx-callee"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ANSWER of the callee " + number + " in CEL"))
                .time();
    }

    private static double millisBetween(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1_000_000.0;
    }
}
