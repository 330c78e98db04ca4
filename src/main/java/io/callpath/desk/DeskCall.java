package io.callpath.desk;

import io.callpath.events.CallEvent;
import io.callpath.events.Phase;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One call as the desks see it, folded from the flow's events as they happen: who, which line, which phones ring
 * or answered, what the caller told the assistant. Guarded by its own monitor (events come from many sessions).
 */
final class DeskCall {

    private final String linkedId;
    private Instant t0;
    private String channel = "";
    private String caller = "";
    private String callerName = "";
    private String line = "";
    private String campaign = "";
    private String lineSource = "";
    private String language = "en";
    private boolean repeat;
    private String lastSeller = "";
    private String lastCallAt = "";
    private String route = "";
    private String digit = "";
    private String department = "";
    private Phase phase;
    private final Set<String> assistantsRinging = new LinkedHashSet<>();
    private final Set<String> sellersRinging = new LinkedHashSet<>();
    private String assistant = "";
    private String seller = "";
    private boolean sellerConnected;
    private boolean transferred;
    private boolean ended;
    private Instant endedAt;
    private String request = "";
    private String statedSource = "";
    private String answeredBy = "";

    DeskCall(String linkedId) {
        this.linkedId = linkedId;
    }

    synchronized void apply(CallEvent event) {
        if (t0 == null) {
            t0 = event.wallTime().minusMillis(event.offsetMillis());
        }
        switch (event.type()) {
            case CALL_ARRIVED -> {
                t0 = event.wallTime().minusMillis(event.offsetMillis());
                channel = text(event, "channel");
                caller = text(event, "caller");
                callerName = text(event, "callerName");
                line = text(event, "line");
                campaign = text(event, "campaign");
                lineSource = text(event, "source");
                language = text(event, "language").isEmpty() ? "en" : text(event, "language");
                repeat = "true".equals(event.attribute("repeat"));
                lastSeller = text(event, "lastSeller");
                lastCallAt = text(event, "lastCallAt");
            }
            case ROUTE_CHOSEN -> {
                route = text(event, "route");
                digit = text(event, "digit");
                if (!route.equals("assistant") && !route.equals("after_hours") && !route.equals("fallback")) {
                    department = route;
                    assistantsRinging.clear();
                }
            }
            case PHASE_STARTED -> {
                phase = event.phase();
                if (event.phase() == Phase.ASSISTANT_RINGING) {
                    assistantsRinging.addAll(phones(event));
                } else if (event.phase() == Phase.SELLER_RINGING) {
                    assistantsRinging.clear();
                    sellersRinging.clear();
                    sellersRinging.addAll(phones(event));
                    if (!text(event, "department").isEmpty()) {
                        department = text(event, "department");
                    }
                }
            }
            case ASSISTANT_ANSWERED -> {
                assistantsRinging.clear();
                assistant = text(event, "assistant");
            }
            case TRANSFERRED -> {
                transferred = true;
                department = text(event, "department");
            }
            case SELLER_ANSWERED -> {
                sellersRinging.remove(text(event, "seller"));
                seller = text(event, "seller");
            }
            case SELLER_MISSED, SELLER_DECLINED -> {
                sellersRinging.remove(text(event, "seller"));
                if (seller.equals(text(event, "seller"))) {
                    seller = "";
                }
            }
            case SELLER_CONNECTED -> {
                seller = text(event, "seller");
                sellerConnected = true;
                sellersRinging.clear();
            }
            case CALLER_ANSWERS -> {
                request = text(event, "request");
                statedSource = text(event, "statedSource");
                answeredBy = text(event, "assistant");
            }
            case CALL_ENDED -> {
                ended = true;
                endedAt = event.wallTime();
                assistantsRinging.clear();
                sellersRinging.clear();
            }
            default -> {
                // NO_SELLER, CALLER_HUNG_UP, FAILED: the hang-up handler's CALL_ENDED closes the call
            }
        }
    }

    /** What an assistant's phone {@code dial} has to do with this call, or null when nothing (any more). */
    synchronized DeskView.PhoneState assistantState(String dial) {
        if (ended) {
            return null;
        }
        if (assistantsRinging.contains(dial)) {
            return DeskView.PhoneState.RINGING;
        }
        if (assistant.equals(dial) && !transferred) {
            return DeskView.PhoneState.ANSWERED;
        }
        return null;
    }

    /** What a seller's phone {@code dial} has to do with this call, or null. */
    synchronized DeskView.PhoneState sellerState(String dial) {
        if (ended) {
            return null;
        }
        if (sellersRinging.contains(dial)) {
            return DeskView.PhoneState.RINGING;
        }
        if (seller.equals(dial)) {
            return sellerConnected ? DeskView.PhoneState.CONNECTED : DeskView.PhoneState.ANSWERED;
        }
        return null;
    }

    synchronized boolean endedBefore(Instant limit) {
        return ended && endedAt.isBefore(limit);
    }

    synchronized Instant t0() {
        return t0;
    }

    synchronized String channel() {
        return channel;
    }

    synchronized DeskView view(DeskView.PhoneState state) {
        return new DeskView(
                linkedId,
                state,
                t0 == null ? 0 : t0.toEpochMilli(),
                caller,
                callerName,
                line,
                campaign,
                lineSource,
                language,
                repeat,
                lastSeller,
                lastCallAt,
                route,
                digit,
                department,
                phase == null ? "" : phase.key(),
                assistant,
                request,
                statedSource,
                answeredBy);
    }

    private static Set<String> phones(CallEvent event) {
        Set<String> phones = new LinkedHashSet<>();
        for (String phone : text(event, "phones").split("&")) {
            if (!phone.isBlank()) {
                phones.add(phone);
            }
        }
        return phones;
    }

    private static String text(CallEvent event, String name) {
        String value = event.attribute(name);
        return value == null ? "" : value;
    }
}
