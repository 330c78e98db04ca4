package io.callpath.sim;

import io.callpath.config.AssistantsConfig;
import io.callpath.config.CallpathConfig;
import io.callpath.config.DepartmentConfig;
import io.callpath.config.LineConfig;
import io.callpath.config.Prompt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The fake PBX one simulated call meets under a given config: every phone the config dials exists, each behaving
 * as drawn for this call, and every prompt has a length.
 */
public final class CallPbx {

    /** Assistants and sellers stay on the line this long unless something else ends the call first. */
    private static final Duration ASSISTANT_STAYS = Duration.ofHours(1);

    private static final Duration ACCEPT_INTO_WHISPER = Duration.ofMillis(500);
    /** The kit's context of the keys that end the ringing during the greeting (asterisk-config/extensions-callpath.conf). */
    static final String KEYS_CONTEXT = "callpath-keys";

    static final String OFFER_KEYS_CONTEXT = "callpath-keys-offer";

    private CallPbx() {}

    /**
     * The PBX for {@code plan} under {@code config}. A phone's behaviour depends on the plan's seed and its dial string
     * only, so two configs that dial the same phones meet the same people.
     * An informer the model does not list lasts exactly its budget: the server cuts a promo by its own (unscaled)
     * clock, so a longer recording would never be cut in a scaled run.
     */
    public static FakePbx forCall(CallPlan plan, CallerModel model, CallpathConfig config) {
        FakePbx.Builder pbx = FakePbx.builder();
        for (LineConfig line : config.lines()) {
            if (line.informer() != null) {
                names(line.informer().prompt())
                        .forEach(name -> pbx.prompt(name, line.informer().budget()));
            }
        }
        model.prompts().forEach(pbx::prompt);
        for (DepartmentConfig department : config.departments().values()) {
            for (String seller : department.sellers()) {
                pbx.endpoint(seller, seller(plan, model, seller, department));
            }
            if (department.voicemail() != null) {
                pbx.endpoint(department.voicemail(), Endpoint.answersAfter(Duration.ofSeconds(1)));
            }
        }
        for (LineConfig line : config.lines()) {
            if (line.ringingGreetingClass() != null) {
                // the kit's [callpath-keys] lists exactly these keys (KitContractTest checks it for the shipped config)
                pbx.keyContext(KEYS_CONTEXT, line.keysLeavingDefaultDepartment());
                if (line.callback().offers()) {
                    // the kit's [callpath-keys-offer]: those keys and the offer key (check-config --dialplan checks it)
                    java.util.Set<Character> withOffer = new java.util.TreeSet<>(line.keysLeavingDefaultDepartment());
                    withOffer.add(line.callback().offerDigit());
                    pbx.keyContext(OFFER_KEYS_CONTEXT, withOffer);
                }
            }
            AssistantsConfig assistants = line.assistants();
            if (assistants != null) {
                assistants.dial().forEach(dial -> pbx.endpoint(dial, assistant(plan, model, dial)));
            }
            if (line.afterHours().voicemail() != null) {
                pbx.endpoint(line.afterHours().voicemail(), Endpoint.answersAfter(Duration.ofSeconds(1)));
            }
        }
        return pbx.build();
    }

    private static Endpoint seller(CallPlan plan, CallerModel model, String dial, DepartmentConfig department) {
        Random random = partyRandom(plan, dial);
        boolean misses = random.nextDouble() < model.sellerMissShare();
        Duration answerAfter = model.sellerAnswerAfter().draw(random);
        Duration talk = model.sellerTalk().draw(random);
        boolean accepts = random.nextDouble() < model.sellerAcceptShare();
        if (misses) {
            return Endpoint.neverAnswers();
        }
        Endpoint seller = Endpoint.answersAfter(answerAfter).talking(talk);
        if (accepts && department.acceptDigit().isPresent()) {
            seller = seller.pressingDuringWhisper(department.acceptDigit().get(), ACCEPT_INTO_WHISPER);
        }
        return seller;
    }

    private static Endpoint assistant(CallPlan plan, CallerModel model, String dial) {
        Random random = partyRandom(plan, dial);
        boolean busy = random.nextDouble() < model.assistantBusyShare();
        Duration answerAfter = model.assistantAnswerAfter().draw(random);
        Duration talk = model.assistantTalk().draw(random);
        if (busy) {
            return Endpoint.busy();
        }
        return Endpoint.answersAfter(answerAfter)
                .talking(ASSISTANT_STAYS)
                .transferringTo(model.assistantTransferTo(), talk);
    }

    private static Random partyRandom(CallPlan plan, String dial) {
        return new Random(plan.partySeed() ^ (dial.hashCode() * 0x9E3779B97F4A7C15L));
    }

    private static List<String> names(Prompt prompt) {
        List<String> names = new ArrayList<>();
        Stream.concat(Stream.of(prompt.defaultName()), prompt.byLanguage().values().stream())
                .filter(name -> !names.contains(name))
                .forEach(names::add);
        return names;
    }
}
