package io.callpath.tune;

import io.callpath.config.LineConfig;
import io.callpath.events.CallEvent;
import io.callpath.events.EventType;
import io.callpath.events.Phase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When callers pressed a key and which, read from the events of first-time callers (repeat callers skip the promo):
 * a key in the promo is a ROUTE_CHOSEN before any other phase, or a menu that started before the promo's budget ran
 * out (an invalid key); a key in the menu's first try is a ROUTE_CHOSEN within the menu prompt plus its timeout.
 * Waits without a key are censored where they ended: the promo ran out, the first try ended, the caller hung up.
 */
final class KeyObservations {

    /** A menu that starts this much before the budget ran out was started by a key, not by the budget. */
    private static final long BUDGET_SLACK_MILLIS = 250;

    final List<Observation> promo = new ArrayList<>();
    final List<Observation> menu = new ArrayList<>();
    final Map<Character, Integer> digits = new LinkedHashMap<>();
    int retryPresses;
    /** When the menu started, from t0, summed over the calls that reached it without a promo key. */
    long menuStartTotal;

    int menuStarts;

    private final LineConfig line;
    private final long firstTryMillis;
    private final char invalidKey;

    /** @param menuPrompt how long the menu prompt plays (the first try lasts that plus the menu timeout) */
    KeyObservations(LineConfig line, Duration menuPrompt) {
        this.line = line;
        this.firstTryMillis = menuPrompt.plus(line.menu().timeout()).toMillis();
        this.invalidKey = invalidKey(line);
    }

    void add(RecordedCall call) {
        if (call.summary().repeatCaller()) {
            return;
        }
        Optional<CallEvent> route = call.first(EventType.ROUTE_CHOSEN);
        Optional<Long> informer = call.phaseStart(Phase.INFORMER);
        boolean pressedInPromo = false;
        if (informer.isPresent() && line.informer() != null) {
            Optional<CallEvent> next = call.nextPhase(informer.get());
            long promoEnd = next.map(CallEvent::offsetMillis).orElse(call.waitedMillis());
            if (route.isPresent() && route.get().offsetMillis() <= promoEnd && keyRoute(route.get())) {
                promo.add(Observation.event(route.get().offsetMillis()));
                count(route.get().attribute("digit"));
                pressedInPromo = true;
            } else if (next.isPresent()
                    && next.get().phase() == Phase.MENU
                    && next.get().offsetMillis() - informer.get()
                            < line.informer().budget().toMillis() - BUDGET_SLACK_MILLIS) {
                promo.add(Observation.event(next.get().offsetMillis()));
                digits.merge(invalidKey, 1, Integer::sum);
                pressedInPromo = true;
            } else {
                promo.add(Observation.censored(promoEnd));
            }
        }
        Optional<Long> menuStart = call.phaseStart(Phase.MENU);
        if (pressedInPromo || menuStart.isEmpty()) {
            return;
        }
        long start = menuStart.get();
        menuStartTotal += start;
        menuStarts++;
        if (route.isPresent() && route.get().offsetMillis() >= start) {
            long into = route.get().offsetMillis() - start;
            String reason = route.get().attribute("reason");
            if (keyRoute(route.get()) && into <= firstTryMillis) {
                menu.add(Observation.event(into));
                count(route.get().attribute("digit"));
            } else {
                if (keyRoute(route.get()) || "invalid".equals(reason)) {
                    retryPresses += keyRoute(route.get()) ? 1 : 0;
                    count(route.get().attribute("digit"));
                }
                menu.add(Observation.censored(Math.min(into, firstTryMillis)));
            }
        } else {
            menu.add(Observation.censored(Math.max(0, Math.min(call.waitedMillis() - start, firstTryMillis))));
        }
    }

    private static boolean keyRoute(CallEvent route) {
        String reason = route.attribute("reason");
        // default_invalid: a while-ringing greeting sent a key the menu lacks to the default department
        return "menu".equals(reason) || "zero".equals(reason) || "default_invalid".equals(reason);
    }

    private void count(String digit) {
        if (digit != null && digit.length() == 1) {
            digits.merge(digit.charAt(0), 1, Integer::sum);
        }
    }

    /** The menu's first try lasts this long. */
    long firstTryMillis() {
        return firstTryMillis;
    }

    /** The mean start of the menu from t0, or 0 when no call reached it. */
    long meanMenuStart() {
        return menuStarts == 0 ? 0 : menuStartTotal / menuStarts;
    }

    /** A key the menu does not have, standing for an invalid key whose digit was not recorded. */
    private static char invalidKey(LineConfig line) {
        for (char key : "9876543*#".toCharArray()) {
            if (line.menu().departmentFor(key).isEmpty()) {
                return key;
            }
        }
        return '#';
    }
}
