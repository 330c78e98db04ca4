package io.callpath.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Draws the callers of a run from a {@link CallerModel} and a seed: the same seed gives the same callers. */
public final class CallPlans {

    /** The prompt of the offered callback (lines[].callback.offerPrompt's default); its key is the default offerKey, *. */
    static final String OFFER_PROMPT = "callpath/callback-offer";

    private CallPlans() {}

    public static List<CallPlan> draw(CallerModel model, long seed, int calls) {
        return draw(model, seed, calls, "555");
    }

    /** As {@link #draw(CallerModel, long, int)}, with caller numbers {@code <prefix>0000001} and on. */
    public static List<CallPlan> draw(CallerModel model, long seed, int calls, String numberPrefix) {
        if (calls < 1) {
            throw new IllegalArgumentException("calls must be at least 1, was " + calls);
        }
        List<CallPlan> plans = new ArrayList<>(calls);
        for (int index = 0; index < calls; index++) {
            Random random = new Random(new Random(seed + index * 0x9E3779B97F4A7C15L).nextLong());
            // Every value is drawn whether used or not, so changing one share does not reshuffle the others.
            double keyChoice = random.nextDouble();
            char digit = digit(model.digits(), random.nextDouble());
            long promoAfter = model.promoKeyAfter().draw(random).toMillis();
            long menuAfter = model.menuKeyAfter().draw(random).toMillis();
            boolean impatient = random.nextDouble() < model.hangUpShare();
            Duration patience = model.patience().draw(random);
            boolean repeat = random.nextDouble() < model.repeatShare();
            int repeatChoice = index == 0 ? 0 : random.nextInt(index);
            long partySeed = random.nextLong();
            // drawn last, so the draws above stay what they were before callbacks were modelled
            boolean takesOffer = random.nextDouble() < model.callbackTakeOffer();

            List<Cue> cues = new ArrayList<>();
            if (keyChoice < model.pressInPromo()) {
                cues.add(Cue.pressAt(Duration.ofMillis(promoAfter), digit));
            } else if (keyChoice < model.pressInPromo() + model.pressInMenu()) {
                cues.add(Cue.pressInNextGetData(digit, Duration.ofMillis(menuAfter)));
            }
            if (impatient) {
                cues.add(Cue.hangUpAt(patience));
            }
            if (takesOffer) {
                cues.add(Cue.pressInPrompt(OFFER_PROMPT, Duration.ofSeconds(1), '*'));
            }
            int repeatOf = repeat && index > 0 ? repeatChoice : -1;
            String number = repeatOf >= 0
                    ? plans.get(repeatOf).callerNumber()
                    : numberPrefix + String.format("%07d", index + 1);
            plans.add(new CallPlan(index, number, repeatOf, cues, partySeed));
        }
        return plans;
    }

    private static char digit(Map<Character, Double> weights, double choice) {
        double total =
                weights.values().stream().mapToDouble(Double::doubleValue).sum();
        double point = choice * total;
        char last = '1';
        for (Map.Entry<Character, Double> weight : weights.entrySet()) {
            last = weight.getKey();
            point -= weight.getValue();
            if (point < 0) {
                return last;
            }
        }
        return last;
    }
}
