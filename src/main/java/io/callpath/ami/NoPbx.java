package io.callpath.ami;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** No manager connection configured ({@code ami.username} empty): every action fails at once and says why. */
public final class NoPbx implements PbxControl {

    static final String WHY = "AMI is not configured (ami.username in callpath.yaml): transfer by phone";

    @Override
    public boolean connected() {
        return false;
    }

    @Override
    public String status() {
        return WHY;
    }

    @Override
    public CompletableFuture<Void> redirect(String channel, String context, String exten) {
        return CompletableFuture.failedFuture(new PbxUnavailableException(WHY));
    }

    @Override
    public CompletableFuture<Void> originate(Originate call) {
        return CompletableFuture.failedFuture(new PbxUnavailableException(WHY));
    }

    @Override
    public void onChannelEvent(Consumer<ChannelEvent> listener) {
        // no events without a connection
    }

    @Override
    public void close() {
        // nothing to close
    }
}
