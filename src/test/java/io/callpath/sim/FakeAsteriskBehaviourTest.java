package io.callpath.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The scripted behaviours of the fake PBX, against a tiny raw FastAGI server. */
class FakeAsteriskBehaviourTest {

    private static final double SCALE = 0.02;
    private static final String U = "U(callpath-answered^1795732924.3558^seller^main^sales^1795732924.100000)";

    @RegisterExtension
    final ScriptedServer server = ScriptedServer.started();

    private FakeAsterisk fake(FakePbx pbx) {
        return new FakeAsterisk("127.0.0.1", server.port(), pbx, SCALE);
    }

    private static FakePbx pbxWith(String dialString, Endpoint endpoint) {
        return FakePbx.builder()
                .prompt("callpath/informer", Duration.ofSeconds(25))
                .prompt("callpath/accept", Duration.ofSeconds(3))
                .endpoint(dialString, endpoint)
                .build();
    }

    @Test
    void sellerAnswerOpensSecondConnectionWhileDialBlocks() {
        AtomicBoolean dialReturned = new AtomicBoolean();
        AtomicBoolean answeredWhileDialBlocked = new AtomicBoolean();
        AtomicReference<String> dialReply = new AtomicReference<>();
        server.on("incoming", peer -> {
                    peer.send("ANSWER");
                    dialReply.set(peer.send("EXEC Dial PJSIP/101," + 20 + "," + U));
                    dialReturned.set(true);
                    assertThat(peer.send("GET VARIABLE DIALSTATUS")).isEqualTo("200 result=1 (ANSWER)");
                    peer.send("SET VARIABLE CALLPATH_STATUS DONE");
                })
                .on("answered", peer -> {
                    answeredWhileDialBlocked.set(!dialReturned.get());
                    assertThat(peer.send("GET FULL VARIABLE \"${ARG2} ${ARG4} ${ARG1}\""))
                            .isEqualTo("200 result=1 (seller sales 1795732924.3558)");
                });

        CallRecord record = fake(pbxWith(
                        "PJSIP/101",
                        Endpoint.answersAfter(Duration.ofSeconds(4)).talking(Duration.ofSeconds(10))))
                .placeCall(CallerScript.calling("74951230000")
                        .from("5551234", "Alice")
                        .build());

        assertThat(answeredWhileDialBlocked).isTrue();
        assertThat(dialReply.get()).isEqualTo("200 result=-1");
        assertThat(record.answeredBy()).contains("PJSIP/101");
        assertThat(record.session("answered").orElseThrow().arguments())
                .containsExactly("1795732924.3558", "seller", "main", "sales", "1795732924.100000");
        assertThat(record.variable("CALLPATH_STATUS")).contains("DONE");
    }

    // The next three play what Asterisk 22.10.1 answered with the same commands (Local-channel caller and sellers,
    // a recording FastAGI server; see docs/architecture.md "Seller hangs up in the whisper").

    @Test
    void sellerHangingUpInTheGosubLeavesDialAnsweredWithTheCallerStillUp() {
        AtomicReference<String> dialReply = new AtomicReference<>();
        AtomicReference<String> afterDial = new AtomicReference<>("not read");
        AtomicReference<String> whisper = new AtomicReference<>();
        server.on("incoming", peer -> {
                    dialReply.set(peer.send("EXEC Dial PJSIP/101,20," + U));
                    afterDial.set(peer.unsolicited(300));
                    assertThat(peer.send("GET VARIABLE DIALSTATUS")).isEqualTo("200 result=1 (ANSWER)");
                })
                .on("answered", peer -> {
                    whisper.set(peer.send("STREAM FILE callpath/informer \"\""));
                    assertThat(peer.unsolicited(2_000)).isEqualTo("HANGUP");
                });

        CallRecord record = fake(pbxWith(
                        "PJSIP/101",
                        Endpoint.answersAfter(Duration.ofSeconds(1))
                                .withCues(List.of(Cue.hangUpInPrompt("callpath/informer", Duration.ofSeconds(2))))))
                .placeCall(CallerScript.calling("74951230000")
                        .from("5551234", "Alice")
                        .build());

        assertThat(whisper.get()).isEqualTo("200 result=-1 endpos=16000");
        assertThat(dialReply.get()).isEqualTo("200 result=-1");
        assertThat(afterDial.get()).as("no HANGUP: the caller is still up").isNull();
        assertThat(record.answeredBy()).isEmpty();
    }

    @Test
    void gosubResultBusySetOnTheDeadSellerLegRingsOn() {
        AtomicReference<String> dialReply = new AtomicReference<>();
        AtomicReference<String> setOnDeadLeg = new AtomicReference<>();
        server.on("incoming", peer -> {
                    dialReply.set(peer.send("EXEC Dial PJSIP/101,20," + U));
                    assertThat(peer.send("GET VARIABLE DIALSTATUS")).isEqualTo("200 result=1 (BUSY)");
                })
                .on("answered", peer -> {
                    peer.send("STREAM FILE callpath/informer \"\"");
                    assertThat(peer.unsolicited(2_000)).isEqualTo("HANGUP");
                    setOnDeadLeg.set(peer.send("SET VARIABLE GOSUB_RESULT BUSY"));
                });

        fake(pbxWith(
                        "PJSIP/101",
                        Endpoint.answersAfter(Duration.ofSeconds(1))
                                .withCues(List.of(Cue.hangUpInPrompt("callpath/informer", Duration.ofSeconds(2))))))
                .placeCall(CallerScript.calling("74951230000")
                        .from("5551234", "Alice")
                        .build());

        assertThat(setOnDeadLeg.get()).isEqualTo("200 result=1");
        assertThat(dialReply.get()).isEqualTo("200 result=0");
    }

    @Test
    void callerHangingUpDuringTheGosubIsSeenFromTheSellerLegAndStillBridged() {
        AtomicReference<String> dialReply = new AtomicReference<>();
        AtomicReference<String> afterDial = new AtomicReference<>();
        List<String> flags = new java.util.concurrent.CopyOnWriteArrayList<>();
        String check = "GET FULL VARIABLE \"${CALLPATH_CALLER} ${IMPORT(${CALLPATH_CALLER},CHANNEL(checkhangup))}\"";
        server.on("incoming", peer -> {
                    assertThat(peer.send("SET VARIABLE __CALLPATH_CALLER " + peer.header.get("agi_uniqueid")))
                            .isEqualTo("200 result=1");
                    dialReply.set(peer.send("EXEC Dial PJSIP/101,20," + U));
                    afterDial.set(peer.unsolicited(2_000));
                    assertThat(peer.send("GET VARIABLE DIALSTATUS")).isEqualTo("200 result=1 (ANSWER)");
                })
                .on("answered", peer -> {
                    flags.add(peer.send(check));
                    peer.send("STREAM FILE callpath/informer \"\"");
                    flags.add(peer.send(check));
                });

        CallRecord record = fake(pbxWith("PJSIP/101", Endpoint.answersAfter(Duration.ofSeconds(1))))
                .placeCall(CallerScript.calling("74951230000")
                        .from("5551234", "Alice")
                        .channel("PJSIP/trunk-00000001", "1795732924.3559", "1795732924.3558")
                        .hangUpInDial(Duration.ofSeconds(20))
                        .build());

        assertThat(flags).containsExactly("200 result=1 (1795732924.3559 0)", "200 result=1 (1795732924.3559 1)");
        assertThat(dialReply.get()).isEqualTo("200 result=-1");
        assertThat(afterDial.get()).isEqualTo("HANGUP");
        assertThat(record.callerHungUp()).isTrue();
    }

    @Test
    void gosubResultBusyMakesDialReturnBusy() {
        AtomicReference<String> whisper = new AtomicReference<>();
        AtomicReference<String> dialReply = new AtomicReference<>();
        server.on("incoming", peer -> {
                    dialReply.set(peer.send("EXEC Dial PJSIP/101,20," + U));
                    assertThat(peer.send("GET VARIABLE DIALSTATUS")).isEqualTo("200 result=1 (BUSY)");
                })
                .on("answered", peer -> {
                    whisper.set(peer.send("STREAM FILE callpath/accept \"1\""));
                    if (!whisper.get().startsWith("200 result=49")) {
                        peer.send("SET VARIABLE GOSUB_RESULT BUSY");
                    }
                });

        CallRecord record = fake(pbxWith("PJSIP/101", Endpoint.answersAfter(Duration.ofSeconds(2))))
                .placeCall(CallerScript.calling("100").build());

        assertThat(whisper.get()).isEqualTo("200 result=0 endpos=24000");
        assertThat(dialReply.get()).isEqualTo("200 result=0");
        assertThat(record.dialStatuses()).containsExactly("BUSY");
        assertThat(record.answeredBy()).isEmpty();
    }

    @Test
    void sellerPressingAcceptKeyDuringWhisperGetsBridged() {
        AtomicReference<String> whisper = new AtomicReference<>();
        server.on("incoming", peer -> peer.send("EXEC Dial PJSIP/101,20," + U))
                .on("answered", peer -> whisper.set(peer.send("STREAM FILE callpath/accept \"1\"")));

        CallRecord record = fake(pbxWith(
                        "PJSIP/101",
                        Endpoint.answersAfter(Duration.ofSeconds(2))
                                .pressingDuringWhisper('1', Duration.ofMillis(1500))
                                .talking(Duration.ofSeconds(5))))
                .placeCall(CallerScript.calling("100").build());

        assertThat(whisper.get()).isEqualTo("200 result=49 endpos=12000");
        assertThat(record.dialStatuses()).containsExactly("ANSWER");
        assertThat(record.answeredBy()).contains("PJSIP/101");
    }

    @Test
    void digitPressedWhileNoCommandRunsIsLost() {
        AtomicReference<String> wait = new AtomicReference<>();
        server.on("incoming", peer -> {
            peer.send("ANSWER");
            Thread.sleep((long) (3000 * SCALE));
            wait.set(peer.send("WAIT FOR DIGIT 1000"));
        });

        CallRecord record = fake(pbxWith("PJSIP/101", Endpoint.busy()))
                .placeCall(CallerScript.calling("100")
                        .pressAt(Duration.ofSeconds(1), '5')
                        .build());

        assertThat(wait.get()).isEqualTo("200 result=0");
        assertThat(record.lostDigits()).containsExactly('5');
    }

    @Test
    void callerHangingUpDuringPromptEndsStreamFileAndSendsHangupLine() {
        AtomicReference<String> stream = new AtomicReference<>();
        AtomicReference<String> after = new AtomicReference<>();
        AtomicReference<String> media = new AtomicReference<>();
        server.on("incoming", peer -> {
            stream.set(peer.send("STREAM FILE callpath/informer \"0123456789*#\""));
            after.set(peer.unsolicited(2000));
            media.set(peer.send("STREAM FILE callpath/informer \"\""));
        });

        CallRecord record = fake(pbxWith("PJSIP/101", Endpoint.busy()))
                .placeCall(CallerScript.calling("100")
                        .hangUpInPrompt("callpath/informer", Duration.ofSeconds(3))
                        .build());

        assertThat(stream.get()).isEqualTo("200 result=-1 endpos=24000");
        assertThat(after.get()).isEqualTo("HANGUP");
        assertThat(media.get()).isEqualTo("511 Command Not Permitted on a dead channel or intercept routine");
        assertThat(record.abandoned()).isTrue();
    }

    @Test
    void hangupHandlerRunsOnDeadCallerChannelAfterTheCall() {
        AtomicReference<List<String>> replies = new AtomicReference<>();
        AtomicReference<String> unsolicited = new AtomicReference<>("not read");
        server.on("incoming", peer -> peer.send("SET VARIABLE CALLPATH_STATUS DONE"))
                .on("hangup", peer -> {
                    assertThat(peer.script()).isEqualTo("hangup?leg=caller");
                    assertThat(peer.header.get("agi_context")).isEqualTo("callpath-hangup");
                    replies.set(List.of(
                            peer.send("GET VARIABLE CALLPATH_STATUS"),
                            peer.send("GET FULL VARIABLE \"${HANGUPCAUSE} ${CHANNEL(linkedid)}\""),
                            peer.send("STREAM FILE callpath/informer \"\"")));
                    unsolicited.set(peer.unsolicited((int) (500 * SCALE) + 100));
                });

        CallRecord record = fake(pbxWith("PJSIP/101", Endpoint.busy()))
                .placeCall(CallerScript.calling("100")
                        .channel("PJSIP/trunk-00000001", "1795732924.11", "1795732924.10")
                        .build());

        assertThat(server.scriptsSeen()).containsExactly("incoming", "hangup?leg=caller");
        assertThat(replies.get())
                .containsExactly(
                        "200 result=1 (DONE)",
                        "200 result=1 (16 1795732924.10)",
                        "511 Command Not Permitted on a dead channel or intercept routine");
        assertThat(unsolicited.get()).isNull();
        assertThat(record.session("hangup").orElseThrow().arguments()).containsExactly("1795732924.10");
    }

    @Test
    void dialStatusFollowsEndpointBehaviour() {
        AtomicReference<String> reply = new AtomicReference<>();
        server.on("incoming", peer -> reply.set(peer.send("EXEC Dial PJSIP/101&PJSIP/102,5")));
        FakePbx noAnswer = FakePbx.builder()
                .endpoint("PJSIP/101", Endpoint.neverAnswers())
                .endpoint("PJSIP/102", Endpoint.busy())
                .build();
        FakePbx allBusy = FakePbx.builder()
                .endpoint("PJSIP/101", Endpoint.busy())
                .endpoint("PJSIP/102", Endpoint.unreachable())
                .build();
        FakePbx nobody = FakePbx.builder().build();

        assertThat(fake(noAnswer).placeCall(CallerScript.calling("1").build()).dialStatuses())
                .containsExactly("NOANSWER");
        assertThat(reply.get()).isEqualTo("200 result=0");
        assertThat(fake(allBusy).placeCall(CallerScript.calling("1").build()).dialStatuses())
                .containsExactly("BUSY");
        assertThat(fake(nobody).placeCall(CallerScript.calling("1").build()).dialStatuses())
                .containsExactly("CHANUNAVAIL");
    }

    @Test
    void assistantBlindTransferRunsHandoffSessionOnCallerChannel() {
        AtomicReference<String> afterDial = new AtomicReference<>();
        AtomicReference<String> handoffChannel = new AtomicReference<>();
        server.on("incoming", peer -> {
                    peer.send("EXEC Dial PJSIP/200,20");
                    afterDial.set(peer.unsolicited(2000));
                })
                .on("handoff", peer -> {
                    handoffChannel.set(peer.header.get("agi_channel") + " " + peer.header.get("agi_arg_1"));
                    assertThat(peer.send("CHANNEL STATUS")).isEqualTo("200 result=6");
                });

        CallRecord record = fake(pbxWith(
                        "PJSIP/200",
                        Endpoint.answersAfter(Duration.ofSeconds(1)).transferringTo("sales", Duration.ofSeconds(5))))
                .placeCall(CallerScript.calling("1")
                        .from("5551234", "Alice")
                        .channel("PJSIP/trunk-0000000a", "", "")
                        .build());

        assertThat(afterDial.get()).isEqualTo("HANGUP");
        assertThat(handoffChannel.get()).isEqualTo("PJSIP/trunk-0000000a sales");
        assertThat(record.sessions().stream().map(SessionRecord::scriptName))
                .containsExactly("incoming", "handoff", "hangup");
    }

    @Test
    void hostileCallerNameReachesTheServerRawAsAsteriskSendsIt() {
        AtomicReference<String> name = new AtomicReference<>();
        server.on("incoming", peer -> name.set(peer.send("GET VARIABLE CALLERID(name)")));

        fake(pbxWith("PJSIP/101", Endpoint.busy()))
                .placeCall(CallerScript.calling("1")
                        .from("5551234", "Eve \"the\" Caller")
                        .build());

        assertThat(name.get()).isEqualTo("200 result=1 (Eve \"the\" Caller)");
    }

    @Test
    void callerHangingUpWhileSellersRingCancelsDialAndCountsAsAbandoned() {
        AtomicReference<String> dial = new AtomicReference<>();
        AtomicReference<String> after = new AtomicReference<>();
        server.on("incoming", peer -> {
            dial.set(peer.send("EXEC Dial PJSIP/101,20," + U));
            after.set(peer.unsolicited(2000));
        });

        CallRecord record = fake(pbxWith("PJSIP/101", Endpoint.answersAfter(Duration.ofSeconds(5))))
                .placeCall(CallerScript.calling("1")
                        .hangUpInDial(Duration.ofSeconds(2))
                        .build());

        assertThat(dial.get()).isEqualTo("200 result=-1");
        assertThat(after.get()).isEqualTo("HANGUP");
        assertThat(record.dialStatuses()).containsExactly("CANCEL");
        assertThat(record.abandoned()).isTrue();
        assertThat(server.scriptsSeen()).doesNotContain("answered");
    }

    @Test
    void keyOfTheExitContextEndsADialWithTheDOptionAndIsItsResult() {
        AtomicReference<String> dial = new AtomicReference<>();
        AtomicReference<String> status = new AtomicReference<>();
        server.on("incoming", peer -> {
            peer.send("SET VARIABLE EXITCONTEXT callpath-keys");
            dial.set(peer.send("EXEC Dial PJSIP/101,20,dm(callpath-main-greeting)" + U));
            status.set(peer.send("GET VARIABLE DIALSTATUS"));
        });
        FakePbx pbx = FakePbx.builder()
                .endpoint("PJSIP/101", Endpoint.answersAfter(Duration.ofSeconds(5)))
                .keyContext("callpath-keys", java.util.Set.of('0', '2'))
                .build();

        CallRecord record = fake(pbx)
                .placeCall(CallerScript.calling("1").pressInNextGetData('2').build());

        // the greeting is the Dial's music: a menu key comes a second into it, and '2' is an extension of EXITCONTEXT
        assertThat(dial.get()).isEqualTo("200 result=50");
        assertThat(status.get()).isEqualTo("200 result=1 (CANCEL)");
        assertThat(record.abandoned()).isFalse();
        // the music ran from the Dial to the key (1 s of audio; this fake's clock is scaled real time, so it may run
        // over a little on a loaded machine), never to the seller's answer at 5 s
        assertThat(record.musicHeard())
                .singleElement()
                .satisfies(music -> assertThat(music.length()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(4)));
        assertThat(server.scriptsSeen()).doesNotContain("answered");
    }

    @Test
    void keyTheExitContextLacksIsIgnoredAndThePhonesRingOn() {
        AtomicReference<String> dial = new AtomicReference<>();
        server.on("incoming", peer -> {
            peer.send("SET VARIABLE EXITCONTEXT callpath-keys");
            dial.set(peer.send("EXEC Dial PJSIP/101,20,dm(callpath-main-greeting)" + U));
        });
        FakePbx pbx = FakePbx.builder()
                .endpoint(
                        "PJSIP/101",
                        Endpoint.answersAfter(Duration.ofSeconds(3)).talking(Duration.ofSeconds(5)))
                .prompt("callpath/accept", Duration.ofSeconds(3))
                .keyContext("callpath-keys", java.util.Set.of('0', '2'))
                .build();

        CallRecord record = fake(pbx)
                .placeCall(CallerScript.calling("1")
                        .pressAt(Duration.ofSeconds(1), '1')
                        .build());

        assertThat(record.answeredBy()).contains("PJSIP/101");
        assertThat(record.dialStatuses()).containsExactly("ANSWER");
        assertThat(record.lostDigits()).containsExactly('1');
    }

    @Test
    void dialWithoutTheDOptionLosesEveryKey() {
        AtomicReference<String> dial = new AtomicReference<>();
        server.on("incoming", peer -> {
            peer.send("SET VARIABLE EXITCONTEXT callpath-keys");
            dial.set(peer.send("EXEC Dial PJSIP/101,20,m(callpath-main)" + U));
        });
        FakePbx pbx = FakePbx.builder()
                .endpoint(
                        "PJSIP/101",
                        Endpoint.answersAfter(Duration.ofSeconds(3)).talking(Duration.ofSeconds(5)))
                .keyContext("callpath-keys", java.util.Set.of('0', '2'))
                .build();

        CallRecord record = fake(pbx)
                .placeCall(CallerScript.calling("1")
                        .pressAt(Duration.ofSeconds(1), '2')
                        .build());

        assertThat(record.dialStatuses()).containsExactly("ANSWER");
        assertThat(record.lostDigits()).containsExactly('2');
    }

    @Test
    void headerCutAtRandomPointsStillCarriesEveryKeyInOrder() {
        AtomicReference<List<String>> keys = new AtomicReference<>();
        server.on("incoming", peer -> keys.set(List.copyOf(peer.header.keySet())));

        new FakeAsterisk(
                        "127.0.0.1",
                        server.port(),
                        pbxWith("PJSIP/101", Endpoint.busy()),
                        SimSettings.scaled(SCALE).withHeaderWrites(SimSettings.HeaderWrites.RANDOM_SPLITS))
                .placeCall(CallerScript.calling("74951230000").noHangupHandler().build());

        assertThat(keys.get()).isEqualTo(RecordedHeaderOrder.withArguments(1));
    }
}
