package io.callpath.tune;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.callpath.config.CallpathConfig;
import io.callpath.config.LineConfig;
import io.callpath.events.Outcome;
import io.callpath.events.Phase;
import io.callpath.sim.CallerModel;
import io.callpath.sim.CallerModelReader;
import io.callpath.sim.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Fits the simulator's caller model to a line's recorded calls. Every wait that was cut off before the thing
 * happened is censored, not dropped (Kaplan–Meier): callers who reached a seller were patient at least that long,
 * phones the ring timeout cut off might have answered later. A value with too few observations keeps the base
 * model's value and is flagged thin.
 */
public final class ModelFitter {

    private final CallpathConfig config;
    private final LineConfig line;
    private final CallerModel base;
    private final FitLimits limits;

    /**
     * @param config the configuration the calls were recorded under
     * @param line   the line whose calls are fitted
     * @param base   the model whose values stand where the data says nothing (prompt lengths, thin values)
     */
    public ModelFitter(CallpathConfig config, LineConfig line, CallerModel base, FitLimits limits) {
        this.config = config;
        this.line = line;
        this.base = base;
        this.limits = limits;
    }

    /** Calls a fit can use: this line's finished calls in business hours that we did not fail. */
    public static boolean usable(RecordedCall call, LineConfig line) {
        return line.name().equals(call.summary().line())
                && call.summary().outcome() != null
                && call.summary().outcome() != Outcome.FAILED
                && !"after_hours".equals(call.summary().route());
    }

    public ModelFit fit(List<RecordedCall> recorded) {
        List<RecordedCall> calls =
                recorded.stream().filter(call -> usable(call, line)).toList();
        Duration menuPrompt = base.prompts().getOrDefault(line.menu().prompt().defaultName(), Duration.ZERO);
        KeyObservations keys = new KeyObservations(line, menuPrompt);
        RingObservations rings = new RingObservations(config, line);
        RingingKeys ringingKeys = new RingingKeys(line);
        List<Observation> patience = new ArrayList<>();
        List<Long> sellerTalks = new ArrayList<>();
        int repeats = 0;
        Map<Phase, Long> exposure = new EnumMap<>(Phase.class);
        Map<Phase, Integer> abandons = new EnumMap<>(Phase.class);
        for (RecordedCall call : calls) {
            keys.add(call);
            ringingKeys.add(call);
            rings.add(call);
            boolean abandoned = call.summary().outcome() == Outcome.ABANDONED;
            patience.add(new Observation(call.waitedMillis(), abandoned));
            call.summary().phaseMillis().forEach((phase, millis) -> exposure.merge(phase, millis, Long::sum));
            if (abandoned && call.summary().abandonPhase() != null) {
                abandons.merge(call.summary().abandonPhase(), 1, Integer::sum);
            }
            if (call.summary().repeatCaller()) {
                repeats++;
            }
            if (call.summary().tSeller() != null && call.summary().endedAt() != null) {
                sellerTalks.add(Duration.between(
                                call.summary().tSeller(), call.summary().endedAt())
                        .toMillis());
            }
        }

        Values values = new Values();
        if (line.ringingGreetingClass() != null) {
            values.ringingKeys(ringingKeys);
        } else {
            Survival promo = Survival.of(keys.promo);
            double inPromo = base.pressInPromo();
            if (line.informer() == null || line.promoWhileRinging()) {
                String why = line.informer() == null
                        ? "the line has no promo"
                        : "the line plays its promo while the sellers ring, "
                                + "where keys do nothing: when callers would press in a promo before the menu is not observable";
                values.unobservable("keys.inPromo", decimal(base.pressInPromo()), why);
                values.unobservable("keys.promoAfter", base.promoKeyAfter().toString(), why);
            } else {
                inPromo = values.share(
                        "keys.inPromo",
                        promo,
                        base.pressInPromo(),
                        "key pressed during the promo, of first-time callers who heard it");
                values.span(
                        "keys.promoAfter",
                        promo,
                        promo.plateau(),
                        base.promoKeyAfter(),
                        "since the call started; keys after the promo's " + seconds(budgetMillis())
                                + " are not seen in it");
            }
            Survival menu = Survival.of(keys.menu);
            values.menuShare(menu, inPromo, keys);
            values.span("keys.menuAfter", menu, menu.plateau(), base.menuKeyAfter(), "into the menu's first try");
            values.digits(keys);
        }
        Survival leaving = Survival.of(patience);
        values.share(
                "hangUp.share",
                leaving,
                base.hangUpShare(),
                "hung up before a seller (Kaplan–Meier; callers seen waiting up to " + seconds(leaving.trustedUntil())
                        + ")");
        values.span("hangUp.after", leaving, leaving.plateau(), base.patience(), "from arrival, in any phase");
        values.fraction("repeatShare", repeats, calls.size(), base.repeatShare(), "calls recognised as repeat callers");
        Survival sellers = Survival.of(rings.sellerAnswers);
        values.span(
                "sellers.answerAfter",
                sellers,
                sellers.plateau(),
                base.sellerAnswerAfter(),
                "ring time of answered seller phones");
        values.missShare(sellers);
        values.fraction(
                "sellers.acceptShare",
                rings.sellerAccepted,
                rings.sellerAccepted + rings.sellerDeclined,
                base.sellerAcceptShare(),
                "sellers who took the call in the whisper (departments with an accept key)");
        values.samples("sellers.talk", sellerTalks, base.sellerTalk(), "from t_seller to the end of the call");
        Survival assistants = Survival.of(rings.assistantAnswers);
        values.span(
                "assistants.answerAfter",
                assistants,
                1,
                base.assistantAnswerAfter(),
                "ring time; the answer timeout cuts off the slow ones");
        values.busyShare(rings);
        values.samples(
                "assistants.talk",
                rings.assistantTalks,
                base.assistantTalk(),
                "assistant's questions before the transfer");
        values.transferTo(rings);

        CallerModel model = values.model();
        List<PhaseHazard> hazards = new ArrayList<>();
        exposure.forEach(
                (phase, millis) -> hazards.add(new PhaseHazard(phase, abandons.getOrDefault(phase, 0), millis)));
        return new ModelFit(line.name(), calls.size(), model, values.rows, hazards, rings.agents());
    }

    private long budgetMillis() {
        return line.informer() == null ? 0 : line.informer().budget().toMillis();
    }

    /** The share of a uniform span that falls in [from, to]. */
    static double uniformShare(Span span, long from, long to) {
        long min = span.min().toMillis();
        long max = span.max().toMillis();
        if (max == min) {
            return min >= from && min <= to ? 1 : 0;
        }
        return Math.max(0, Math.min(to, max) - Math.max(from, min)) / (double) (max - min);
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static String decimal(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /** The fitted values as model keys, and the rows of the "how well is it known" table. */
    private final class Values {
        final List<FittedValue> rows = new ArrayList<>();
        final Map<String, String> overrides = new LinkedHashMap<>();
        Map<Character, Double> digits;

        double share(String key, Survival survival, double fallback, String note) {
            if (survival.observations() < 2 * limits.minEvents()) {
                rows.add(thin(
                        key,
                        decimal(fallback),
                        survival.observations(),
                        survival.events(),
                        2 * limits.minEvents(),
                        "observations"));
                return fallback;
            }
            double value = survival.plateau();
            put(
                    key,
                    decimal(value),
                    survival.observations(),
                    survival.events(),
                    "±" + decimal(1.96 * survival.standardError(survival.trustedUntil())),
                    note);
            return value;
        }

        void menuShare(Survival menu, double inPromo, KeyObservations keys) {
            if (menu.observations() < 2 * limits.minEvents()) {
                rows.add(thin(
                        "keys.inMenu",
                        decimal(base.pressInMenu()),
                        menu.observations(),
                        menu.events(),
                        2 * limits.minEvents(),
                        "observations"));
                return;
            }
            if (line.promoWhileRinging()) {
                // Every first-time caller hears the greeting first: its keys are the menu pressers' and those of the
                // model's promo pressers whose moment (keys.promoAfter, from arrival) falls while the greeting listens.
                long from = keys.meanMenuStart();
                double early = inPromo * uniformShare(base.promoKeyAfter(), from, from + keys.firstTryMillis());
                double value = Math.max(0, Math.min(1 - inPromo, menu.plateau() - early));
                put(
                        "keys.inMenu",
                        decimal(value),
                        menu.observations(),
                        menu.events(),
                        "±" + decimal(1.96 * menu.standardError(menu.trustedUntil())),
                        "key in the greeting (" + decimal(menu.plateau()) + ") less the base model's promo pressers "
                                + "whose moment falls in it (" + decimal(early) + ")");
                return;
            }
            double notInPromo = 1 - inPromo;
            put(
                    "keys.inMenu",
                    decimal(notInPromo * menu.plateau()),
                    menu.observations(),
                    menu.events(),
                    "±" + decimal(notInPromo * 1.96 * menu.standardError(menu.trustedUntil())),
                    "key in the menu's first try (" + decimal(menu.plateau()) + ") of callers without a promo key");
        }

        /**
         * A line that rings during the greeting sees only the keys that end the ringing, at any moment of it. Their
         * share and times are fitted; whether the others (1, an invalid key) press at all, and in which of the model's
         * two moments, is not observable: the base model's shares of pressers stay, and its weights of the unseen keys
         * take what the seen keys leave. Both key moments are set to the seen keys' times from arrival (the menu's
         * less the mean start of the ringing), so the simulated callers press when the recorded ones did.
         */
        void ringingKeys(RingingKeys keys) {
            String seen = keys.seen().stream().map(String::valueOf).collect(Collectors.joining(", "));
            String why = "it rings " + line.defaultDepartment() + " during the greeting, where only keys " + seen
                    + " end the ringing; another key and no key look alike";
            Survival survival = Survival.of(keys.fromArrival);
            double pressers = base.pressInPromo() + base.pressInMenu();
            if (survival.observations() < 2 * limits.minEvents() || survival.events() < limits.minEvents()) {
                notObservable("keys.inPromo", decimal(base.pressInPromo()), why);
                notObservable("keys.inMenu", decimal(base.pressInMenu()), why);
                rows.add(thin(
                        "keys.promoAfter",
                        base.promoKeyAfter().toString(),
                        survival.observations(),
                        survival.events(),
                        limits.minEvents(),
                        "events"));
                rows.add(thin(
                        "keys.menuAfter",
                        base.menuKeyAfter().toString(),
                        survival.observations(),
                        survival.events(),
                        limits.minEvents(),
                        "events"));
                rows.add(thin(
                        "keys.digits",
                        base.digits().toString(),
                        survival.observations(),
                        survival.events(),
                        limits.minEvents(),
                        "events"));
                return;
            }
            double share = survival.plateau();
            if (share > pressers) {
                // fewer pressers than the keys seen: the least the data allows, the split between the moments kept
                double inPromo = pressers == 0 ? 0 : base.pressInPromo() * share / pressers;
                double inMenu = share - inPromo;
                raised("keys.inPromo", inPromo, base.pressInPromo(), why);
                raised("keys.inMenu", inMenu, base.pressInMenu(), why);
                pressers = share;
            } else {
                notObservable("keys.inPromo", decimal(base.pressInPromo()), why);
                notObservable("keys.inMenu", decimal(base.pressInMenu()), why);
            }
            Span fromArrival = SpanFit.of(survival, share);
            long ringStart = keys.meanRingStart();
            put(
                    "keys.promoAfter",
                    fromArrival.toString(),
                    survival.observations(),
                    survival.events(),
                    "",
                    "keys " + seen + " that ended the ringing, from arrival (taken for every key)");
            Span fromRing = new Span(
                    Duration.ofMillis(Math.max(0, fromArrival.min().toMillis() - ringStart)),
                    Duration.ofMillis(Math.max(0, fromArrival.max().toMillis() - ringStart)));
            put(
                    "keys.menuAfter",
                    fromRing.toString(),
                    survival.observations(),
                    survival.events(),
                    "",
                    "the same keys from the first ring (" + seconds(ringStart) + " after arrival on average)");
            ringingDigits(keys, share, pressers, survival);
        }

        /** The seen keys' weights from their shares of all callers; the unseen keys share the rest as in the base. */
        private void ringingDigits(RingingKeys keys, double share, double pressers, Survival survival) {
            int total =
                    keys.digits.values().stream().mapToInt(Integer::intValue).sum();
            Map<Character, Double> unseen = new LinkedHashMap<>();
            base.digits().forEach((digit, weight) -> {
                if (!keys.seen().contains(digit)) {
                    unseen.put(digit, weight);
                }
            });
            double unseenTotal =
                    unseen.values().stream().mapToDouble(Double::doubleValue).sum();
            double rest = Math.max(0, 1 - share / pressers);
            digits = new LinkedHashMap<>();
            keys.digits.forEach((digit, count) -> digits.put(digit, round(share / pressers * count / total)));
            if (unseenTotal > 0) {
                unseen.forEach((digit, weight) -> digits.put(digit, round(rest * weight / unseenTotal)));
            } else if (rest > 0) {
                digits.put(firstUnseen(keys), round(rest));
            }
            digits.values().removeIf(weight -> weight <= 0);
            String shown = digits.entrySet().stream()
                    .map(entry -> entry.getKey() + "=" + entry.getValue())
                    .collect(Collectors.joining(" "));
            rows.add(new FittedValue(
                    "keys.digits",
                    shown,
                    survival.observations(),
                    survival.events(),
                    "±" + decimal(1.96 * survival.standardError(survival.trustedUntil())),
                    false,
                    "keys " + keys.seen() + " ended the ringing of " + decimal(share) + " of first-time callers "
                            + keys.digits + " (Kaplan–Meier), weighed against the base model's " + decimal(pressers)
                            + " pressers; the other keys' weights are not observable on this line: the base "
                            + "model's, scaled to the rest"));
        }

        private char firstUnseen(RingingKeys keys) {
            for (char key : "123456789*#".toCharArray()) {
                if (!keys.seen().contains(key)) {
                    return key;
                }
            }
            return '#';
        }

        private double round(double weight) {
            return Math.round(1000.0 * weight) / 1000.0;
        }

        void notObservable(String key, String value, String why) {
            rows.add(new FittedValue(
                    key,
                    value,
                    0,
                    0,
                    "",
                    true,
                    "not observable on this line (" + why + "): kept the base model's value"));
        }

        private void raised(String key, double value, double kept, String why) {
            overrides.put(key, decimal(value));
            rows.add(new FittedValue(
                    key,
                    decimal(value),
                    0,
                    0,
                    "",
                    true,
                    "not observable on this line (" + why + "): the base model's " + decimal(kept)
                            + " raised to the least the keys seen need"));
        }

        void missShare(Survival sellers) {
            if (sellers.observations() < 2 * limits.minEvents()) {
                rows.add(thin(
                        "sellers.missShare",
                        decimal(base.sellerMissShare()),
                        sellers.observations(),
                        sellers.events(),
                        2 * limits.minEvents(),
                        "rings"));
                return;
            }
            put(
                    "sellers.missShare",
                    decimal(1 - sellers.plateau()),
                    sellers.observations(),
                    sellers.events(),
                    "±" + decimal(1.96 * sellers.standardError(sellers.trustedUntil())),
                    "seller rings never answered (ring timeout, busy, unreachable), Kaplan–Meier");
        }

        void busyShare(RingObservations rings) {
            int phones =
                    line.assistants() == null ? 0 : line.assistants().dial().size();
            if (phones == 0) {
                kept("assistants.busyShare", base.assistantBusyShare(), "the line has no assistants");
                return;
            }
            if (rings.assistantDials < 2 * limits.minEvents()) {
                rows.add(thin(
                        "assistants.busyShare",
                        decimal(base.assistantBusyShare()),
                        rings.assistantDials,
                        rings.assistantAllBusy,
                        2 * limits.minEvents(),
                        "assistant dials"));
                return;
            }
            double allBusy = (double) rings.assistantAllBusy / rings.assistantDials;
            double spread = 1.96 * Math.sqrt(allBusy * (1 - allBusy) / rings.assistantDials);
            put(
                    "assistants.busyShare",
                    decimal(Math.pow(allBusy, 1.0 / phones)),
                    rings.assistantDials,
                    rings.assistantAllBusy,
                    phones == 1 ? "±" + decimal(spread) : "",
                    phones == 1
                            ? "dials that found the assistant busy"
                            : "per phone: (dials that found all " + phones + " busy)^(1/" + phones + ")");
        }

        void fraction(String key, int count, int of, double fallback, String note) {
            if (of < 2 * limits.minEvents()) {
                rows.add(thin(key, decimal(fallback), of, count, 2 * limits.minEvents(), "observations"));
                return;
            }
            double value = (double) count / of;
            put(key, decimal(value), of, count, "±" + decimal(1.96 * Math.sqrt(value * (1 - value) / of)), note);
        }

        void span(String key, Survival survival, double share, Span fallback, String note) {
            if (survival.events() < limits.minEvents()) {
                rows.add(thin(
                        key,
                        fallback.toString(),
                        survival.observations(),
                        survival.events(),
                        limits.minEvents(),
                        "events"));
                return;
            }
            put(key, SpanFit.of(survival, share).toString(), survival.observations(), survival.events(), "", note);
        }

        void samples(String key, List<Long> millis, Span fallback, String note) {
            List<Observation> observations =
                    millis.stream().map(Observation::event).toList();
            span(key, Survival.of(observations), 1, fallback, note);
        }

        void digits(KeyObservations keys) {
            int total =
                    keys.digits.values().stream().mapToInt(Integer::intValue).sum();
            if (total < limits.minEvents()) {
                rows.add(thin("keys.digits", base.digits().toString(), total, total, limits.minEvents(), "keys"));
                return;
            }
            digits = new LinkedHashMap<>();
            StringBuilder shown = new StringBuilder();
            keys.digits.entrySet().stream()
                    .sorted(Map.Entry.<Character, Integer>comparingByValue().reversed())
                    .forEach(entry -> {
                        double weight = Math.round(1000.0 * entry.getValue() / total) / 1000.0;
                        if (weight > 0) {
                            digits.put(entry.getKey(), weight);
                            shown.append(shown.length() == 0 ? "" : " ")
                                    .append(entry.getKey())
                                    .append('=')
                                    .append(weight);
                        }
                    });
            rows.add(new FittedValue(
                    "keys.digits",
                    shown.toString(),
                    total,
                    total,
                    "",
                    false,
                    "first keys; an invalid key whose digit was not recorded counts as the key the menu lacks"
                            + (keys.retryPresses > 0 ? "; " + keys.retryPresses + " keys came on a retry" : "")));
        }

        void transferTo(RingObservations rings) {
            int total = rings.transferTargets.values().stream()
                    .mapToInt(Integer::intValue)
                    .sum();
            if (total == 0) {
                rows.add(thin("assistants.transferTo", base.assistantTransferTo(), 0, 0, 1, "transfers"));
                return;
            }
            String target = rings.transferTargets.entrySet().stream()
                    .max(Map.Entry.comparingByValue())
                    .orElseThrow()
                    .getKey();
            put(
                    "assistants.transferTo",
                    target,
                    total,
                    rings.transferTargets.get(target),
                    "",
                    "the department assistants transferred to most (" + rings.transferTargets + ")");
        }

        void unobservable(String key, String value, String why) {
            rows.add(new FittedValue(key, value, 0, 0, "", true, "kept from the base model: " + why));
        }

        void kept(String key, double value, String why) {
            rows.add(new FittedValue(key, decimal(value), 0, 0, "", false, "kept from the base model: " + why));
        }

        private void put(String key, String value, int observations, int events, String spread, String note) {
            overrides.put(key, value);
            rows.add(new FittedValue(key, value, observations, events, spread, false, note));
        }

        private FittedValue thin(String key, String kept, int observations, int events, int needed, String what) {
            return new FittedValue(
                    key,
                    kept,
                    observations,
                    events,
                    "",
                    true,
                    "too thin ("
                            + (what.equals("events") || what.equals("keys") || what.equals("transfers")
                                    ? events
                                    : observations)
                            + " " + what + ", need " + needed + "): kept the base model's value");
        }

        CallerModel model() {
            String yaml = CallerModelReader.write(base);
            if (digits != null) {
                yaml = withDigits(yaml, digits);
            }
            return CallerModelReader.read(yaml, overrides);
        }
    }

    /** The model YAML with its keys.digits map replaced (a map in the file replaces the default one). */
    private static String withDigits(String yaml, Map<Character, Double> digits) {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
        try {
            ObjectNode root = (ObjectNode) mapper.readTree(yaml);
            ObjectNode keys = (ObjectNode) root.get("keys");
            ObjectNode weights = keys.putObject("digits");
            digits.forEach((digit, weight) -> weights.put(String.valueOf(digit), weight));
            return mapper.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite the caller model's digits", e);
        }
    }
}
