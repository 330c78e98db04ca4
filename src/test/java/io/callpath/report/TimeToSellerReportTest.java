package io.callpath.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.events.CallSummary;
import io.callpath.events.Phase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeToSellerReportTest {

    private static final Duration TARGET = Duration.ofSeconds(10);
    private static final Duration SHORT_ABANDON = Duration.ofSeconds(5);

    @Test
    void knownDayRendersTheGoldenText() {
        String expected = """
                Time to seller: main line, 2026-11-26
                =====================================

                Calls
                  offered               13  finished calls; 1 still in progress not counted
                  reached a seller       6
                  abandoned              2  hung up after more than 5 s
                  short abandons         2  hung up within 5 s
                  no seller              2  after_hours 1, assistant_only 1
                  failed                 1  our errors: see the server log

                Time to seller (6 calls that reached a seller)
                  p50 9.0 s   p90 58.0 s   max 58.0 s   average 18.5 s   target 10 s
                  0-5 s    ####################                         1
                  5-10 s   ########################################     2
                  10-15 s  ####################                         1
                  15-20 s                                               0
                  20-30 s  ####################                         1
                  30-45 s                                               0
                  45-60 s  ####################                         1
                  60+ s                                                 0

                Service level 36.4% (4 of 11)
                  = calls that reached a seller within 10 s / (calls offered - abandons within 5 s)

                Where the seconds go (average per call that reached a seller)
                  informer              6.2 s  #############                              33%
                  menu                  2.5 s  #####                                      14%
                  assistant_ringing     0.5 s  #                                           3%
                  assistant_talking     2.8 s  ######                                     15%
                  transfer_hold         0.7 s  #                                           4%
                  seller_ringing        4.8 s  ##########                                 26%
                  whisper               1.0 s  ##                                          5%
                  total                18.5 s

                Abandoned by phase (4 abandons, short ones included)
                  informer               2  ########################################   50%
                  seller_ringing         1  ####################                       25%
                  before any phase       1  ####################                       25%
                """;

        assertThat(TimeToSellerReport.render("main line, 2026-11-26", KnownCalls.day(), TARGET, SHORT_ABANDON))
                .isEqualTo(expected);
    }

    @Test
    void noCallsRenderWithoutNumbersThatDoNotExist() {
        String text = TimeToSellerReport.render("empty", List.of(), TARGET, SHORT_ABANDON);

        assertThat(text)
                .contains("Time to seller: no call reached a seller")
                .contains("Service level n/a (0 of 0)")
                .contains("Abandoned by phase: no caller hung up while waiting")
                .doesNotContain("Where the seconds go");
    }

    @Test
    void callOrderDoesNotChangeTheText() {
        List<CallSummary> shuffled = new ArrayList<>(KnownCalls.day());
        Collections.reverse(shuffled);

        assertThat(TimeToSellerReport.render("t", shuffled, TARGET, SHORT_ABANDON))
                .isEqualTo(TimeToSellerReport.render("t", KnownCalls.day(), TARGET, SHORT_ABANDON));
    }

    @Test
    void everyLineFitsOneHundredColumnsEvenWithALongTitle() {
        String text =
                TimeToSellerReport.render("x".repeat(300) + "\nforged line", KnownCalls.day(), TARGET, SHORT_ABANDON);

        assertThat(text.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(100));
        assertThat(text.lines()).noneMatch(line -> line.startsWith("forged"));
    }

    @Test
    void handbookCallsShowTheTwentyFiveTwentyFiveEightBreakdown() {
        List<CallSummary> handbook = List.of(
                KnownCalls.reached(
                        "1", Phase.INFORMER, 25_000, Phase.ASSISTANT_TALKING, 25_000, Phase.TRANSFER_HOLD, 8_000),
                KnownCalls.reached(
                        "2", Phase.INFORMER, 25_000, Phase.ASSISTANT_TALKING, 25_000, Phase.TRANSFER_HOLD, 8_000));

        String text = TimeToSellerReport.render("handbook", handbook, TARGET, SHORT_ABANDON);

        assertThat(text)
                .contains("  informer             25.0 s  #################                          43%")
                .contains("  assistant_talking    25.0 s  #################                          43%")
                .contains("  transfer_hold         8.0 s  ######                                     14%")
                .contains("  total                58.0 s")
                .contains("Service level 0.0% (0 of 2)");
    }
}
