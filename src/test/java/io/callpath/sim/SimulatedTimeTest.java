package io.callpath.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The fake moves simulated time on by exactly what it plays, and the server reads the same time. */
class SimulatedTimeTest {

    private static final Instant ORIGIN = Instant.parse("2026-11-23T10:00:00Z");
    private static final String U = "U(callpath-answered^x^seller^main^sales^1)";

    @RegisterExtension
    final ScriptedServer server = ScriptedServer.started();

    private final SimulatedTime time = new SimulatedTime(ORIGIN);

    private FakeAsterisk fake(FakePbx pbx) {
        return new FakeAsterisk("127.0.0.1", server.port(), pbx, SimSettings.scaled(0.001), time);
    }

    @Test
    void eachCommandMovesTimeByWhatItPlays() {
        List<Long> seenMillis = new ArrayList<>();
        server.on("incoming", peer -> {
            seenMillis.add(Duration.between(ORIGIN, time.now()).toMillis());
            peer.send("ANSWER");
            seenMillis.add(Duration.between(ORIGIN, time.now()).toMillis());
            peer.send("STREAM FILE callpath/informer \"\"");
            seenMillis.add(Duration.between(ORIGIN, time.now()).toMillis());
            peer.send("STREAM FILE callpath/informer \"0123456789\"");
            seenMillis.add(Duration.between(ORIGIN, time.now()).toMillis());
            peer.send("GET DATA callpath/menu 5000 1");
            seenMillis.add(Duration.between(ORIGIN, time.now()).toMillis());
            peer.send("EXEC Dial PJSIP/101,20," + U);
            seenMillis.add(Duration.between(ORIGIN, time.now()).toMillis());
        });
        server.on("answered", peer -> peer.send("STREAM FILE callpath/whisper \"\""));
        FakePbx pbx = FakePbx.builder()
                .prompt("callpath/informer", Duration.ofMillis(9_500))
                .prompt("callpath/menu", Duration.ofSeconds(3))
                .prompt("callpath/whisper", Duration.ofSeconds(2))
                .endpoint(
                        "PJSIP/101",
                        Endpoint.answersAfter(Duration.ofSeconds(4)).talking(Duration.ofSeconds(60)))
                .build();

        CallRecord record = fake(pbx)
                .placeCall(CallerScript.calling("5551000")
                        .pressInPrompt("callpath/informer", Duration.ofSeconds(1), '5')
                        .cdrStart(ORIGIN.getEpochSecond() + ".000000")
                        .build());

        // answer 0.5 s; informer 9.5 s (the key falls into this play, which listens for none, so it is lost);
        // informer again 9.5 s; menu 3 s + 5 s timeout; ring 4 s + whisper 2 s + talk 60 s
        assertThat(seenMillis).containsExactly(0L, 500L, 10_000L, 19_500L, 27_500L, 93_500L);
        assertThat(record.dialStatuses()).containsExactly("ANSWER");
    }

    @Test
    void timeNeverGoesBack() {
        time.advance(Duration.ofSeconds(5));
        time.advanceTo(1);
        assertThat(time.now()).isEqualTo(ORIGIN.plusSeconds(5));
        assertThat(time.clock().instant()).isEqualTo(ORIGIN.plusSeconds(5));
        assertThatThrownBy(() -> time.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
