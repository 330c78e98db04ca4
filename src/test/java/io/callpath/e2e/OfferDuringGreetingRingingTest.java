package io.callpath.e2e;

import static io.callpath.e2e.CallpathRig.accepting;
import static io.callpath.e2e.CallpathRig.mainLineCaller;
import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.config.CallpathConfig;
import io.callpath.config.ConfigLoader;
import io.callpath.events.CallEvent;
import io.callpath.events.CallSummary;
import io.callpath.events.EventType;
import io.callpath.events.Outcome;
import io.callpath.events.Phase;
import io.callpath.sim.CallRecord;
import io.callpath.sim.Endpoint;
import io.callpath.sim.MusicHeard;
import io.callpath.store.SharedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The offered callback on config/callpath.yaml's line main as shipped (informer.greetingClass: sales rings from the
 * first second with the greeting class as the caller's music), with callbacks on and {@code offerAfter: 4s}, on the
 * fake PBX in simulated time: ANSWER 500 ms, then a Dial cut at 4 s ("3.5"), the offer (3 s), and the ringing again for
 * the rest of the 15 s; the offer key ends the call with a callback queued at any time, in the Dial as in the offer.
 */
class OfferDuringGreetingRingingTest {

    private static final String OFFER_PROMPT = "callpath/callback-offer";

    private static CallpathConfig offering() {
        return offering("4s");
    }

    private static CallpathConfig offering(String offerAfter) {
        try {
            String yaml = Files.readString(Path.of("config/callpath.yaml"));
            String edited = yaml.replace(
                    "    callback:\n      enabled: false\n",
                    "    callback:\n      enabled: true\n      offerAfter: " + offerAfter + "\n");
            assertThat(edited)
                    .as("config/callpath.yaml changed: adapt this edit")
                    .contains("offerAfter: " + offerAfter);
            return ConfigLoader.parse(edited, "offering.yaml");
        } catch (IOException unreadable) {
            throw new IllegalStateException(unreadable);
        }
    }

    private static CallpathRig rig(CallpathConfig config, Endpoint sales) {
        return new CallpathRig(
                config,
                CallpathRig.pbx()
                        .prompt(OFFER_PROMPT, Duration.ofSeconds(3))
                        .prompt("callpath/callback-queued", Duration.ofSeconds(2))
                        .endpoint("PJSIP/101", sales)
                        .endpoint("PJSIP/102", Endpoint.neverAnswers())
                        // the kit's two keys contexts (DialplanContractTest keeps them so)
                        .keyContext("callpath-keys", Set.of('0', '2'))
                        .keyContext("callpath-keys-offer", Set.of('0', '2', '*'))
                        .build(),
                CallpathRig.MONDAY_10_00);
    }

    @Test
    void aCallerWhoPressesStarInTheOfferAfterTheRingingIsCutEndsTheCallWithAnOfferedCallbackQueued()
            throws SQLException {
        CallpathConfig config = offering();
        String number = "5550401";
        try (CallpathRig rig = rig(config, accepting(Duration.ofSeconds(12)))) {
            CallRecord record = rig.call(mainLineCaller(number)
                    .pressInPrompt(OFFER_PROMPT, Duration.ofSeconds(1), '*')
                    .build());

            CallSummary summary = rig.summary(record);
            assertThat(summary.outcome()).isEqualTo(Outcome.NO_SELLER);
            assertThat(summary.outcomeReason()).isEqualTo("callback_queued");
            assertThat(summary.route()).isEqualTo("callback");
            // answer 500 ms; sales rings 3.5 s until the offer is due at 4 s; * 1 s into the offer
            assertThat(summary.phaseMillis())
                    .containsExactlyInAnyOrderEntriesOf(Map.of(Phase.MENU, 1_500L, Phase.SELLER_RINGING, 3_500L));
            List<CallEvent> events = rig.events.events(record.linkedId());
            assertThat(offsetOf(events, EventType.NO_SELLER))
                    .as("the phases partition the wait up to the key")
                    .isEqualTo(summary.waitedMillis())
                    .isEqualTo(5_000L);
            assertThat(only(events, EventType.CALLBACK_OFFERED).offsetMillis()).isEqualTo(4_000L);
            assertThat(only(events, EventType.CALLBACK_OFFERED).phase()).isEqualTo(Phase.MENU);
            assertThat(events)
                    .filteredOn(event -> event.type() == EventType.ROUTE_CHOSEN)
                    .extracting(event -> event.attribute("route") + "/" + event.attribute("reason"))
                    .containsExactly("sales/default_ringing", "callback/offered");
            assertThat(events).noneMatch(event -> event.type() == EventType.SELLER_MISSED);
            assertThat(record.variable("EXITCONTEXT")).contains("callpath-keys-offer");
            assertThat(record.dialStatuses()).containsExactly("NOANSWER");
            assertThat(dials(rig, record))
                    .singleElement()
                    .satisfies(dial -> assertThat(dial).contains("PJSIP/101&PJSIP/102,3.5,dm(callpath-main-greeting)"));
            assertThat(playedPrompts(rig, record)).containsExactly(OFFER_PROMPT, "callpath/callback-queued");
            assertThat(record.variable("CALLPATH_STATUS")).contains("DONE");

            assertThat(queuedJob(config, rig, record, number))
                    .containsEntry("origin", "offered")
                    .containsEntry("state", "queued")
                    .containsEntry("department", "sales")
                    .containsEntry("waited_ms", 5_000L);
        }
    }

    @Test
    void aCallerWhoPressesStarWhileThePhonesRingBeforeTheOfferEndsTheCallWithACallbackQueued() throws SQLException {
        CallpathConfig config = offering();
        String number = "5550402";
        try (CallpathRig rig = rig(config, accepting(Duration.ofSeconds(12)))) {
            CallRecord record = rig.call(
                    mainLineCaller(number).pressAt(Duration.ofSeconds(2), '*').build());

            CallSummary summary = rig.summary(record);
            assertThat(summary.outcome()).isEqualTo(Outcome.NO_SELLER);
            assertThat(summary.outcomeReason()).isEqualTo("callback_queued");
            assertThat(summary.route()).isEqualTo("callback");
            assertThat(summary.phaseMillis())
                    .containsExactlyInAnyOrderEntriesOf(Map.of(Phase.MENU, 500L, Phase.SELLER_RINGING, 1_500L));
            List<CallEvent> events = rig.events.events(record.linkedId());
            assertThat(offsetOf(events, EventType.NO_SELLER)).isEqualTo(2_000L);
            // the key came before the offer was due: the caller never heard it
            assertThat(events).noneMatch(event -> event.type() == EventType.CALLBACK_OFFERED);
            assertThat(record.dialStatuses()).containsExactly("CANCEL");
            assertThat(record.lostDigits()).isEmpty();
            assertThat(playedPrompts(rig, record)).containsExactly("callpath/callback-queued");

            assertThat(queuedJob(config, rig, record, number))
                    .containsEntry("origin", "offered")
                    .containsEntry("waited_ms", 2_000L);
        }
    }

    @Test
    void aCallerWhoPressesNothingHearsTheOfferAndTheSamePhonesRingAgainForTheRestOfTheirRingTime() {
        try (CallpathRig rig = rig(offering(), accepting(Duration.ofSeconds(5)))) {
            CallRecord record = rig.call(mainLineCaller("5550403").build());

            CallSummary summary = rig.summary(record);
            assertThat(summary.outcome()).isEqualTo(Outcome.REACHED_SELLER);
            assertThat(summary.route()).isEqualTo("sales");
            // answer 500 ms + the offer 3 s; sales rings 3.5 s, then again until 101 answers 5 s in; accepts 2 s in
            assertThat(summary.phaseMillis())
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of(Phase.MENU, 3_500L, Phase.SELLER_RINGING, 8_500L, Phase.WHISPER, 2_000L));
            assertThat(summary.timeToSellerMillis()).isEqualTo(14_000L);
            assertThat(record.dialStatuses()).containsExactly("NOANSWER", "ANSWER");
            // the second Dial rings for what is left of sales' 15 s
            assertThat(dials(rig, record))
                    .extracting(dial -> dial.split(",")[1])
                    .containsExactly("3.5", "11.5");
            // the greeting class resumes after the offer; the caller heard the offer in between
            assertThat(record.musicHeard())
                    .containsExactly(
                            new MusicHeard("callpath-main-greeting", Duration.ofMillis(500), Duration.ofMillis(4_000)),
                            new MusicHeard(
                                    "callpath-main-greeting", Duration.ofMillis(7_000), Duration.ofMillis(14_000)));
            assertThat(summary.promoWhileRingingMillis()).isEqualTo(3_500L + 7_000L);
            assertThat(rig.events.events(record.linkedId()))
                    .noneMatch(event -> event.type() == EventType.SELLER_MISSED);
        }
    }

    @Test
    void theRingingAfterTheOfferKeepsTheRingBudgetAndNobodyAnsweringIsNoSellerWithOneMissPerSeller() {
        try (CallpathRig rig = rig(offering(), Endpoint.neverAnswers())) {
            CallRecord record = rig.call(mainLineCaller("5550404").build());

            CallSummary summary = rig.summary(record);
            assertThat(summary.outcome()).isEqualTo(Outcome.NO_SELLER);
            assertThat(summary.outcomeReason()).isEqualTo("no_answer");
            assertThat(summary.phaseMillis())
                    .containsExactlyInAnyOrderEntriesOf(Map.of(Phase.MENU, 3_500L, Phase.SELLER_RINGING, 15_000L));
            assertThat(record.dialStatuses()).containsExactly("NOANSWER", "NOANSWER");
            assertThat(rig.events.events(record.linkedId()))
                    .filteredOn(event -> event.type() == EventType.SELLER_MISSED)
                    .extracting(event -> event.attribute("seller"))
                    .containsExactly("PJSIP/101", "PJSIP/102");
        }
    }

    @Test
    void anOfferDueAsTheRingTimeRunsOutStillPlaysAndItsKeyQueuesTheCallback() throws SQLException {
        // sales rings from 500 ms for 15 s; the offer is due 50 ms before that ends: no second Dial, the offer plays
        CallpathConfig config = offering("15450ms");
        String number = "5550406";
        try (CallpathRig rig = rig(config, Endpoint.neverAnswers())) {
            CallRecord record = rig.call(mainLineCaller(number)
                    .pressInPrompt(OFFER_PROMPT, Duration.ofSeconds(1), '*')
                    .build());

            CallSummary summary = rig.summary(record);
            assertThat(summary.outcomeReason()).isEqualTo("callback_queued");
            assertThat(summary.phaseMillis())
                    .containsExactlyInAnyOrderEntriesOf(Map.of(Phase.MENU, 1_500L, Phase.SELLER_RINGING, 14_950L));
            assertThat(dials(rig, record))
                    .singleElement()
                    .satisfies(dial -> assertThat(dial.split(",")[1]).isEqualTo("14.95"));
            assertThat(queuedJob(config, rig, record, number)).containsEntry("origin", "offered");
        }
    }

    @Test
    void aKeyOfAnotherDepartmentInTheOfferRingsThatDepartment() {
        try (CallpathRig rig = rig(offering(), accepting(Duration.ofSeconds(12)))) {
            CallRecord record = rig.call(mainLineCaller("5550405")
                    .pressInPrompt(OFFER_PROMPT, Duration.ofSeconds(1), '2')
                    .build());

            CallSummary summary = rig.summary(record);
            assertThat(summary.outcome()).isEqualTo(Outcome.REACHED_SELLER);
            assertThat(summary.route()).isEqualTo("service");
            assertThat(record.connectedEndpoints()).containsExactly("PJSIP/103");
            assertThat(record.dialStatuses()).containsExactly("NOANSWER", "ANSWER");
        }
    }

    @Test
    void aCallerWhoseNumberCannotBeCalledBackIsOfferedNothingAndRingsUncut() {
        try (CallpathRig rig = rig(offering(), accepting(Duration.ofSeconds(6)))) {
            CallRecord record = rig.call(mainLineCaller("anonymous").build());

            assertThat(record.variable("EXITCONTEXT")).contains("callpath-keys");
            assertThat(dials(rig, record))
                    .singleElement()
                    .satisfies(dial -> assertThat(dial).contains(",15,dm(callpath-main-greeting)"));
            assertThat(rig.summary(record).outcome()).isEqualTo(Outcome.REACHED_SELLER);
            assertThat(rig.events.events(record.linkedId()))
                    .noneMatch(event -> event.type() == EventType.CALLBACK_OFFERED);
        }
    }

    private static List<String> dials(CallpathRig rig, CallRecord record) {
        return rig.fakeCommands(record, "incoming").stream()
                .filter(command -> command.startsWith("EXEC Dial"))
                .toList();
    }

    private static List<String> playedPrompts(CallpathRig rig, CallRecord record) {
        return rig.fakeCommands(record, "incoming").stream()
                .filter(command -> command.startsWith("STREAM FILE"))
                .map(command -> command.split(" ")[2])
                .toList();
    }

    private static long offsetOf(List<CallEvent> events, EventType type) {
        return only(events, type).offsetMillis();
    }

    private static CallEvent only(List<CallEvent> events, EventType type) {
        List<CallEvent> found =
                events.stream().filter(event -> event.type() == type).toList();
        assertThat(found).as("%s events", type).hasSize(1);
        return found.get(0);
    }

    /** The call's events through the real callback trigger into PostgreSQL; the job it queued. */
    private static Map<String, Object> queuedJob(
            CallpathConfig config, CallpathRig rig, CallRecord record, String number) throws SQLException {
        TriggeredCallbacks.clear(number);
        TriggeredCallbacks.queue(config, rig.events.events(record.linkedId()));
        try (Connection connection = SharedPostgres.database().dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT origin, state, department, waited_ms FROM callbacks WHERE number = ?")) {
            select.setString(1, number);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).as("a callback row for " + number).isTrue();
                Map<String, Object> job = Map.of(
                        "origin", row.getString("origin"),
                        "state", row.getString("state"),
                        "department", row.getString("department"),
                        "waited_ms", row.getLong("waited_ms"));
                assertThat(row.next()).as("one job for " + number).isFalse();
                TriggeredCallbacks.clear(number);
                return job;
            }
        }
    }
}
