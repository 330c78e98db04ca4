package io.callpath.pbx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.callpath.store.Sql;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On the real Asterisk: a caller who phones in again while the callback's seller hears the whisper is not dialled once
 * the seller presses the accept key; the job ends {@code cancelled} / {@code caller_called_in} and the seller's leg
 * hangs up. The same seller without a call-in dials the caller (the control).
 */
class CallerCalledInDuringCallbackPbxTest {

    // rings 1 s, answers, hears the whisper 6 s before pressing the accept key, then would stay 30 s: a leg that ends
    // sooner was hung up by the kit's dialplan when callpath's script returned
    private static final String SELLER = "Local/r1000-a-w6000-d1-w30000-h@pbx-script";
    private static final String CONNECTING = "    connectingPrompt: callpath/connecting\n";
    private static final String CALLBACK = """
                callback:
                  enabled: true
                  delay: 2s
                  department: callbacks
                  ringTime: 8s
                  maxAttempts: 1
                  maxBusySellers: 4
                  dial: "Local/{number}@pbx-callee"
            """;
    private static final String DEPARTMENTS = "\ndepartments:\n";
    private static final String CALLBACK_DEPARTMENT = """
              callbacks:
                sellers: [%s]
                ringTimeout: 5s
                acceptKey: "1"
                acceptTimeout: 5s
                acceptPrompt: callpath/accept
            """.formatted(SELLER);
    // every called-back caller's phone rings 1 s, answers, talks 3 s
    private static final String CALLEE = "[pbx-callee]\nexten => _X.,1,Goto(pbx-script,r1000-a-w3000-h,1)\n";

    private static PbxRig rig;
    /** Hangs up in the menu after 7 s, then calls in again while its callback's seller hears the whisper. */
    private static PlacedCall callingInAgain;
    /** Hangs up in the menu after 7 s and waits for the callback. */
    private static PlacedCall waiting;

    @BeforeAll
    static void placeCalls() {
        rig = PbxRig.builder("caller-called-in")
                .withDesks()
                .editCallpathConfig(yaml -> yaml.replace(CONNECTING, CONNECTING + CALLBACK)
                        .replace(DEPARTMENTS, DEPARTMENTS + CALLBACK_DEPARTMENT))
                .dialplan(CALLEE)
                .start();
        callingInAgain = rig.call("5551000", "a-w7000-h");
        waiting = rig.call("5551000", "a-w7000-h");
        // placed here, not in a test, so that it comes within the 6 s whisper whichever test runs first
        awaitJob(callingInAgain, "seller answered", job -> job.sellerAnsweredAt() != null, Duration.ofSeconds(40));
        // hangs up 2 s into the informer, before the short abandon: it queues no callback of its own
        rig.call(CallSpec.to("5551000", "a-w2000-h").from(callingInAgain.callerNumber()));
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void aCallerWhoCallsInDuringTheWhisperIsNotDialledAndTheJobEndsCallerCalledIn() throws SQLException {
        Job job = awaitJob(
                callingInAgain,
                "ended caller_called_in",
                ended -> "caller_called_in".equals(ended.endReason()),
                Duration.ofSeconds(30));
        assertThat(job.state()).isEqualTo("cancelled");
        assertThat(job.seller()).isEqualTo(SELLER);
        // the trigger's cancel of the call-in (called_in) may come first; confirm's caller_called_in is on record
        List<String> events = events(job);
        System.out.println("pbx caller called in: job " + job.id() + " events " + events);
        assertThat(events)
                .contains("seller_answered/" + SELLER, "cancelled/caller_called_in")
                .doesNotContain("connected/");

        CelEvent sellerHangup = awaitSellerLegHangup(callingInAgain);
        // after the accept key (6 s after the answer), long before the seller's own script would end the leg
        assertThat(Duration.between(job.sellerAnsweredAt(), sellerHangup.time()))
                .isBetween(Duration.ofSeconds(5), Duration.ofSeconds(20));
        assertThat(calleeChannels(callingInAgain)).isEmpty();
    }

    @Test
    void theSameSellerAcceptingWithoutACallInDialsTheCaller() throws SQLException {
        Job job = awaitJob(waiting, "done", done -> done.state().equals("done"), Duration.ofSeconds(60));
        assertThat(job.seller()).isEqualTo(SELLER);
        assertThat(events(job)).contains("seller_answered/" + SELLER, "connected/");

        awaitSellerLegHangup(waiting);
        assertThat(calleeChannels(waiting)).hasSize(1);
    }

    /** The CHAN_STARTs of the called-back caller's phone, {@code Local/NUMBER@pbx-callee;1}, in CEL. */
    private static List<CelEvent> calleeChannels(PlacedCall caller) {
        String callee = "Local/" + caller.callerNumber() + "@pbx-callee";
        return rig.asterisk().cel().events().stream()
                .filter(event -> event.type().equals("CHAN_START")
                        && event.channel().startsWith(callee)
                        && event.channel().endsWith(";1"))
                .toList();
    }

    /**
     * CEL's HANGUP of the seller's leg that ran the callback script for {@code caller}'s number (its AGI arguments end
     * with the number).
     */
    private static CelEvent awaitSellerLegHangup(PlacedCall caller) {
        String scriptArguments = "," + caller.callerNumber();
        return await("the callback seller's leg for " + caller.callerNumber() + " hung up")
                .atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            List<CelEvent> cel = rig.asterisk().cel().events();
                            Optional<String> sellerLeg = cel.stream()
                                    .filter(event -> event.type().equals("APP_START")
                                            && event.channel().startsWith(SELLER)
                                            && event.applicationData().contains("/callback,")
                                            && event.applicationData().endsWith(scriptArguments))
                                    .map(CelEvent::uniqueId)
                                    .findFirst();
                            return sellerLeg.flatMap(uniqueId -> cel.stream()
                                    .filter(event -> event.type().equals("HANGUP")
                                            && event.uniqueId().equals(uniqueId))
                                    .findFirst());
                        },
                        Optional::isPresent)
                .orElseThrow();
    }

    /** The callback job of {@code caller}'s call, by its linkedid. */
    private record Job(long id, String state, String endReason, String seller, Instant sellerAnsweredAt) {}

    private static Job awaitJob(PlacedCall caller, String what, Predicate<Job> reached, Duration timeout) {
        return await("callback of " + caller.callerNumber() + " " + what)
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> job(caller), job -> job.isPresent() && reached.test(job.get()))
                .orElseThrow();
    }

    private static Optional<Job> job(PlacedCall caller) {
        return Sql.rows(
                        rig.dataSource(),
                        "SELECT id, state, end_reason, seller, seller_answered_at FROM callbacks WHERE linked_id = ?",
                        caller.linkedId())
                .stream()
                .findFirst()
                .map(row -> new Job(
                        (Long) row.get("id"),
                        (String) row.get("state"),
                        (String) row.get("end_reason"),
                        (String) row.get("seller"),
                        row.get("seller_answered_at") == null
                                ? null
                                : ((Timestamp) row.get("seller_answered_at")).toInstant()));
    }

    /** The job's events as "type/detail" ("cancelled/caller_called_in", "connected/"), in order. */
    private static List<String> events(Job job) {
        return Sql.rows(
                        rig.dataSource(),
                        "SELECT type || '/' || coalesce(detail, '') AS event FROM callback_events "
                                + "WHERE callback_id = ? ORDER BY id",
                        job.id())
                .stream()
                .map(row -> (String) row.get("event"))
                .toList();
    }
}
