package io.callpath.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    private final StringWriter text = new StringWriter();
    private final AtomicLong nanos = new AtomicLong();

    private ProgressLine progress(ProgressLine.Style style) {
        return new ProgressLine(new PrintWriter(text, true), style, "run", nanos::get);
    }

    @Test
    void barRewritesOneLineAndEndsItWhenTheLastCallEnds() {
        ProgressLine bar = progress(ProgressLine.Style.BAR);

        for (int done = 1; done <= 4; done++) {
            nanos.addAndGet(200_000_000L);
            bar.callEnded(done, 4, 0);
        }

        assertThat(text.toString())
                .startsWith("\rrun [")
                .contains("] 2/4 calls")
                .endsWith("] 4/4 calls\n");
        assertThat(text.toString().chars().filter(c -> c == '\n').count()).isEqualTo(1);
    }

    @Test
    void barSkipsUpdatesThatComeFasterThanTenASecond() {
        ProgressLine bar = progress(ProgressLine.Style.BAR);

        bar.callEnded(1, 3, 0);
        bar.callEnded(2, 3, 0);
        bar.callEnded(3, 3, 1);

        assertThat(text.toString()).doesNotContain("2/3").endsWith("3/3 calls, 1 broken\n");
    }

    @Test
    void linesArePlainAndComeAtMostEveryFiveSeconds() {
        ProgressLine lines = progress(ProgressLine.Style.LINES);

        for (int done = 1; done <= 10; done++) {
            nanos.addAndGet(2_000_000_000L);
            lines.callEnded(done, 10, 0);
        }

        assertThat(text.toString())
                .doesNotContain("\r")
                .isEqualTo("run: 1/10 calls done\nrun: 4/10 calls done\nrun: 7/10 calls done\nrun: 10/10 calls done\n");
    }

    @Test
    void noneShowsNothing() {
        progress(ProgressLine.Style.NONE).callEnded(1, 1, 0);

        assertThat(text.toString()).isEmpty();
    }
}
