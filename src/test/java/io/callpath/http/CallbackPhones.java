package io.callpath.http;

import io.callpath.ami.ChannelEvent;
import io.callpath.ami.Originate;
import io.callpath.ami.PbxControl;
import io.callpath.ami.PbxUnavailableException;
import io.callpath.sim.CallerScript;
import io.callpath.sim.FakeAsterisk;
import io.callpath.sim.FakePbx;
import io.callpath.sim.SimSettings;
import io.callpath.sim.SimulatedTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The PBX side of a callback for tests without Asterisk: an Originate into {@code callpath-callback} rings the seller
 * for {@link #RING}, then the seller answers and the FakeAsterisk runs the kit's {@code callback} AGI session on the
 * seller's channel (the job, line, seconds waited and number, as [callpath-callback] passes them), the seller pressing
 * the accept key in the callback whisper; the caller's leg is {@code pbx}'s endpoint for the callback's dial string.
 */
final class CallbackPhones implements PbxControl {

    /** How long a seller's phone rings before they answer a callback. */
    static final Duration RING = Duration.ofSeconds(3);

    private final String host;
    private final FakePbx pbx;
    private final ExecutorService threads;
    private final List<Originate> originated = new CopyOnWriteArrayList<>();
    private final AtomicInteger channels = new AtomicInteger();
    private volatile int agiPort;

    CallbackPhones(String host, FakePbx pbx, ExecutorService threads) {
        this.host = host;
        this.pbx = pbx;
        this.threads = threads;
    }

    /** The FastAGI port of the callpath the callback sessions go to (known once it started). */
    void agiPort(int agiPort) {
        this.agiPort = agiPort;
    }

    List<Originate> originated() {
        return originated;
    }

    @Override
    public boolean connected() {
        return true;
    }

    @Override
    public String status() {
        return "";
    }

    @Override
    public CompletableFuture<Void> redirect(String channel, String context, String exten) {
        return CompletableFuture.failedFuture(new PbxUnavailableException("no redirects in this test"));
    }

    @Override
    public CompletableFuture<Void> originate(Originate call) {
        originated.add(call);
        int id = channels.incrementAndGet();
        String channel = call.channel() + "-" + String.format("%08x", id);
        CallerScript session = CallerScript.calling("s")
                .script(
                        "callback",
                        call.variables().get("CALLPATH_CALLBACK"),
                        call.variables().get("CALLPATH_CALLBACK_LINE"),
                        call.variables().get("CALLPATH_CALLBACK_WAITED"),
                        call.variables().get("CALLPATH_CALLBACK_NUMBER"))
                .dialplan("callpath-callback", "s", 2)
                .channel(channel, "cb-" + id, "cb-" + id)
                .from("", "Callback")
                .noHangupHandler()
                .pressInPrompt("callpath/callback", Duration.ofMillis(500), '1')
                .build();
        CompletableFuture.delayedExecutor(RING.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS, threads)
                .execute(() -> new FakeAsterisk(
                                host, agiPort, pbx, SimSettings.scaled(1.0), new SimulatedTime(Instant.now()))
                        .placeCall(session));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void onChannelEvent(Consumer<ChannelEvent> listener) {}

    @Override
    public void close() {}
}
