package io.callpath.ami;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What callpath asks of the PBX outside a call's own AGI session: move a channel, start a call, hear phones ring,
 * answer and hang up. Every method returns at once; nothing on a call's thread waits on it.
 */
public interface PbxControl extends AutoCloseable {

    /** True while the manager connection is logged in. */
    boolean connected();

    /** Why the PBX cannot be reached right now, for a desk to show ("" while connected). */
    String status();

    /**
     * Sends {@code channel} to {@code exten@context}, priority 1 (a blind transfer when the channel is bridged).
     * Completes when Asterisk accepted it; fails at once when not connected, or with Asterisk's message.
     */
    CompletableFuture<Void> redirect(String channel, String context, String exten);

    /** Starts a call (asynchronous Originate); completes when Asterisk queued it. */
    CompletableFuture<Void> originate(Originate call);

    /** {@code listener} hears every phone event from now on, on the manager's event thread: it must not block. */
    void onChannelEvent(Consumer<ChannelEvent> listener);

    @Override
    void close();
}
