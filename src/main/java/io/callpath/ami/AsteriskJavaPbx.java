package io.callpath.ami;

import io.callpath.config.AmiSettings;
import io.callpath.threads.Backoff;
import io.callpath.threads.DaemonThreads;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;
import org.asteriskjava.manager.ManagerConnectionState;
import org.asteriskjava.manager.action.ManagerAction;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.action.RedirectAction;
import org.asteriskjava.manager.event.HangupEvent;
import org.asteriskjava.manager.event.ManagerEvent;
import org.asteriskjava.manager.event.NewStateEvent;
import org.asteriskjava.manager.response.ManagerError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PbxControl} over asterisk-java's {@link ManagerConnection}. A daemon thread logs in and, whenever the
 * connection is down and asterisk-java is not already reconnecting, logs in again after a back-off (0.5 s doubling
 * to 30 s). Actions never wait for a connection: while it is down they fail at once with the reason.
 */
public final class AsteriskJavaPbx implements PbxControl {

    private static final Logger log = LoggerFactory.getLogger(AsteriskJavaPbx.class);
    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Backoff LOGIN_BACKOFF = new Backoff(FIRST_BACKOFF, MAX_BACKOFF);
    /** How long an action may take to be answered before its future fails. */
    static final Duration ACTION_TIMEOUT = Duration.ofSeconds(5);

    private static final int NEWSTATE_RINGING = 5;
    private static final int NEWSTATE_UP = 6;

    private final AmiSettings settings;
    private final ManagerConnection connection;
    private final List<Consumer<ChannelEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Thread supervisor;
    private volatile boolean running = true;
    private volatile String status = "AMI: connecting";

    private AsteriskJavaPbx(AmiSettings settings) {
        this.settings = settings;
        this.connection = new ManagerConnectionFactory(
                        settings.host(), settings.port(), settings.username(), settings.secret())
                .createManagerConnection();
        connection.addEventListener(this::dispatch);
        this.supervisor = DaemonThreads.unstarted("ami-connect", this::stayConnected);
    }

    /** Starts connecting in the background and returns at once. */
    public static AsteriskJavaPbx start(AmiSettings settings) {
        if (!settings.enabled()) {
            throw new IllegalArgumentException("ami.username is empty: use NoPbx");
        }
        AsteriskJavaPbx pbx = new AsteriskJavaPbx(settings);
        pbx.supervisor.start();
        return pbx;
    }

    /** {@link AsteriskJavaPbx} when {@code settings} name a user, else {@link NoPbx}. */
    public static PbxControl forSettings(AmiSettings settings) {
        return settings.enabled() ? start(settings) : new NoPbx();
    }

    private void stayConnected() {
        Duration backoff = FIRST_BACKOFF;
        boolean wasConnected = false;
        while (running) {
            ManagerConnectionState state = connection.getState();
            if (state == ManagerConnectionState.CONNECTED) {
                if (!wasConnected) {
                    log.info("AMI connected to {}:{} as {}", settings.host(), settings.port(), settings.username());
                }
                wasConnected = true;
                status = "";
                backoff = FIRST_BACKOFF;
                sleep(Duration.ofMillis(250));
                continue;
            }
            if (wasConnected) {
                log.warn(
                        "AMI connection to {}:{} lost ({}); calls go on, desk transfers wait for it",
                        settings.host(),
                        settings.port(),
                        state);
                wasConnected = false;
            }
            if (state == ManagerConnectionState.RECONNECTING || state == ManagerConnectionState.CONNECTING) {
                status = "AMI: reconnecting to " + settings.host() + ":" + settings.port();
                sleep(Duration.ofMillis(250));
                continue;
            }
            try {
                connection.login();
                continue;
            } catch (Exception failed) {
                status = "AMI: cannot log in to " + settings.host() + ":" + settings.port() + " (" + failed.getMessage()
                        + "); next try in " + backoff.toMillis() + " ms";
                log.warn("{}", status);
            }
            sleep(backoff);
            backoff = LOGIN_BACKOFF.after(backoff);
        }
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException stop) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void dispatch(ManagerEvent event) {
        ChannelEvent channelEvent = null;
        if (event instanceof NewStateEvent state && state.getChannelState() != null) {
            int code = state.getChannelState();
            if (code == NEWSTATE_RINGING || code == NEWSTATE_UP) {
                channelEvent = new ChannelEvent(
                        code == NEWSTATE_UP ? ChannelEvent.Kind.ANSWERED : ChannelEvent.Kind.RINGING,
                        state.getChannel(),
                        state.getUniqueId(),
                        state.getLinkedId(),
                        Instant.now());
            }
        } else if (event instanceof HangupEvent hangup) {
            channelEvent = new ChannelEvent(
                    ChannelEvent.Kind.HANGUP,
                    hangup.getChannel(),
                    hangup.getUniqueId(),
                    hangup.getLinkedId(),
                    Instant.now());
        }
        if (channelEvent != null) {
            for (Consumer<ChannelEvent> listener : listeners) {
                try {
                    listener.accept(channelEvent);
                } catch (RuntimeException failed) {
                    log.warn("AMI event listener failed on {}: {}", channelEvent, failed.toString());
                }
            }
        }
    }

    @Override
    public boolean connected() {
        return connection.getState() == ManagerConnectionState.CONNECTED;
    }

    @Override
    public String status() {
        return connected() ? "" : status;
    }

    @Override
    public CompletableFuture<Void> redirect(String channel, String context, String exten) {
        ManagerText.requireOneLine(channel);
        ManagerText.requireOneLine(context);
        ManagerText.requireOneLine(exten);
        return send(new RedirectAction(channel, context, exten, 1));
    }

    @Override
    public CompletableFuture<Void> originate(Originate call) {
        OriginateAction action = new RingTimedOriginateAction(call.ringTime().toMillis());
        action.setChannel(call.channel());
        action.setContext(call.context());
        action.setExten(call.exten());
        action.setPriority(1);
        action.setAsync(true);
        if (!call.callerId().isEmpty()) {
            action.setCallerId(call.callerId());
        }
        if (!call.channelId().isEmpty()) {
            action.setChannelId(call.channelId());
        }
        if (!call.variables().isEmpty()) {
            action.setVariables(call.variables());
        }
        return send(action);
    }

    private CompletableFuture<Void> send(ManagerAction action) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!connected()) {
            done.completeExceptionally(new PbxUnavailableException(status()));
            return done;
        }
        try {
            connection.sendAction(action, response -> {
                if (response instanceof ManagerError error) {
                    done.completeExceptionally(new PbxUnavailableException(
                            "Asterisk refused " + action.getAction() + ": " + error.getMessage()));
                } else {
                    done.complete(null);
                }
            });
        } catch (Exception failed) {
            done.completeExceptionally(
                    new PbxUnavailableException("AMI " + action.getAction() + " not sent: " + failed.getMessage()));
        }
        return done.orTimeout(ACTION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void onChannelEvent(Consumer<ChannelEvent> listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        running = false;
        supervisor.interrupt();
        try {
            if (connection.getState() == ManagerConnectionState.CONNECTED
                    || connection.getState() == ManagerConnectionState.RECONNECTING) {
                connection.logoff();
            }
        } catch (RuntimeException alreadyGone) {
            // closing anyway
        }
    }
}
