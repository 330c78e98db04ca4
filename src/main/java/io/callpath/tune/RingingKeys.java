package io.callpath.tune;

import io.callpath.config.LineConfig;
import io.callpath.events.CallEvent;
import io.callpath.events.EventType;
import io.callpath.events.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Keys seen on a line that rings its default department during the greeting (informer.greetingClass): the call's
 * first route is {@code default_ringing}, and only a key of the kit's {@code [callpath-keys]} (0 and the keys of the
 * other departments) ends that ringing, recorded as a second ROUTE_CHOSEN at any moment of it. Such a key is an event
 * at its offset from arrival; every other call is censored where its wait for one ended (the first seller's answer, a
 * hang-up, the ringing ran out), because 1, an invalid key and no key look alike there.
 */
final class RingingKeys {

    final List<Observation> fromArrival = new ArrayList<>();
    final Map<Character, Integer> digits = new TreeMap<>();

    private final Set<Character> seen;
    private long ringStartTotal;
    private int ringings;

    RingingKeys(LineConfig line) {
        this.seen = line.keysLeavingDefaultDepartment();
    }

    void add(RecordedCall call) {
        List<CallEvent> routes = call.all(EventType.ROUTE_CHOSEN);
        if (routes.isEmpty() || !"default_ringing".equals(routes.get(0).attribute("reason"))) {
            return;
        }
        Optional<Long> ringStart = call.phaseStart(Phase.MENU);
        ringStartTotal += ringStart.orElse(routes.get(0).offsetMillis());
        ringings++;
        Optional<Character> key = routes.size() > 1 ? digit(routes.get(1)) : Optional.empty();
        if (key.isPresent() && seen.contains(key.get())) {
            fromArrival.add(Observation.event(routes.get(1).offsetMillis()));
            digits.merge(key.get(), 1, Integer::sum);
        } else {
            // keys end the ringing only while no phone has answered: the wait for one ends at the first answer
            long answered = call.first(EventType.SELLER_ANSWERED)
                    .map(CallEvent::offsetMillis)
                    .orElse(call.waitedMillis());
            fromArrival.add(Observation.censored(Math.min(answered, call.waitedMillis())));
        }
    }

    /** The keys that end the ringing: 0 and the other departments' keys. */
    Set<Character> seen() {
        return seen;
    }

    /** When the ringing started, from arrival, on average (answering and setting up the call); 0 without calls. */
    long meanRingStart() {
        return ringings == 0 ? 0 : ringStartTotal / ringings;
    }

    private static Optional<Character> digit(CallEvent route) {
        String digit = route.attribute("digit");
        return digit != null && digit.length() == 1 ? Optional.of(digit.charAt(0)) : Optional.empty();
    }
}
