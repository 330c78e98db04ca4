package io.callpath.sip;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** SIPp command lines for the tree's scenarios against one {@link KitAsterisk}: phones that register and answer, callers. */
public final class SipPhones {

    private final PjsipTree tree;
    private final KitAsterisk asterisk;
    private final Path workDirectory;

    public SipPhones(PjsipTree tree, KitAsterisk asterisk, Path workDirectory) {
        this.tree = tree;
        this.asterisk = asterisk;
        this.workDirectory = workDirectory;
        Pcaps.prepare(tree, workDirectory);
    }

    /**
     * Phone {@code user} registers from a port of its own and answers the calls that come to it with
     * {@code answerScenario} (e.g. uas-answer.xml), ringing {@code ringMillis} first; it stays up for
     * register-stay.xml's 120 s or until closed.
     */
    public SippProcess registerAndAnswer(String user, String answerScenario, long ringMillis) {
        return SippProcess.start(workDirectory, "phone-" + user + "-" + System.nanoTime(), Duration.ofSeconds(150), List.of(
                "127.0.0.1:" + asterisk.sipPort(), "-sf", scenario("register-stay.xml"), "-oocsf", scenario(answerScenario),
                "-s", user, "-au", user, "-ap", "test-" + user, "-key", "expires", "300",
                "-i", "127.0.0.1", "-p", Integer.toString(FreePorts.udp()), "-mp", Integer.toString(FreePorts.udpRange(8)),
                "-d", Long.toString(ringMillis), "-m", "1"));
    }

    /** Waits until {@code pjsip show contacts} lists each user's contact as Avail (qualified). */
    public void awaitAvailable(List<String> users, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        String contacts = "";
        while (System.nanoTime() < deadline) {
            contacts = asterisk.cli("pjsip show contacts");
            String shown = contacts;
            if (users.stream().allMatch(user -> shown.lines().anyMatch(
                    line -> line.contains("Contact:") && line.contains(" " + user + "/sip:") && line.contains(" Avail ")))) {
                return;
            }
            KitAsterisk.sleep(100);
        }
        throw new IllegalStateException(users + " not Avail within " + limit + ":\n" + contacts);
    }

    private String scenario(String name) {
        return tree.sippScenarios().resolve(name).toString();
    }
}
