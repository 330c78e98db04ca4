package io.callpath.tune;

import io.callpath.config.CallpathConfig;
import io.callpath.config.DepartmentConfig;
import io.callpath.config.DialStrategy;
import io.callpath.config.LineConfig;
import io.callpath.events.CallEvent;
import io.callpath.events.EventType;
import io.callpath.events.Phase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * How long phones rang before they answered, from each SELLER_RINGING and ASSISTANT_RINGING stretch of the events:
 * the phone that answered gives an answer time, every other phone rung in that stretch is censored where the
 * stretch ended (another phone answered, the ring timeout, the caller hung up). Which phones a stretch rang comes
 * from the events where they name one, otherwise from the department's sellers in the config.
 */
final class RingObservations {

    final List<Observation> sellerAnswers = new ArrayList<>();
    final List<Observation> assistantAnswers = new ArrayList<>();
    final List<Long> assistantTalks = new ArrayList<>();
    final Map<String, Integer> transferTargets = new LinkedHashMap<>();
    int sellerAccepted;
    int sellerDeclined;
    int assistantDials;
    int assistantAllBusy;
    private final Map<String, AgentAnswers.Tally> agents = new LinkedHashMap<>();
    private final CallpathConfig config;
    private final LineConfig line;

    RingObservations(CallpathConfig config, LineConfig line) {
        this.config = config;
        this.line = line;
    }

    void add(RecordedCall call) {
        List<String> rungInCall = new ArrayList<>();
        Set<UUID> consumed = new HashSet<>();
        Set<String> declinedInCall = new HashSet<>();
        String department = line.effectiveOverflowDepartment();
        for (CallEvent event : call.events()) {
            if (event.type() == EventType.ROUTE_CHOSEN
                    && config.department(event.attribute("route")).isPresent()) {
                department = event.attribute("route");
            } else if (event.type() == EventType.TRANSFERRED) {
                department = event.attribute("department");
                transferTargets.merge(department, 1, Integer::sum);
            } else if (event.type() == EventType.PHASE_STARTED && event.phase() == Phase.SELLER_RINGING) {
                config.department(department)
                        .ifPresent(d ->
                                sellerStretch(call, event.offsetMillis(), d, rungInCall, consumed, declinedInCall));
            } else if (event.type() == EventType.PHASE_STARTED && event.phase() == Phase.ASSISTANT_RINGING) {
                assistantStretch(call, event.offsetMillis());
            }
        }
        if (call.summary().transfers() > 0) {
            Long talk = call.summary().phaseMillis().get(Phase.ASSISTANT_TALKING);
            if (talk != null && talk > 0) {
                assistantTalks.add(talk);
            }
        }
    }

    List<AgentAnswers> agents() {
        return agents.values().stream()
                .map(AgentAnswers.Tally::result)
                .sorted(java.util.Comparator.comparing(AgentAnswers::role)
                        .reversed()
                        .thenComparing(AgentAnswers::agent))
                .toList();
    }

    private long stretchEnd(RecordedCall call, long start) {
        return call.nextPhase(start).map(CallEvent::offsetMillis).orElse(call.waitedMillis());
    }

    /**
     * One Dial of sellers. Events of the Dial before may carry this Dial's start time too (simulated time does not move
     * while the server decides), so each event counts for one stretch only, and a sequential stretch rings one seller.
     */
    private void sellerStretch(
            RecordedCall call,
            long start,
            DepartmentConfig department,
            List<String> rungInCall,
            Set<UUID> consumed,
            Set<String> declinedInCall) {
        long end = stretchEnd(call, start);
        List<CallEvent> unclaimed = call.between(start, end + 1).stream()
                .filter(e -> !consumed.contains(e.eventId()))
                .toList();
        Optional<CallEvent> answered = unclaimed.stream()
                .filter(e -> e.type() == EventType.SELLER_ANSWERED)
                .findFirst();
        List<String> rung = new ArrayList<>();
        if (department.strategy() == DialStrategy.RINGALL) {
            // after a decline callpath rings the others again, without the seller who declined
            department.sellers().stream()
                    .filter(seller -> !declinedInCall.contains(seller))
                    .forEach(rung::add);
        } else {
            answered.map(e -> e.attribute("seller"))
                    .or(() -> unclaimed.stream()
                            .filter(e -> e.type() == EventType.SELLER_MISSED)
                            .map(e -> e.attribute("seller"))
                            .findFirst())
                    .or(() -> department.sellers().stream()
                            .filter(s -> !rungInCall.contains(s))
                            .findFirst())
                    .or(() -> department.sellers().stream().findFirst())
                    .ifPresent(rung::add);
        }
        List<CallEvent> stretch = unclaimed.stream()
                .filter(e -> e.attribute("seller") == null || rung.contains(e.attribute("seller")))
                .toList();
        stretch.stream().filter(e -> e.attribute("seller") != null).forEach(e -> consumed.add(e.eventId()));
        List<CallEvent> missed = stretch.stream()
                .filter(e -> e.type() == EventType.SELLER_MISSED)
                .toList();
        rungInCall.addAll(rung);
        String winner = answered.map(e -> e.attribute("seller")).orElse("");
        boolean declined = stretch.stream()
                .anyMatch(e -> e.type() == EventType.SELLER_DECLINED && !"hung_up".equals(e.attribute("reason")));
        for (String seller : rung) {
            AgentAnswers.Tally tally =
                    agents.computeIfAbsent("seller " + seller, key -> new AgentAnswers.Tally("seller", seller));
            Observation observation;
            if (seller.equals(winner)) {
                observation = Observation.event(answered.get().offsetMillis() - start);
                if (declined) {
                    tally.declined++;
                    declinedInCall.add(seller);
                }
            } else if (answered.isPresent()) {
                observation = Observation.censored(answered.get().offsetMillis() - start);
            } else {
                boolean rangOut = missed.stream().anyMatch(e -> seller.equals(e.attribute("seller")));
                if (rangOut) {
                    tally.missed++;
                }
                // busy and unreachable phones count as phones that do not answer within the ring timeout
                observation =
                        Observation.censored(rangOut ? department.ringTimeout().toMillis() : Math.max(0, end - start));
            }
            tally.answers.add(observation);
            sellerAnswers.add(observation);
        }
        if (answered.isPresent() && department.acceptDigit().isPresent()) {
            if (declined) {
                sellerDeclined++;
            } else if (stretch.stream().anyMatch(e -> e.type() == EventType.SELLER_CONNECTED)) {
                sellerAccepted++;
            }
        }
    }

    private void assistantStretch(RecordedCall call, long start) {
        if (line.assistants() == null) {
            return;
        }
        long end = stretchEnd(call, start);
        List<CallEvent> stretch = call.between(start, end + 1);
        Optional<CallEvent> answered = stretch.stream()
                .filter(e -> e.type() == EventType.ASSISTANT_ANSWERED)
                .findFirst();
        Optional<String> status = stretch.stream()
                .filter(e -> e.type() == EventType.ROUTE_CHOSEN)
                .map(e -> e.attribute("reason"))
                .filter(r -> r != null && r.startsWith("assistants_"))
                .map(r -> r.substring("assistants_".length()))
                .findFirst();
        // every stretch counts: busy phones answer Dial at once, so a caller who hung up while it rang did not find
        // them busy
        assistantDials++;
        boolean busy = status.map(s -> s.equals("busy")).orElse(false);
        if (busy) {
            assistantAllBusy++;
        }
        String winner = answered.map(e -> e.attribute("assistant")).orElse("");
        for (String assistant : line.assistants().dial()) {
            AgentAnswers.Tally tally = agents.computeIfAbsent(
                    "assistant " + assistant, key -> new AgentAnswers.Tally("assistant", assistant));
            if (busy) {
                tally.missed++;
                continue;
            }
            Observation observation;
            if (assistant.equals(winner)) {
                observation = Observation.event(answered.get().offsetMillis() - start);
            } else if (answered.isPresent()) {
                observation = Observation.censored(answered.get().offsetMillis() - start);
            } else {
                if (status.isPresent()) {
                    tally.missed++;
                }
                observation = Observation.censored(Math.max(0, end - start));
            }
            tally.answers.add(observation);
            assistantAnswers.add(observation);
        }
    }
}
