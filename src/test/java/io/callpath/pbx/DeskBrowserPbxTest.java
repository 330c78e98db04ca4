package io.callpath.pbx;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.browser.HeadlessChromium;
import io.callpath.desk.DeskCalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The handbook's assistant desk and the seller's screen pop in headless Chromium, against the real Asterisk with
 * callpath's AMI connection: the assistant's phone (a Local channel) answers, the desk pops within a second, the
 * answers are typed, "Transfer to sales" redirects the caller through AMI, the seller's page shows who and what
 * they want while the seller's phone still rings, and the {@code calls} row holds the answers. Screenshots:
 * target/desk-assistant.png and target/desk-seller.png (the README's are copies).
 */
class DeskBrowserPbxTest {

    private static final String ASSISTANT_PHONE = "Local/r1500-a-w45000-h@pbx-script";
    private static final String SELLER_PHONE = "Local/r4000-a-w1000-d1-w3000-h@pbx-script";
    /** What the issue asks of the page: it pops within this of callpath knowing. */
    private static final Duration POP = Duration.ofSeconds(1);

    private static final String HOSTILE_NAME = "<img src=x onerror=window.pwned=1>Eve & Co";
    private static final String REQUEST = "<b>plastic windows</b> for a dacha & 'a door'";

    private static PbxRig rig;
    private static WebDriver assistantBrowser;
    private static WebDriver sellerBrowser;
    /** "assistant RINGING" etc. -> System.nanoTime() when callpath's desk registry first had it. */
    private static final Map<String, Long> firstSeen = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        assistantBrowser = HeadlessChromium.start("1280", "900");
        sellerBrowser = HeadlessChromium.start("1100", "640");
        rig = PbxRig.builder("desks")
                .callpathConfig("/io/callpath/pbx/callpath-desks.yaml")
                .withDesks()
                .start();
        DeskCalls calls = rig.callpath().desks().calls();
        calls.onChange(() -> {
            calls.atAssistant(ASSISTANT_PHONE)
                    .ifPresent(view -> firstSeen.putIfAbsent("assistant " + view.state(), System.nanoTime()));
            calls.atSeller(SELLER_PHONE)
                    .ifPresent(view -> firstSeen.putIfAbsent("seller " + view.state(), System.nanoTime()));
        });
    }

    @AfterAll
    static void stop() {
        for (WebDriver browser : new WebDriver[] {assistantBrowser, sellerBrowser}) {
            if (browser != null) {
                browser.quit();
            }
        }
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void theAssistantTakesTheAnswersAndTransfersAndTheSellerSeesThemBeforeAnswering() throws Exception {
        String base = "http://127.0.0.1:" + rig.callpath().httpPort();
        assistantBrowser.get(base + "/desk/assistant/201");
        sellerBrowser.get(base + "/desk/seller/101");
        await(
                "both pages live",
                Duration.ofSeconds(10),
                () -> text(assistantBrowser, "link").equals("live")
                        && text(sellerBrowser, "link").equals("live"));
        await(
                "AMI connected",
                Duration.ofSeconds(15),
                () -> rig.callpath().pbx().connected());
        assertThat(text(assistantBrowser, "state")).isEqualTo("no call");

        // the caller waits through the menu (no key): the assistants ring, 201 answers after 1.5 s
        PlacedCall call = rig.call(CallSpec.to("5554000", "a-w60000").named(HOSTILE_NAME));

        long shownAnswered = awaitState(assistantBrowser, "answered", Duration.ofSeconds(30));
        assertThat(firstSeen).containsKey("assistant RINGING");
        assertThat(Duration.ofNanos(shownAnswered - firstSeen.get("assistant ANSWERED")))
                .as("the desk shows the answered call within %s", POP)
                .isLessThanOrEqualTo(POP);
        assertThat(text(assistantBrowser, "caller-name")).isEqualTo(HOSTILE_NAME);
        assertThat(text(assistantBrowser, "line-source")).isEqualTo("google-ads");
        assertThat(text(assistantBrowser, "campaign")).isEqualTo("spring-promo");
        List<String> steps = assistantBrowser.findElements(By.cssSelector("#steps li")).stream()
                .map(WebElement::getText)
                .toList();
        assertThat(steps).hasSize(7);
        assertThat(steps.get(0)).isEqualTo("Good afternoon, Okna Plus, Anna speaking.");
        assertThat(steps.get(4)).isEqualTo("By the way, how did you hear about us?");
        String firstWait = text(assistantBrowser, "wait");
        await(
                "the wait ticks",
                Duration.ofSeconds(3),
                () -> !text(assistantBrowser, "wait").equals(firstWait));

        assistantBrowser.findElement(By.id("request")).sendKeys(REQUEST);
        assistantBrowser.findElement(By.id("heard")).sendKeys("Radio");
        screenshot(assistantBrowser, "desk-assistant.png");
        assistantBrowser
                .findElement(By.cssSelector("button.transfer[data-department='sales']"))
                .click();
        await(
                "the transfer is confirmed",
                Duration.ofSeconds(10),
                () -> text(assistantBrowser, "result").equals("transferred to sales"));

        long popShown = awaitState(sellerBrowser, "ringing", Duration.ofSeconds(20));
        await(
                "the pop names the request",
                Duration.ofSeconds(2),
                () -> text(sellerBrowser, "pop").contains(REQUEST));
        long popRead = System.nanoTime();
        assertThat(firstSeen.get("seller ANSWERED"))
                .as("the seller had not answered when the pop was read")
                .isNull();
        assertThat(text(sellerBrowser, "pop"))
                .isEqualTo("To the seller: " + HOSTILE_NAME + " (" + call.callerNumber() + ") is calling about "
                        + REQUEST + ". Can you take it?");
        assertThat(text(sellerBrowser, "wants")).isEqualTo(REQUEST);
        assertThat(text(sellerBrowser, "stated-source")).isEqualTo("Radio");
        assertThat(text(sellerBrowser, "answered-by")).isEqualTo("assistant 201");
        assertThat(Duration.ofNanos(popShown - firstSeen.get("seller RINGING"))).isLessThanOrEqualTo(POP);
        screenshot(sellerBrowser, "desk-seller.png");
        for (WebDriver browser : new WebDriver[] {assistantBrowser, sellerBrowser}) {
            assertThat(
                            ((JavascriptExecutor) browser)
                                    .executeScript(
                                            "return window.pwned === undefined && document.querySelectorAll('#call img, #call b, #call script').length === 0"))
                    .as("caller text stays text")
                    .isEqualTo(true);
        }

        CallResult result = rig.await(call, Duration.ofSeconds(60));
        CallRow row = result.row();
        assertThat(row.outcome()).isEqualTo("reached_seller");
        assertThat(row.seller()).isEqualTo(SELLER_PHONE);
        assertThat(row.transfers()).isEqualTo(1);
        assertThat(firstSeen.get("seller ANSWERED")).isGreaterThan(popRead);
        try (var connection = rig.dataSource().getConnection();
                var query = connection.prepareStatement(
                        "SELECT caller_request, stated_source, desk_assistant FROM calls WHERE linked_id = ?")) {
            query.setString(1, call.linkedId());
            try (var answers = query.executeQuery()) {
                assertThat(answers.next()).isTrue();
                assertThat(answers.getString("caller_request")).isEqualTo(REQUEST);
                assertThat(answers.getString("stated_source")).isEqualTo("Radio");
                assertThat(answers.getString("desk_assistant")).isEqualTo("201");
            }
        }
        assertThat(rig.unexpectedCallpathProblems()).isEmpty();
    }

    private static long awaitState(WebDriver browser, String state, Duration timeout) {
        await("the page says " + state, timeout, () -> text(browser, "state").equals(state));
        return System.nanoTime();
    }

    private static String text(WebDriver browser, String id) {
        Object value = ((JavascriptExecutor) browser)
                .executeScript("const e = document.getElementById(arguments[0]); return e ? e.textContent : null;", id);
        return value == null ? "" : value.toString();
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) {
        Awaitility.await(what)
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(20))
                .until(condition::getAsBoolean);
    }

    private static void screenshot(WebDriver browser, String name) throws Exception {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, Path.of("target", name), StandardCopyOption.REPLACE_EXISTING);
    }
}
