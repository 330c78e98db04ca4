package io.callpath.desk;

import io.callpath.ami.PbxControl;
import io.callpath.config.CallpathConfig;
import io.callpath.events.CallEvent;
import io.callpath.events.EventSink;
import io.callpath.events.EventType;
import io.callpath.logs.LogText;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The assistant and seller desks: what each page shows ({@link #assistantPage}, {@link #sellerPage}) and what the
 * assistant's buttons do. The answers become a CALLER_ANSWERS event (into call_events and the {@code calls} row);
 * "transfer to" is an AMI Redirect of the caller's channel to {@code DEPT@callpath-handoff}, the same hand-off an
 * assistant's own blind transfer makes. Runs on HTTP threads only; a call never waits on it.
 */
public final class Desks {

    /** The context the kit's dialplan hands a transferred caller to (extensions-callpath.conf). */
    public static final String HANDOFF_CONTEXT = "callpath-handoff";
    /** Longest answer kept, in characters; the rest is cut. */
    static final int MAX_ANSWER = 500;

    private final CallpathConfig config;
    private final DeskCalls calls;
    private final DeskCallbacks callbacks;
    private final DeskPhones phones;
    private final EventSink sink;
    private final PbxControl pbx;
    private final Clock clock;

    /** Desks of a server whose lines call nobody back. */
    public Desks(CallpathConfig config, DeskCalls calls, EventSink sink, PbxControl pbx, Clock clock) {
        this(config, calls, new DeskCallbacks(config, calls, clock), sink, pbx, clock);
    }

    public Desks(
            CallpathConfig config,
            DeskCalls calls,
            DeskCallbacks callbacks,
            EventSink sink,
            PbxControl pbx,
            Clock clock) {
        this.config = config;
        this.calls = calls;
        this.callbacks = callbacks;
        this.phones = new DeskPhones(config);
        this.sink = sink;
        this.pbx = pbx;
        this.clock = clock;
    }

    public DeskCalls calls() {
        return calls;
    }

    /** The assistant desk of {@code extension}: config, AMI state and the call at the phone; empty for an unknown phone. */
    public Optional<Map<String, Object>> assistantPage(String extension) {
        return phones.assistant(extension).map(dial -> {
            Optional<DeskView> call = calls.atAssistant(dial);
            String name = config.desk().names().getOrDefault(extension, "");
            Map<String, Object> page = page("assistant", extension, dial, call);
            page.put("name", name);
            page.put("heardOptions", config.desk().heardOptions());
            page.put("departments", departments());
            page.put("pbx", pbx.connected() ? "" : pbx.status());
            page.put(
                    "steps",
                    call.map(view -> DeskScript.steps(
                                    view.language(), config.desk().company(), name, callerText(view), view.request()))
                            .orElse(List.of()));
            return page;
        });
    }

    /**
     * The seller desk (screen pop) of {@code extension}; empty for an unknown phone. A callback at the phone shows
     * instead of a call when callpath rang the phone for it after the call arrived.
     */
    public Optional<Map<String, Object>> sellerPage(String extension) {
        return phones.seller(extension).map(dial -> {
            Optional<CallbackView> callback = callbacks.atSeller(dial);
            Optional<DeskView> call = calls.atSeller(dial)
                    .filter(view -> callback.isEmpty()
                            || view.t0Millis() > callback.get().ringingMillis());
            Map<String, Object> page = page("seller", extension, dial, call);
            page.put("callback", call.isPresent() ? null : callback.orElse(null));
            page.put(
                    "pop",
                    call.map(view -> DeskScript.steps(
                                    view.language(), config.desk().company(), "", callerText(view), wanted(view)))
                            .map(steps -> steps.get(6))
                            .orElse(""));
            page.put("wants", call.map(Desks::wanted).orElse(""));
            return page;
        });
    }

    private Map<String, Object> page(String role, String extension, String dial, Optional<DeskView> call) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("role", role);
        page.put("extension", extension);
        page.put("phone", dial);
        page.put("company", config.desk().company());
        page.put("serverNow", clock.millis());
        page.put("call", call.orElse(null));
        return page;
    }

    private List<String> departments() {
        return config.desk().transferTo().isEmpty()
                ? new ArrayList<>(config.departments().keySet())
                : config.desk().transferTo();
    }

    /** What the caller wants: the assistant's note, else the menu choice. */
    static String wanted(DeskView view) {
        if (!view.request().isBlank()) {
            return view.request();
        }
        if (!view.digit().isBlank() && !view.department().isBlank()) {
            return "menu " + view.digit() + ": " + view.department();
        }
        return view.department();
    }

    private static String callerText(DeskView view) {
        return view.callerName().isBlank() || view.callerName().equals("unknown")
                ? view.caller()
                : view.callerName() + " (" + view.caller() + ")";
    }

    /** Records what the caller said on the call at assistant {@code extension}'s phone. */
    public ActionResult saveAnswers(String extension, String linkedId, String request, String statedSource) {
        Optional<String> dial = phones.assistant(extension);
        if (dial.isEmpty()) {
            return ActionResult.refused(
                    "no assistant phone " + extension + " (desk.phones or a line's assistants.dial)");
        }
        Optional<DeskView> call =
                calls.atAssistant(dial.get()).filter(view -> view.linkedId().equals(linkedId));
        if (call.isEmpty()) {
            return ActionResult.refused("that call is no longer at this phone");
        }
        Instant now = clock.instant();
        Map<String, String> attributes =
                Map.of("request", clean(request), "statedSource", clean(statedSource), "assistant", extension);
        sink.accept(new CallEvent(
                UUID.randomUUID(),
                linkedId,
                "desk/assistant/" + extension,
                EventType.CALLER_ANSWERS,
                null,
                now,
                Math.max(0, now.toEpochMilli() - call.get().t0Millis()),
                attributes));
        return ActionResult.done("saved");
    }

    /** Saves the answers, then blind-transfers the caller to {@code department} through AMI. */
    public CompletableFuture<ActionResult> transfer(
            String extension, String linkedId, String department, String request, String statedSource) {
        if (!departments().contains(department)) {
            return CompletableFuture.completedFuture(
                    ActionResult.refused("no transfer to '" + department + "' here; one of " + departments()));
        }
        ActionResult saved = saveAnswers(extension, linkedId, request, statedSource);
        if (!saved.ok()) {
            return CompletableFuture.completedFuture(saved);
        }
        String channel = calls.call(linkedId).map(DeskCall::channel).orElse("");
        if (channel.isEmpty()) {
            return CompletableFuture.completedFuture(
                    ActionResult.refused("the caller's channel is not known: transfer by phone"));
        }
        return pbx.redirect(channel, HANDOFF_CONTEXT, department)
                .thenApply(done -> ActionResult.done("transferred to " + department))
                .exceptionally(failed ->
                        ActionResult.refused((failed.getCause() == null ? failed : failed.getCause()).getMessage()
                                + " - transfer by phone"));
    }

    /** No control characters, at most {@link #MAX_ANSWER} characters; the page shows it with textContent. */
    static String clean(String text) {
        if (text == null) {
            return "";
        }
        String printable = LogText.withControlsAs(text, ' ').strip();
        return printable.length() <= MAX_ANSWER ? printable : printable.substring(0, MAX_ANSWER);
    }

    /** What a button did, for the page to show. */
    public record ActionResult(boolean ok, String message) {
        static ActionResult done(String message) {
            return new ActionResult(true, message);
        }

        static ActionResult refused(String message) {
            return new ActionResult(false, message);
        }
    }
}
