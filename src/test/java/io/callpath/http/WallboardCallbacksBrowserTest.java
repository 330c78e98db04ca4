package io.callpath.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.app.CallpathApp;
import io.callpath.app.RunningCallpath;
import io.callpath.browser.HeadlessChromium;
import io.callpath.store.SharedPostgres;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The wallboard's callbacks in headless Chromium against rows of the {@code callbacks} table in a real PostgreSQL:
 * per line the jobs open now (queued, dialing), whatever day their caller hung up, and those done (leads recovered)
 * and failed since the start of the day, with the time-to-callback p50 of today's done ones; a row written later
 * shows at the next refresh. Screenshot: target/wallboard-callbacks.png.
 */
class WallboardCallbacksBrowserTest {

    private static final String DATABASE = "wallboard_callbacks";

    private RunningCallpath callpath;
    private WebDriver browser;
    private String jdbcUrl;
    private Instant dayStart;
    private Instant now;

    @BeforeEach
    void start() throws Exception {
        browser = HeadlessChromium.start("1600", "1000");
        jdbcUrl = SharedPostgres.freshDatabase(DATABASE);
        callpath = CallpathApp.builder(
                        LiveOpsRig.config("", Path.of("src/test/resources/callpath-before.yaml"), jdbcUrl))
                .build()
                .start();
        // the wallboard's day, in its zone (the JVM's)
        now = Instant.now();
        dayStart = LocalDate.ofInstant(now, ZoneId.systemDefault())
                .atStartOfDay(ZoneId.systemDefault())
                .toInstant();
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (callpath != null) {
            callpath.shutdown(Duration.ofSeconds(2));
        }
        SharedPostgres.dropDatabase(DATABASE);
    }

    @Test
    void theBoardCountsOpenCallbacksAndTodaysDoneAndFailedPerLineFromTheTable() throws Exception {
        // the server migrates its database in the background: until then the table is not there
        org.awaitility.Awaitility.await("the database is migrated")
                .atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> {
                    try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
                            PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM callbacks")) {
                        return count.executeQuery().next();
                    }
                });
        Instant today = now.minusSeconds(20).isBefore(dayStart) ? dayStart : now.minusSeconds(20);
        Instant yesterday = dayStart.minus(Duration.ofHours(3));
        // main: two queued (one from yesterday), one dialing, three done today (40 s, 60 s, 90 s), one failed today;
        // done and failed yesterday and a cancelled one today do not count
        insert("5550001", "main", "queued", today, null, null);
        insert("5550002", "main", "queued", yesterday, null, null);
        insert("5550003", "main", "dialing", today, null, null);
        insert("5550004", "main", "done", today, today, 40_000L);
        insert("5550005", "main", "done", today, today, 90_000L);
        insert("5550006", "main", "done", today, today, 60_000L);
        insert("5550007", "main", "failed", today, today, null);
        insert("5550008", "main", "done", yesterday, yesterday, 5_000L);
        insert("5550009", "main", "failed", yesterday, yesterday, null);
        insert("5550010", "main", "cancelled", today, today, null);
        // ads: only yesterday's: no row
        insert("5550011", "ads", "done", yesterday, yesterday, 7_000L);

        browser.get("http://127.0.0.1:" + callpath.httpPort() + "/");
        await("the page is live", Duration.ofSeconds(10), () -> text("link").equals("live"));
        // line, queued, dialing now, leads recovered, failed, time-to-callback p50 (nearest rank of 40, 60, 90 s)
        await("main's callbacks show", Duration.ofSeconds(15), () -> rows().equals(List.of("main 2 1 3 1 60 s")));
        assertThat(hidden("callbacks-empty")).isTrue();
        screenshot("wallboard-callbacks.png");
        Files.copy(
                browser.findElement(org.openqa.selenium.By.id("callbacks-panel"))
                        .getScreenshotAs(OutputType.FILE)
                        .toPath(),
                Path.of("target", "wallboard-callbacks-panel.png"),
                StandardCopyOption.REPLACE_EXISTING);

        // a callback done now on ads, and main's dialing one failed: both show at the next refresh (5 s)
        insert("5550012", "ads", "done", now, Instant.now(), 12_300L);
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
                PreparedStatement fail = connection.prepareStatement(
                        "UPDATE callbacks SET state = 'failed', ended_at = now() WHERE number = '5550003'")) {
            fail.executeUpdate();
        }
        await(
                "the refresh shows the new rows",
                Duration.ofSeconds(15),
                () -> rows().equals(List.of("ads 0 0 1 0 12 s", "main 2 0 3 2 60 s")));
    }

    private void insert(String number, String line, String state, Instant hungUp, Instant ended, Long timeToCallback)
            throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO callbacks (number, line, department, linked_id, origin, state, hung_up_at, "
                                + "waited_ms, created_at, due_at, attempts, max_attempts, retry_after_ms, max_busy, "
                                + "connected_at, time_to_callback_ms, ended_at) "
                                + "VALUES (?, ?, 'sales', ?, 'abandoned', ?, ?, 8000, ?, ?, 1, 3, 120000, 2, ?, ?, ?)")) {
            insert.setString(1, number);
            insert.setString(2, line);
            insert.setString(3, "call-" + number);
            insert.setString(4, state);
            insert.setTimestamp(5, Timestamp.from(hungUp));
            insert.setTimestamp(6, Timestamp.from(hungUp));
            insert.setTimestamp(7, Timestamp.from(hungUp));
            insert.setTimestamp(8, state.equals("done") ? Timestamp.from(ended) : null);
            insert.setObject(9, timeToCallback);
            insert.setTimestamp(10, ended == null ? null : Timestamp.from(ended));
            insert.executeUpdate();
        }
    }

    /** Each row of the callbacks table as its cells' text joined by one space. */
    @SuppressWarnings("unchecked")
    private List<String> rows() {
        return (List<String>)
                ((JavascriptExecutor) browser)
                        .executeScript(
                                "return Array.prototype.map.call(document.querySelectorAll('#callbacks tbody tr'), function (row) {"
                                        + " return Array.prototype.map.call(row.cells, function (c) { return c.textContent; }).join(' '); });");
    }

    private String text(String id) {
        return (String) ((JavascriptExecutor) browser)
                .executeScript("return document.getElementById(arguments[0]).textContent;", id);
    }

    private boolean hidden(String id) {
        return (Boolean) ((JavascriptExecutor) browser)
                .executeScript("return document.getElementById(arguments[0]).hidden;", id);
    }

    private void await(String what, Duration limit, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, limit, Duration.ofMillis(50))
                .withMessage(what)
                .until(driver -> condition.getAsBoolean());
    }

    private void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
