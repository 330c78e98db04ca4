package io.callpath.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.config.CallpathConfig;
import io.callpath.config.ConfigLoader;
import io.callpath.events.CallEvent;
import io.callpath.events.EventType;
import io.callpath.events.Phase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The offered callback ("press star to be called back") in the informer and the menu of a line in mode before. */
class CallbackOfferFlowTest {

    /** t0 = the session's start (10:00:00 on an open Wednesday): the caller has waited nothing yet. */
    private static final String CDR_AT_OPEN = FlowFixture.OPEN.getEpochSecond() + ".000000";

    private static final String OFFER = "    callback:\n      enabled: true\n      offerAfter: 20s\n";

    static CallpathConfig beforeConfigWith(String callbackBlock) throws IOException {
        String yaml = Files.readString(Path.of("src/test/resources/callpath-before.yaml"));
        return ConfigLoader.parse(
                yaml.replaceFirst(
                        "    connectingPrompt: callpath/connecting\n",
                        "    connectingPrompt: callpath/connecting\n" + callbackBlock),
                "test.yaml");
    }

    private static ScriptedChannel caller(String callerId) {
        return new ScriptedChannel(FlowFixture.request(
                        "incoming", Map.of(), List.of("5551000"), "PJSIP/trunk-00000001", "en", callerId, "Alice"))
                .evaluates(FlowFixture.IDS, FlowFixture.LINKED_ID + " " + CDR_AT_OPEN);
    }

    @Test
    void theOfferCutsTheInformerWhenItFallsDueAndItsKeyEndsTheCallWithACallbackQueued() throws IOException {
        FlowFixture fixture = new FlowFixture(beforeConfigWith(OFFER), FlowFixture.OPEN);
        ScriptedChannel caller =
                caller("5550100").longerThanBudget("callpath/informer").press("callpath/callback-offer", '*');

        fixture.run("incoming", new TimePassing(caller, fixture.nanos));

        assertThat(caller.played())
                .containsExactly("callpath/informer", "callpath/callback-offer", "callpath/callback-queued");
        assertThat(caller.playBudgets().get(0)).isEqualTo(Duration.ofSeconds(20));
        assertThat(caller.dials()).isEmpty();
        assertThat(caller.variableSet("CALLPATH_STATUS")).contains("DONE");
        assertThat(caller.variableSet("CALLPATH_ROUTE")).contains("callback");
        assertThat(fixture.sink.only(EventType.CALLBACK_OFFERED).attributes()).containsEntry("key", "*");
        assertThat(fixture.sink.only(EventType.ROUTE_CHOSEN).attributes())
                .containsEntry("route", "callback")
                .containsEntry("digit", "*")
                .containsEntry("reason", "offered");
        assertThat(fixture.sink.only(EventType.NO_SELLER).attributes()).containsEntry("reason", "callback_queued");
        assertThat(fixture.sink.ofType(EventType.PHASE_STARTED))
                .extracting(CallEvent::phase)
                .containsExactly(Phase.INFORMER);
    }

    @Test
    void theCallbackTriggerQueuesTheOfferedCallbackFromTheRecordedCall() throws IOException {
        CallpathConfig config = beforeConfigWith(OFFER);
        FlowFixture fixture = new FlowFixture(config, FlowFixture.OPEN);
        ScriptedChannel caller =
                caller("5550100").longerThanBudget("callpath/informer").press("callpath/callback-offer", '*');
        fixture.run("incoming", new TimePassing(caller, fixture.nanos));

        CallbackTriggerTest.RecordingJobs jobs = new CallbackTriggerTest.RecordingJobs();
        CallbackTrigger trigger = new CallbackTrigger(config, jobs);
        fixture.sink.events().forEach(trigger::accept);

        assertThat(jobs.queued).singleElement().satisfies(request -> {
            assertThat(request.origin()).isEqualTo("offered");
            assertThat(request.number()).isEqualTo("5550100");
            assertThat(request.line()).isEqualTo("main");
            assertThat(request.department()).isEqualTo("sales");
            // 20 s of informer, then 1 s into the offer the key
            assertThat(request.waited()).isEqualTo(Duration.ofSeconds(21));
            assertThat(request.dueAt()).isEqualTo(FlowFixture.OPEN.plusSeconds(21 + 30));
        });
    }

    @Test
    void anOfferNotTakenGoesOnToTheMenuWhereTheOfferKeyStillCounts() throws IOException {
        FlowFixture fixture = new FlowFixture(beforeConfigWith(OFFER), FlowFixture.OPEN);
        ScriptedChannel caller =
                caller("5550100").longerThanBudget("callpath/informer").press("callpath/menu", '*');

        fixture.run("incoming", new TimePassing(caller, fixture.nanos));

        assertThat(caller.played())
                .containsExactly(
                        "callpath/informer", "callpath/callback-offer", "callpath/menu", "callpath/callback-queued");
        assertThat(fixture.sink.only(EventType.NO_SELLER).attributes()).containsEntry("reason", "callback_queued");
    }

    @Test
    void aMenuKeyPressedDuringTheOfferIsTheMenuChoice() throws IOException {
        FlowFixture fixture = new FlowFixture(beforeConfigWith(OFFER), FlowFixture.OPEN);
        ScriptedChannel caller = caller("5550100")
                .longerThanBudget("callpath/informer")
                .press("callpath/callback-offer", '2')
                .dial("PJSIP/103", "ANSWER");

        fixture.run("incoming", new TimePassing(caller, fixture.nanos));

        assertThat(fixture.sink.only(EventType.ROUTE_CHOSEN).attributes()).containsEntry("route", "service");
        assertThat(fixture.sink.ofType(EventType.NO_SELLER)).isEmpty();
        assertThat(caller.dials()).singleElement().asString().startsWith("PJSIP/103,");
    }

    @Test
    void theOfferFallsDueInTheMenuWhenTheInformerEndedFirst() throws IOException {
        FlowFixture fixture = new FlowFixture(beforeConfigWith(OFFER), FlowFixture.OPEN);
        // the informer plays out in 3 s, each menu attempt takes 8 s and its notice 3 s: the offer is due before the
        // third attempt
        ScriptedChannel caller = caller("5550100").press("callpath/callback-offer", '*');

        fixture.run("incoming", new TimePassing(caller, fixture.nanos));

        assertThat(caller.played())
                .containsExactly(
                        "callpath/informer",
                        "callpath/menu",
                        "callpath/no-input",
                        "callpath/menu",
                        "callpath/no-input",
                        "callpath/callback-offer",
                        "callpath/callback-queued");
    }

    @Test
    void aCallerWhoseNumberCannotBeCalledBackHearsNoOfferAndTheKeyIsJustInvalid() throws IOException {
        FlowFixture fixture = new FlowFixture(beforeConfigWith(OFFER), FlowFixture.OPEN);
        ScriptedChannel caller = caller("anonymous")
                .longerThanBudget("callpath/informer")
                .press("callpath/informer", '*')
                .press("callpath/menu", '1')
                .dial("PJSIP/101", "ANSWER");

        fixture.run("incoming", new TimePassing(caller, fixture.nanos));

        assertThat(caller.played()).containsExactly("callpath/informer", "callpath/invalid", "callpath/menu");
        assertThat(fixture.sink.ofType(EventType.CALLBACK_OFFERED)).isEmpty();
        assertThat(fixture.sink.only(EventType.ROUTE_CHOSEN).attributes()).containsEntry("route", "sales");
    }

    @Test
    void aLineWithoutOfferAfterPlaysItsWholeInformerAndOffersNothing() throws IOException {
        FlowFixture fixture =
                new FlowFixture(beforeConfigWith("    callback:\n      enabled: true\n"), FlowFixture.OPEN);
        ScriptedChannel caller = caller("5550100")
                .longerThanBudget("callpath/informer")
                .press("callpath/menu", '*')
                .press("callpath/menu", '1')
                .dial("PJSIP/101", "ANSWER");

        fixture.run("incoming", new TimePassing(caller, fixture.nanos));

        assertThat(caller.playBudgets().get(0)).isEqualTo(Duration.ofSeconds(25));
        assertThat(caller.played())
                .containsExactly("callpath/informer", "callpath/menu", "callpath/invalid", "callpath/menu");
        assertThat(fixture.sink.ofType(EventType.CALLBACK_OFFERED)).isEmpty();
    }

    @Test
    void aCallerWhoHangsUpDuringTheConfirmationStillHasTheCallbackRecorded() throws IOException {
        FlowFixture fixture = new FlowFixture(beforeConfigWith(OFFER), FlowFixture.OPEN);
        ScriptedChannel caller = caller("5550100")
                .longerThanBudget("callpath/informer")
                .press("callpath/callback-offer", '*')
                .hangUpAt("callpath/callback-queued");

        fixture.run("incoming", new TimePassing(caller, fixture.nanos));

        assertThat(fixture.sink.only(EventType.NO_SELLER).attributes()).containsEntry("reason", "callback_queued");
    }

    /** The scripted channel with time passing as on a call: a cut prompt takes its budget, a played one 3 s, a timed-out key wait its timeout. */
    private record TimePassing(ScriptedChannel channel, AtomicLong nanos) implements Channel {

        private static final Duration PROMPT = Duration.ofSeconds(3);

        private void pass(Duration duration) {
            nanos.addAndGet(duration.toNanos());
        }

        @Override
        public CallRequest request() {
            return channel.request();
        }

        @Override
        public void answer() {
            channel.answer();
        }

        @Override
        public Playback play(String prompt, String escapeDigits, Duration budget) {
            Playback playback = channel.play(prompt, escapeDigits, budget);
            pass(playback.cutByBudget() ? budget : playback.pressed().isPresent() ? Duration.ofSeconds(1) : PROMPT);
            return playback;
        }

        @Override
        public Optional<Character> readDigit(String prompt, Duration timeout) {
            Optional<Character> key = channel.readDigit(prompt, timeout);
            pass(key.isPresent() ? Duration.ofSeconds(1) : PROMPT.plus(timeout));
            return key;
        }

        @Override
        public Optional<Character> waitForDigit(Duration timeout) {
            pass(timeout);
            return channel.waitForDigit(timeout);
        }

        @Override
        public int exec(String application, String arguments) {
            return channel.exec(application, arguments);
        }

        @Override
        public Optional<String> variable(String name) {
            return channel.variable(name);
        }

        @Override
        public Optional<String> evaluate(String expression) {
            return channel.evaluate(expression);
        }

        @Override
        public void setVariable(String name, String value) {
            channel.setVariable(name, value);
        }

        @Override
        public void verbose(String message) {
            channel.verbose(message);
        }

        @Override
        public boolean hungUp() {
            return channel.hungUp();
        }
    }
}
