package io.callpath.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.app.CallpathApp;
import io.callpath.app.RunningCallpath;
import io.callpath.browser.HeadlessChromium;
import io.callpath.sim.CallerScript;
import io.callpath.sim.Cue;
import io.callpath.sim.Endpoint;
import io.callpath.sim.FakeAsterisk;
import io.callpath.sim.FakePbx;
import io.callpath.sim.SimSettings;
import io.callpath.sim.SimulatedTime;
import io.callpath.store.SharedPostgres;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The seller's callback pop in headless Chromium, on a whole callpath with its real callback queue, scheduler and
 * callback scripts: a caller who hung up in the menu is called back, and seller 101's desk shows the callback card
 * (who, the line, how long they waited, when they hung up, attempt n of max, their earlier call) as the attempt moves:
 * ringing you, calling the caller, talking; a caller who does not answer shows so; a caller who took the offered
 * callback shows as one who asked for it. The PBX is {@link CallbackPhones} (the Originate) and the FakeAsterisk
 * (every AGI session). Screenshots: target/desk-callback*.png (docs/desk-callback.png is the ringing one).
 */
@Timeout(180)
class DeskCallbackBrowserTest {

    private static final String DATABASE = "desk_callbacks";

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private RunningCallpath callpath;
    private WebDriver browser;
    private String jdbcUrl;
    private FakePbx pbx;
    private FakePbx sellersAway;

    @BeforeEach
    void start() throws Exception {
        browser = HeadlessChromium.start("1100", "760");
        jdbcUrl = SharedPostgres.freshDatabase(DATABASE);
        FakePbx pbx = phones().endpoint(
                        "PJSIP/101",
                        Endpoint.answersAfter(Duration.ofSeconds(2))
                                .talking(Duration.ofSeconds(2))
                                .pressingDuringWhisper('1', Duration.ofMillis(500)))
                .build();
        // later the sellers' phones ring on unanswered: a caller who waits gives up
        sellersAway = phones().endpoint("PJSIP/101", Endpoint.neverAnswers())
                .endpoint("PJSIP/102", Endpoint.neverAnswers())
                .build();
        CallbackPhones phones = new CallbackPhones("127.0.0.1", pbx, threads);
        callpath = CallpathApp.builder(
                        LiveOpsRig.config("", Path.of("src/test/resources/callpath-callbacks-desk.yaml"), jdbcUrl))
                .pbx(phones)
                .build()
                .start();
        phones.agiPort(callpath.port());
        this.pbx = pbx;
    }

    /** The prompts, and the callers' phones as a callback dials them: Ann answers after 3 s and talks 6 s, Bob never. */
    private static FakePbx.Builder phones() {
        return FakePbx.builder()
                .prompt("callpath/menu", Duration.ofSeconds(3))
                .prompt("callpath/no-input", Duration.ofSeconds(2))
                .prompt("callpath/dept-sales", Duration.ofSeconds(2))
                .prompt("callpath/connecting", Duration.ofSeconds(1))
                .prompt("callpath/callback", Duration.ofSeconds(2))
                .prompt("callpath/callback-offer", Duration.ofSeconds(3))
                .prompt("callpath/callback-queued", Duration.ofSeconds(2))
                .endpoint(
                        "Local/5550701@pbx-callee",
                        Endpoint.answersAfter(Duration.ofSeconds(3)).talking(Duration.ofSeconds(6)))
                .endpoint("Local/5550702@pbx-callee", Endpoint.neverAnswers());
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (callpath != null) {
            callpath.shutdown(Duration.ofSeconds(2));
        }
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
        SharedPostgres.dropDatabase(DATABASE);
    }

    @Test
    void theSellersDeskPopsTheCallbackAndFollowsItFromRingingToTalking() throws Exception {
        awaitSql("the database is migrated", "SELECT count(*) FROM callbacks", 0);
        // Ann's earlier call: menu key 1, seller 101 takes it
        call(CallerScript.calling("5552000")
                .from("5550701", "Ann")
                .cue(Cue.pressInNextGetData('1', Duration.ofSeconds(1)))
                .build());
        awaitSql("Ann's first call is on record", "SELECT count(*) FROM calls WHERE outcome = 'reached_seller'", 1);
        // the repeat-caller memory refreshes every 2 s from the calls table
        org.awaitility.Awaitility.await("the repeat-caller memory refreshed")
                .pollDelay(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5))
                .until(() -> true);

        browser.get("http://127.0.0.1:" + callpath.httpPort() + "/desk/seller/101");
        await("the desk is live", Duration.ofSeconds(10), () -> text("link").equals("live"));
        assertThat(text("state")).isEqualTo("no call");

        // Ann calls again (a repeat caller: her last seller rings at once), 101 does not answer, she hangs up after
        // 7 s: a callback is queued, due a second later
        Instant hungUp = Instant.now().plusSeconds(7);
        call(
                CallerScript.calling("5552000")
                        .from("5550701", "Ann")
                        .hangUpAt(Duration.ofSeconds(7))
                        .build(),
                sellersAway);

        await(
                "the callback rings seller 101",
                Duration.ofSeconds(20),
                () -> text("state").equals("callback: ringing you"));
        screenshot("desk-callback.png");
        assertThat(hidden("callback")).isFalse();
        assertThat(hidden("call")).as("no inbound call card").isTrue();
        assertThat(text("cb-pop"))
                .isEqualTo("Callback: Ann (5550701) hung up after waiting 7 s on the ads line. Attempt 1 of 2.");
        assertThat(text("cb-caller-name")).isEqualTo("Ann");
        assertThat(text("cb-number")).isEqualTo("5550701");
        assertThat(text("cb-line")).isEqualTo("ads");
        assertThat(text("cb-why")).isEqualTo("hung up after waiting 7 s");
        assertThat(text("cb-attempt")).isEqualTo("1 of 2");
        assertThat(text("cb-repeat")).startsWith("yes, last seller PJSIP/101, ");
        assertThat(text("cb-hung-up"))
                .isEqualTo(script("return new Date(arguments[0]).toLocaleString();", hungUpMillis()));
        assertThat(Math.abs(hungUpMillis() - hungUp.toEpochMilli())).isLessThan(2_000);
        assertThat(text("cb-state")).startsWith("ringing you since ");
        assertThat(script("return document.querySelectorAll('#callback img, #callback script').length;"))
                .isEqualTo(0L);

        await(
                "the seller accepted: the caller is dialled",
                Duration.ofSeconds(10),
                () -> text("state").equals("callback: calling the caller"));
        await("the caller answered", Duration.ofSeconds(10), () -> text("state").equals("callback: talking"));
        assertThat(text("cb-state")).startsWith("talking since ");
        String since = text("cb-since");
        assertThat(since).as("a clock since the hang-up, some seconds in").isNotEqualTo("0:00");
        await(
                "the clock since the hang-up ticks",
                Duration.ofSeconds(3),
                () -> !text("cb-since").equals(since));
        screenshot("desk-callback-talking.png");
        awaitSql("the job is done", "SELECT count(*) FROM callbacks WHERE number = '5550701' AND state = 'done'", 1);

        // Bob hangs up after 6 s; his callback rings 101 again (attempt 1: the department's first seller), he never
        // answers
        call(
                CallerScript.calling("5552000")
                        .from("5550702", "Bob")
                        .hangUpAt(Duration.ofSeconds(6))
                        .build(),
                sellersAway);
        await(
                "Bob's callback rings",
                Duration.ofSeconds(20),
                () -> text("cb-number").equals("5550702") && text("state").equals("callback: ringing you"));
        assertThat(text("cb-pop"))
                .isEqualTo("Callback: Bob (5550702) hung up after waiting 6 s on the ads line. Attempt 1 of 2.");
        assertThat(text("cb-repeat")).isEqualTo("no");
        await(
                "Bob did not answer",
                Duration.ofSeconds(20),
                () -> text("state").equals("callback: caller did not answer"));
        assertThat(text("cb-state")).startsWith("caller did not answer (noanswer) since ");
        awaitSql(
                "Bob's job waits for its second attempt",
                "SELECT count(*) FROM callbacks WHERE number = '5550702' AND state = 'queued' AND attempts = 1",
                1);

        // Cid waits through the menu (3 s), its timeout (5 s) and the no-input prompt (2 s), hears the offer at 10 s
        // and
        // presses * a second into it: an offered callback, which rings 101 (Bob's second attempt rings 102)
        call(
                CallerScript.calling("5552000")
                        .from("5550703", "Cid")
                        .pressInPrompt("callpath/callback-offer", Duration.ofSeconds(1), '*')
                        .build(),
                sellersAway);
        await(
                "Cid's offered callback rings",
                Duration.ofSeconds(40),
                () -> text("cb-number").equals("5550703") && text("state").equals("callback: ringing you"));
        long waited = Math.round(
                count("SELECT waited_ms FROM callbacks WHERE number = '5550703' AND origin = 'offered'") / 1000.0);
        assertThat(text("cb-pop"))
                .isEqualTo("Callback: Cid (5550703) asked to be called back (offer key) after waiting " + waited
                        + " s on the ads line. Attempt 1 of 2.");
        assertThat(text("cb-why")).startsWith("asked to be called back (offer key) after waiting ");
        screenshot("desk-callback-offered.png");
    }

    private void call(CallerScript caller) {
        call(caller, pbx);
    }

    private void call(CallerScript caller, FakePbx phones) {
        FakeAsterisk fake = new FakeAsterisk(
                "127.0.0.1", callpath.port(), phones, SimSettings.scaled(1.0), new SimulatedTime(Instant.now()));
        fake.placeCallAsync(caller, threads);
    }

    private long hungUpMillis() {
        return ((Number) script("return view.callback.hungUpMillis;")).longValue();
    }

    private void awaitSql(String what, String sql, long expected) {
        // the server migrates its database in the background: until then the tables are not there
        org.awaitility.Awaitility.await(what)
                .atMost(Duration.ofSeconds(30))
                .ignoreExceptions()
                .until(() -> count(sql) == expected);
    }

    private long count(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private Object script(String code, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(code, arguments);
    }

    private String text(String id) {
        return (String) script("return document.getElementById(arguments[0]).textContent;", id);
    }

    private boolean hidden(String id) {
        return (Boolean) script("return document.getElementById(arguments[0]).classList.contains('hidden');", id);
    }

    private void await(String what, Duration limit, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, limit, Duration.ofMillis(25))
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
