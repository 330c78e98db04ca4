package io.callpath.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.config.CallpathConfig;
import io.callpath.config.ConfigLoader;
import io.callpath.events.CallSummary;
import io.callpath.events.Outcome;
import io.callpath.events.Phase;
import io.callpath.sim.CallRecord;
import io.callpath.sim.CallerScript;
import io.callpath.store.SharedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The offered callback end to end on the FakeAsterisk: the offer falls due in the menu (offerAfter 12 s, the informer
 * ends at 10 s), the caller presses * in "press star to be called back", hears that they will be called back, and the
 * call ends; its events, through the callback trigger, queue an 'offered' job in PostgreSQL. (The informer cut by the
 * offer is shown by the flow tests and on the real Asterisk: a prompt's budget runs in real time, which the fake's
 * scaled prompts outrun.)
 */
class OfferedCallbackTest {

    private static final String CALLER = "5550177";

    private final CallpathConfig config = offering();
    private final CallpathRig rig = new CallpathRig(
            config,
            CallpathRig.pbx()
                    .prompt("callpath/callback-offer", Duration.ofSeconds(3))
                    .prompt("callpath/callback-queued", Duration.ofSeconds(2))
                    .build(),
            CallpathRig.MONDAY_10_00);

    private static CallpathConfig offering() {
        try {
            String yaml = Files.readString(Path.of("src/test/resources/callpath-before.yaml"));
            return ConfigLoader.parse(
                    yaml.replaceFirst(
                            "    connectingPrompt: callpath/connecting\n",
                            "    connectingPrompt: callpath/connecting\n    callback:\n      enabled: true\n      offerAfter: 12s\n"),
                    "offering.yaml");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void aCallerWhoPressesStarInTheOfferEndsTheCallWithAnOfferedCallbackQueued() throws SQLException {
        CallRecord record = rig.call(CallerScript.calling("5551000")
                .from(CALLER, "Alice")
                .pressInPrompt("callpath/callback-offer", Duration.ofSeconds(1), '*')
                .build());

        CallSummary summary = rig.summary(record);
        assertThat(summary.outcome()).isEqualTo(Outcome.NO_SELLER);
        assertThat(summary.outcomeReason()).isEqualTo("callback_queued");
        assertThat(summary.route()).isEqualTo("callback");
        // ANSWER 500 ms + informer 9.5 s; menu 3 s + 5 s timeout, no-input 2 s: 20 s, the offer is due; 1 s into it the
        // key
        assertThat(summary.phaseMillis())
                .containsExactlyInAnyOrderEntriesOf(Map.of(Phase.INFORMER, 10_000L, Phase.MENU, 11_000L));
        assertThat(record.variable("CALLPATH_STATUS")).contains("DONE");
        assertThat(rig.fakeCommands(record, "incoming"))
                .filteredOn(command -> command.startsWith("STREAM FILE"))
                .extracting(command -> command.split(" ")[2])
                .containsExactly(
                        "callpath/informer",
                        "callpath/no-input",
                        "callpath/callback-offer",
                        "callpath/callback-queued");
        assertThat(rig.fakeCommands(record, "incoming")).noneMatch(command -> command.contains("Dial"));

        TriggeredCallbacks.clear(CALLER);
        TriggeredCallbacks.queue(config, rig.events.events(record.linkedId()));
        try (Connection connection = SharedPostgres.database().dataSource().getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT origin, state, line, department, waited_ms, due_at - hung_up_at AS delay FROM callbacks WHERE number = ?")) {
            select.setString(1, CALLER);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).as("a callback row for " + CALLER).isTrue();
                assertThat(row.getString("origin")).isEqualTo("offered");
                assertThat(row.getString("state")).isEqualTo("queued");
                assertThat(row.getString("line")).isEqualTo("main");
                assertThat(row.getString("department")).isEqualTo("sales");
                assertThat(row.getLong("waited_ms")).isEqualTo(21_000L);
                assertThat(row.getString("delay")).isEqualTo("00:00:30");
                assertThat(row.next()).isFalse();
            }
        }
        TriggeredCallbacks.clear(CALLER);
    }
}
