package io.callpath.flow;

import io.callpath.config.AfterHoursAction;
import io.callpath.config.AfterHoursConfig;
import io.callpath.config.AssistantsConfig;
import io.callpath.config.CallpathConfig;
import io.callpath.config.DepartmentConfig;
import io.callpath.config.LineConfig;
import io.callpath.config.MenuConfig;
import io.callpath.events.EventType;
import io.callpath.events.Phase;
import io.callpath.logs.LogText;
import io.callpath.logs.RateLimitedWarnings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** "incoming": the caller's whole way from arrival to a seller, an assistant, or the after-hours route. */
public final class InboundFlow implements CallFlow {

    private static final Logger log = LoggerFactory.getLogger(InboundFlow.class);
    private static final String ANY_KEY = "0123456789*#";
    /** The kit's context whose extensions are the keys that end the ringing during the greeting (Dial d, EXITCONTEXT). */
    static final String KEYS_CONTEXT = "callpath-keys";
    /**
     * The same for a caller offered a callback: the kit's context that includes {@link #KEYS_CONTEXT} and adds the
     * offer key (callback.offerKey), so that key ends the ringing too.
     */
    static final String OFFER_KEYS_CONTEXT = "callpath-keys-offer";
    /** A caller number is kept up to this length (it is a key of the repeat-caller index; real ones are < 32). */
    static final int MAX_CALLER_NUMBER = 64;
    /** A caller name is kept up to this length in the call's record. */
    static final int MAX_CALLER_NAME = 256;

    private static final RateLimitedWarnings.Kind UNKNOWN_DID = new RateLimitedWarnings.Kind(
            "calls to a DID no line has (told FAILED)", "add the DIDs to a line's dids: in callpath.yaml", true);

    private final CallpathConfig config;
    private final CallerHistory history;
    private final RateLimitedWarnings warnings = new RateLimitedWarnings(log);

    public InboundFlow(CallpathConfig config, CallerHistory history) {
        this.config = config;
        this.history = history;
    }

    @Override
    public void run(Channel channel, CallRecorder recorder) {
        CallRequest request = channel.request();
        String[] ids = channel.evaluate("${CHANNEL(linkedid)} ${CDR(start,u)}")
                .orElse("")
                .trim()
                .split(" +");
        String linkedId = ids.length > 0 && !ids[0].isEmpty() ? ids[0] : request.uniqueId();
        ArrivalTime arrival = ArrivalTime.resolve(
                ids.length > 1 ? ids[1] : null,
                "cdr",
                linkedId,
                recorder.clock().sessionStart());
        recorder.identify(linkedId, arrival.t0());
        MDC.put("call", linkedId);

        List<String> didCandidates = didCandidates(request);
        Optional<LineConfig> found = findLine(request, didCandidates);
        if (found.isEmpty()) {
            String did = didCandidates.isEmpty() ? "" : didCandidates.get(0);
            String shownDid = LogText.printable(did, 80);
            warnings.warn(
                    UNKNOWN_DID,
                    shownDid,
                    () -> "call " + linkedId + ": no line has DID '" + shownDid
                            + "' (tried " + LogText.printable(didCandidates.toString(), 80)
                            + "); add it to a line's dids: in callpath.yaml or pass "
                            + "?line=NAME in the AGI URL. The dialplan falls back to the assistants.");
            recordMisroutedArrival(recorder, request, did, arrival);
            recorder.record(EventType.FAILED, Map.of("reason", "unknown_did", "did", did));
            recorder.finish("failed unknown_did");
            channel.setVariable("CALLPATH_STATUS", "FAILED");
            return;
        }
        LineConfig line = found.get();
        // Started before two SET VARIABLEs and ANSWER (~500 ms on real Asterisk): by the time the route needs it, it is
        // there.
        String caller = cut(request.callerId(), MAX_CALLER_NUMBER);
        CompletableFuture<Optional<CallerHistory.PreviousCall>> previousCall = knownNumber(caller)
                        && config.repeatCallers().enabled()
                ? history.lookupAsync(caller, linkedId, config.repeatCallers().window())
                : CompletableFuture.completedFuture(Optional.empty());
        String did = didCandidates.stream()
                .filter(line.dids()::contains)
                .findFirst()
                .orElse(line.dids().isEmpty() ? "" : line.dids().get(0));
        channel.setVariable("CALLPATH_T0", arrival.epochText());
        channel.setVariable("CALLPATH_LINE", line.name());

        CallContext call = new CallContext(
                linkedId, arrival.epochText(), line.name(), request.language(), line.ringingMusicClass());
        try {
            channel.answer();
        } catch (RuntimeException answerFailed) {
            // The caller is gone (or the channel broke): still say who arrived, with what the lookup knows by now.
            recordArrival(recorder, request, line, did, arrival, previousCall.getNow(Optional.empty()));
            throw answerFailed;
        }
        Optional<CallerHistory.PreviousCall> previous = await(previousCall);
        recordArrival(recorder, request, line, did, arrival, previous);
        if (knownNumber(caller)) {
            history.remember(caller, linkedId, null, null, arrival.t0());
        }

        if (!new BusinessHours(recorder.clock().wallClock()).isOpen(line.hours())) {
            afterHours(channel, recorder, line.afterHours());
            channel.setVariable("CALLPATH_STATUS", "DONE");
            return;
        }
        Optional<String> lastSeller = previous.flatMap(CallerHistory.PreviousCall::seller);
        CallbackOffer offer = CallbackOffer.forCaller(line, caller);
        if (lastSeller.isEmpty() && line.ringingGreetingClass() != null) {
            ringDuringGreeting(channel, recorder, call, line, offer);
            channel.setVariable("CALLPATH_STATUS", "DONE");
            return;
        }
        Route route = lastSeller.isPresent()
                ? new Route.Department(departmentOf(previous.get(), line), "", "repeat_caller")
                : line.promoWhileRinging()
                        ? GreetingMenu.ask(channel, recorder, line, offer)
                        : informerThenMenu(channel, recorder, line, previous.isPresent(), offer);
        recordRoute(channel, recorder, route);
        if (route instanceof Route.Callback) {
            offer.queue(channel, recorder);
        } else if (route instanceof Route.Department department) {
            SellerDialer.ring(channel, recorder, call, requireDepartment(department.name()), lastSeller);
        } else {
            assistantsThenSellers(channel, recorder, call, line);
        }
        channel.setVariable("CALLPATH_STATUS", "DONE");
    }

    private static void recordArrival(
            CallRecorder recorder,
            CallRequest request,
            LineConfig line,
            String did,
            ArrivalTime arrival,
            Optional<CallerHistory.PreviousCall> previous) {
        Map<String, String> arrived = new HashMap<>();
        arrived.put("line", line.name());
        arrived.put("did", did);
        arrived.put("campaign", line.campaign());
        arrived.put("source", line.source());
        arrived.put("caller", cut(request.callerId(), MAX_CALLER_NUMBER));
        arrived.put("callerName", cut(request.callerName(), MAX_CALLER_NAME));
        if (request.callerId().length() > MAX_CALLER_NUMBER
                || request.callerName().length() > MAX_CALLER_NAME) {
            arrived.put("callerCut", "true");
        }
        arrived.put("language", request.language());
        arrived.put("repeat", Boolean.toString(previous.isPresent()));
        arrived.put("t0Source", arrival.source());
        arrived.put("t0", arrival.epochText());
        // the caller's channel, for a desk's transfer button (an AMI Redirect of this channel)
        arrived.put("channel", request.channelName());
        previous.flatMap(CallerHistory.PreviousCall::seller).ifPresent(seller -> arrived.put("lastSeller", seller));
        previous.map(CallerHistory.PreviousCall::lastCallAt).ifPresent(at -> arrived.put("lastCallAt", at.toString()));
        recorder.record(EventType.CALL_ARRIVED, arrived);
    }

    /** A call no line takes still says which number was dialled and by whom; the dialplan's fallback takes it. */
    private static void recordMisroutedArrival(
            CallRecorder recorder, CallRequest request, String did, ArrivalTime arrival) {
        Map<String, String> arrived = new HashMap<>();
        arrived.put("did", did);
        arrived.put("caller", request.callerId());
        arrived.put("callerName", request.callerName());
        arrived.put("language", request.language());
        arrived.put("repeat", "false");
        arrived.put("t0Source", arrival.source());
        arrived.put("t0", arrival.epochText());
        recorder.record(EventType.CALL_ARRIVED, arrived);
        recorder.record(EventType.ROUTE_CHOSEN, Map.of("route", "fallback", "digit", "", "reason", "unknown_did"));
    }

    /** The lookup's answer, waiting at most database.lookupTimeout more: a late answer means a new caller. */
    private Optional<CallerHistory.PreviousCall> await(
            CompletableFuture<Optional<CallerHistory.PreviousCall>> previousCall) {
        Duration limit = config.database().lookupTimeout();
        try {
            return previousCall.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException late) {
            log.debug("repeat-caller lookup not answered within {} ms: a new caller", limit.toMillis());
        } catch (ExecutionException failed) {
            log.debug(
                    "repeat-caller lookup failed: {}; a new caller",
                    failed.getCause().toString());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    private static List<String> didCandidates(CallRequest request) {
        List<String> candidates = new ArrayList<>();
        request.argument(1).ifPresent(candidates::add);
        for (String value : new String[] {request.dnid(), request.extension()}) {
            if (value != null && !value.isEmpty() && !value.equals("unknown") && !candidates.contains(value)) {
                candidates.add(value);
            }
        }
        return candidates;
    }

    private Optional<LineConfig> findLine(CallRequest request, List<String> didCandidates) {
        Optional<String> named = request.parameter("line");
        if (named.isPresent()) {
            return config.lineNamed(named.get());
        }
        return didCandidates.stream()
                .map(config::lineForDid)
                .flatMap(Optional::stream)
                .findFirst();
    }

    /** At most {@code max} characters, never ending in half a surrogate pair. */
    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end);
    }

    private static boolean knownNumber(String caller) {
        return caller != null && !caller.isBlank() && !caller.equals("unknown");
    }

    private void afterHours(Channel channel, CallRecorder recorder, AfterHoursConfig afterHours) {
        recordRoute(channel, recorder, "after_hours", "", "closed");
        boolean voicemail = afterHours.action() == AfterHoursAction.VOICEMAIL && afterHours.voicemail() != null;
        recorder.record(EventType.NO_SELLER, Map.of("reason", voicemail ? "voicemail" : "after_hours"));
        recorder.finish(voicemail ? "no_seller voicemail" : "no_seller after_hours");
        PromptPlayer.play(channel, afterHours.prompt(), "", PromptPlayer.NOTICE_LIMIT);
        if (voicemail) {
            channel.exec("Dial", DialCommand.plain(afterHours.voicemail()));
        }
    }

    /**
     * informer.greetingClass: the default department rings from the first second while the caller hears the greeting
     * and then the promo (the greeting class); a key of the kit's [callpath-keys] (0, another department's key) ends
     * that ringing and is the menu choice. Other keys are ignored by Dial: the phones that ring go on ringing.
     * A caller offered a callback dials with [callpath-keys-offer] (the same keys and the offer key, which ends the
     * call with a callback queued at any time); when the offer falls due the ringing pauses for it.
     */
    private void ringDuringGreeting(
            Channel channel, CallRecorder recorder, CallContext call, LineConfig line, CallbackOffer offer) {
        // arrival to the first ring: answering and setting up the call
        recorder.enter(Phase.MENU);
        String keysContext = offer.available() ? OFFER_KEYS_CONTEXT : KEYS_CONTEXT;
        channel.setVariable("EXITCONTEXT", keysContext);
        recordRoute(channel, recorder, line.defaultDepartment(), "", "default_ringing");
        String exitKeys = line.keysLeavingDefaultDepartment().stream()
                .map(String::valueOf)
                .collect(java.util.stream.Collectors.joining());
        Optional<Character> key = SellerDialer.ringUntilKey(
                channel,
                recorder,
                call.withGreeting(line.ringingGreetingClass(), keysContext, exitKeys),
                requireDepartment(line.defaultDepartment()),
                offer);
        if (key.isEmpty()) {
            return;
        }
        if (offer.accepts(key.get())) {
            recordRoute(channel, recorder, new Route.Callback(String.valueOf(key.get())));
            offer.queue(channel, recorder);
            return;
        }
        Route route = GreetingMenu.routeFor(line, key.get());
        recordRoute(channel, recorder, route);
        if (route instanceof Route.Department department) {
            SellerDialer.ring(channel, recorder, call, requireDepartment(department.name()), Optional.empty());
        } else {
            assistantsThenSellers(channel, recorder, call, line);
        }
    }

    /**
     * Mode before: informer (unless a repeat caller) then menu; a key pressed during the informer is the menu choice.
     * A line that offers callbacks cuts the informer when the offer falls due, plays the offer and goes on to the menu.
     */
    private Route informerThenMenu(
            Channel channel, CallRecorder recorder, LineConfig line, boolean repeatCaller, CallbackOffer offer) {
        if (line.informer() != null && !repeatCaller) {
            recorder.enter(Phase.INFORMER);
            String escapeDigits = offer.withOfferKey(line.informer().interruptible() ? ANY_KEY : "");
            Duration budget = offer.cap(line.informer().budget(), recorder);
            Playback promo = budget.isZero()
                    ? Playback.playedOut()
                    : PromptPlayer.play(channel, line.informer().prompt(), escapeDigits, budget);
            Optional<Character> pressed = promo.pressed().or(() -> offer.offerIfDue(channel, recorder, ANY_KEY));
            if (pressed.isPresent()) {
                Optional<Route> route = routeFor(line.menu(), offer, pressed.get());
                if (route.isPresent()) {
                    return route.get();
                }
                recorder.enter(Phase.MENU);
                PromptPlayer.play(channel, line.menu().invalidPrompt(), "", PromptPlayer.NOTICE_LIMIT);
                return menu(channel, recorder, line.menu(), offer);
            }
        }
        recorder.enter(Phase.MENU);
        return menu(channel, recorder, line.menu(), offer);
    }

    private static Route menu(Channel channel, CallRecorder recorder, MenuConfig menu, CallbackOffer offer) {
        int attempts = menu.retries() + 1;
        Character lastInvalid = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            Optional<Character> key = offer.offerIfDue(channel, recorder, ANY_KEY)
                    .or(() -> PromptPlayer.readDigit(channel, menu.prompt(), menu.timeout()));
            if (key.isPresent()) {
                Optional<Route> route = routeFor(menu, offer, key.get());
                if (route.isPresent()) {
                    return route.get();
                }
                lastInvalid = key.get();
            } else {
                lastInvalid = null;
            }
            if (attempt < attempts) {
                PromptPlayer.play(
                        channel,
                        key.isPresent() ? menu.invalidPrompt() : menu.noInputPrompt(),
                        "",
                        PromptPlayer.NOTICE_LIMIT);
            }
        }
        return lastInvalid == null
                ? new Route.Assistants("", "no_input")
                : new Route.Assistants(String.valueOf(lastInvalid), "invalid");
    }

    private static Optional<Route> routeFor(MenuConfig menu, CallbackOffer offer, char key) {
        if (offer.accepts(key)) {
            return Optional.of(new Route.Callback(String.valueOf(key)));
        }
        if (key == '0') {
            return Optional.of(new Route.Assistants("0", "zero"));
        }
        return menu.departmentFor(key).map(name -> new Route.Department(name, String.valueOf(key), "menu"));
    }

    /** Records ROUTE_CHOSEN and tells the dialplan (CALLPATH_ROUTE). */
    private void recordRoute(Channel channel, CallRecorder recorder, Route route) {
        if (route instanceof Route.Department department) {
            recordRoute(channel, recorder, department.name(), department.digit(), department.reason());
        } else if (route instanceof Route.Assistants assistants) {
            recordRoute(channel, recorder, "assistant", assistants.digit(), assistants.reason());
        } else if (route instanceof Route.Callback callback) {
            recordRoute(channel, recorder, "callback", callback.digit(), "offered");
        }
    }

    private static void recordRoute(Channel channel, CallRecorder recorder, String route, String digit, String reason) {
        recorder.record(EventType.ROUTE_CHOSEN, Map.of("route", route, "digit", digit, "reason", reason));
        channel.setVariable("CALLPATH_ROUTE", route);
    }

    /** Rings the assistant group; busy or slow assistants never block idle sellers: overflow goes straight to them. */
    private void assistantsThenSellers(Channel channel, CallRecorder recorder, CallContext call, LineConfig line) {
        AssistantsConfig assistants = line.assistants();
        String overflow = line.effectiveOverflowDepartment();
        if (assistants != null) {
            recorder.enter(Phase.ASSISTANT_RINGING, Map.of("phones", String.join("&", assistants.dial())));
            String status;
            try {
                RingingPromo.starting(recorder, call);
                channel.exec(
                        "Dial",
                        DialCommand.withAnswerGosub(
                                assistants.dial(),
                                assistants.answerTimeout(),
                                call.linkedId(),
                                "assistant",
                                call.lineName(),
                                "",
                                call.t0(),
                                call.musicClass()));
                status = SellerDialer.dialStatus(channel);
            } catch (CallerHungUpException hungUp) {
                // An assistant's blind transfer also ends this session; the hand-off session carries the call on.
                if (SellerDialer.dialStatusAfterHangUp(channel).equals("ANSWER")) {
                    recorder.finish("assistant_answered");
                }
                throw hungUp;
            }
            if (status.equals("ANSWER")) {
                recorder.finish("assistant_answered");
                return;
            }
            RingingPromo.stopped(recorder, call, status);
            recordRoute(channel, recorder, overflow, "", "assistants_" + status.toLowerCase(java.util.Locale.ROOT));
        } else {
            recordRoute(channel, recorder, overflow, "", "no_assistants");
        }
        SellerDialer.ring(channel, recorder, call, requireDepartment(overflow), Optional.empty());
    }

    /** The department of the caller's previous call when it still lists their seller, else the first that does. */
    private String departmentOf(CallerHistory.PreviousCall previous, LineConfig line) {
        String seller = previous.lastSeller();
        Optional<String> previousDepartment = previous.department()
                .filter(name -> config.department(name)
                        .map(d -> d.sellers().contains(seller))
                        .orElse(false));
        return previousDepartment.orElseGet(() -> departmentOf(seller, line));
    }

    private String departmentOf(String seller, LineConfig line) {
        return config.departments().values().stream()
                .filter(department -> department.sellers().contains(seller))
                .map(DepartmentConfig::name)
                .findFirst()
                .orElse(line.effectiveOverflowDepartment());
    }

    private DepartmentConfig requireDepartment(String name) {
        return config.department(name)
                .orElseThrow(() -> new IllegalStateException(
                        "department '" + name + "' is not configured; check-config should have refused this file"));
    }
}
