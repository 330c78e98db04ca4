package io.callpath.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SimulateCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int simulate(String... args) {
        CommandLine command = CallpathCommand.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "simulate";
        System.arraycopy(args, 0, all, 1, args.length);
        return command.execute(all);
    }

    private static int count(String report, String label) {
        Matcher matcher =
                Pattern.compile("(?m)^  " + Pattern.quote(label) + " +(\\d+)").matcher(report);
        assertThat(matcher.find()).as("report line '%s' in%n%s", label, report).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    @Test
    void smallRunEndsEveryCallWithAnOutcomeAndReportsThemAll() {
        int exit = simulate(
                "--calls",
                "20",
                "--concurrency",
                "10",
                "--time-scale",
                "0.002",
                "--warmup",
                "2",
                "--progress",
                "lines");

        String report = out.toString();
        assertThat(exit).as(err.toString()).isZero();
        assertThat(report)
                .contains("Time to seller: callpath (config/simulate.yaml)")
                .doesNotContain("still in progress");
        assertThat(count(report, "offered")).isEqualTo(20);
        assertThat(count(report, "reached a seller")
                        + count(report, "abandoned")
                        + count(report, "short abandons")
                        + count(report, "no seller")
                        + count(report, "failed"))
                .isEqualTo(20);
        assertThat(count(report, "failed")).isZero();
        assertThat(err.toString()).contains("callpath: 20/20 calls done").doesNotContain("\r");
    }

    @Test
    void reportIsTheSameAtAnyTimeScaleBecauseEveryCallRunsOnItsOwnSimulatedTime() {
        // no repeat callers: whether one is recognised depends on the database having the first call in time
        String[] common = {
            "--calls",
            "20",
            "--concurrency",
            "10",
            "--warmup",
            "0",
            "--progress",
            "none",
            "--set",
            "repeatShare=0",
            "--seed",
            "7"
        };
        int slow = simulate(concat(common, "--time-scale", "0.004"));
        String slowReport = reportBody(out.toString());
        out.getBuffer().setLength(0);
        int fast = simulate(concat(common, "--time-scale", "0.0005"));
        String fastReport = reportBody(out.toString());

        assertThat(slow).as(err.toString()).isZero();
        assertThat(fast).as(err.toString()).isZero();
        assertThat(slowReport).contains("Time to seller (").isEqualTo(fastReport);
    }

    /** The report without its first line and its footnote, which name the time scale and the real time taken. */
    private static String reportBody(String output) {
        String body = output.substring(output.indexOf('\n') + 1);
        return body.substring(0, body.indexOf("callpath (config/simulate.yaml): "));
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    @Test
    void compareHandbookShowsTheHandbookTheOldOrderAndTheDefaultSideBySide() {
        int exit = simulate(
                "--compare-handbook",
                "--calls",
                "12",
                "--concurrency",
                "6",
                "--time-scale",
                "0.002",
                "--warmup",
                "0",
                "--progress",
                "none");

        String output = out.toString();
        assertThat(exit).as(err.toString()).isZero();
        assertThat(output)
                .contains("Time to seller: handbook (config/handbook.yaml)")
                .contains("Time to seller: promo before (config/simulate-before.yaml)")
                .contains("Time to seller: callpath (config/simulate.yaml)")
                .contains(
                        "| flow | calls | reached a seller | p10 | p25 | p50 | p75 | p90 | p99 | service level | abandoned |");
        assertThat(output.lines()
                        .filter(line -> line.startsWith("| ") && !line.startsWith("| flow"))
                        .toList())
                .extracting(line -> line.substring(2, line.indexOf(" (")))
                .containsExactly("handbook", "promo before", "callpath");
        // only the default flow plays the promo while phones ring
        assertThat(output.split("Time to seller: callpath")[1]).contains("while phones rang");
        assertThat(output.split("Time to seller: callpath")[0]).doesNotContain("while phones rang");
    }

    @Test
    void modelProblemIsNamedByItsKeyBeforeAnythingStarts() {
        int exit = simulate("--set", "keys.inPromo=2", "--set", "sellers.answerAfter=soon");

        assertThat(exit).isEqualTo(UserErrorHandler.CONFIG_ERROR);
        assertThat(err.toString())
                .contains("keys.inPromo: '2' is not a share")
                .contains("sellers.answerAfter: 'soon' is not a duration or span");
    }

    @Test
    void printedModelIsTheDefaultsWithOverridesApplied() {
        int exit = simulate("--print-model", "--set", "repeatShare=0.3");

        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains("repeatShare: 0.3")
                .contains("inPromo: 0.5")
                .contains("\"handbook/hold\": 8s");
    }

    @Test
    void targetWithoutPortIsRefusedWithAnExample() {
        int exit = simulate("--target", "pbx.example.com", "--calls", "1");

        assertThat(exit).isEqualTo(UserErrorHandler.CONFIG_ERROR);
        assertThat(err.toString()).contains("--target 'pbx.example.com' must be HOST:PORT");
    }

    @Test
    void badCountsAreRefusedTogether() {
        int exit = simulate("--calls", "0", "--time-scale", "2");

        assertThat(exit).isEqualTo(UserErrorHandler.CONFIG_ERROR);
        assertThat(err.toString())
                .contains("--calls must be at least 1")
                .contains("--time-scale must be above 0 and at most 1");
    }
}
