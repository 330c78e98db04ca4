package io.callpath.pbx;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.browser.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The seller's callback pop on the real Asterisk: a caller hangs up in the menu, callpath's AMI Originate rings the
 * callback seller's phone (a Local channel that rings 3 s, answers, presses the accept key 1 s into the whisper), and
 * that seller's desk page in headless Chromium pops the callback while the phone rings, then follows it: calling the
 * caller (their phone rings 2 s), talking. Screenshot: target/desk-callback-pbx.png.
 */
class DeskCallbackPbxTest {

    private static final String SELLER = "Local/r3000-a-w1000-d1-w10000-h@pbx-script";
    private static final String CALLBACK = "    callback:\n"
            + "      enabled: true\n"
            + "      delay: 2s\n"
            + "      department: callbacks\n"
            + "      ringTime: 10s\n"
            + "      maxAttempts: 1\n"
            + "      dial: \"Local/{number}@pbx-callee\"\n";
    private static final String CALLBACK_DEPARTMENT = "  callbacks:\n"
            + "    sellers: [" + SELLER + "]\n"
            + "    ringTimeout: 5s\n"
            + "    whisper: callpath/dept-sales\n"
            + "    acceptKey: \"1\"\n"
            + "    acceptTimeout: 3s\n"
            + "    acceptPrompt: callpath/accept\n";
    // the called-back caller's phone rings 2 s, answers, talks 6 s
    private static final String CALLEE = "[pbx-callee]\nexten => _X.,1,Goto(pbx-script,r2000-a-w6000-h,1)\n";

    private static PbxRig rig;
    private static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        browser = HeadlessChromium.start("1100", "760");
        rig = PbxRig.builder("deskcallback")
                .withDesks()
                .editCallpathConfig(yaml -> yaml.replace(
                                "    connectingPrompt: callpath/connecting\n",
                                "    connectingPrompt: callpath/connecting\n" + CALLBACK)
                        .replace("\ndepartments:\n", "\ndepartments:\n" + CALLBACK_DEPARTMENT))
                .dialplan(CALLEE)
                .start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void theCallbackSellersDeskPopsTheCallbackWhileThePhoneRingsAndFollowsItToTalking() throws Exception {
        browser.get("http://127.0.0.1:" + rig.callpath().httpPort() + "/desk/seller/r3000-a-w1000-d1-w10000-h");
        await("the page is live", Duration.ofSeconds(10), () -> text("link").equals("live"));
        await(
                "AMI connected",
                Duration.ofSeconds(15),
                () -> rig.callpath().pbx().connected());

        // informer 4 s + menu 3 s: hangs up in the menu after 7 s, past the 5 s short abandon
        PlacedCall abandoned = rig.call("5551000", "a-w7000-h");

        await(
                "the callback rings the seller",
                Duration.ofSeconds(40),
                () -> text("state").equals("callback: ringing you"));
        assertThat(text("cb-number")).isEqualTo(abandoned.callerNumber());
        assertThat(text("cb-line")).isEqualTo("main");
        assertThat(text("cb-why")).matches("hung up after waiting [78] s");
        assertThat(text("cb-attempt")).isEqualTo("1 of 1");
        assertThat(text("cb-pop")).startsWith("Callback: ").endsWith(" on the main line. Attempt 1 of 1.");
        screenshot("desk-callback-pbx.png");

        await(
                "the seller accepted: the caller's phone rings",
                Duration.ofSeconds(15),
                () -> text("state").equals("callback: calling the caller"));
        await("the caller answered", Duration.ofSeconds(15), () -> text("state").equals("callback: talking"));
        assertThat(text("cb-number")).isEqualTo(abandoned.callerNumber());
    }

    private static String text(String id) {
        return (String) ((JavascriptExecutor) browser)
                .executeScript("return document.getElementById(arguments[0]).textContent;", id);
    }

    private static void await(String what, Duration limit, BooleanSupplier condition) {
        new WebDriverWait(browser, limit, Duration.ofMillis(25))
                .withMessage(what)
                .until(driver -> condition.getAsBoolean());
    }

    private static void screenshot(String name) throws Exception {
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(
                ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(),
                target,
                StandardCopyOption.REPLACE_EXISTING);
    }
}
