package io.callpath.tune;

import java.util.ArrayList;
import java.util.List;

/**
 * How one seller's or assistant's phone answered in the recorded calls.
 *
 * @param role      seller or assistant
 * @param agent     dial string
 * @param rings     times it rang for a caller
 * @param answered  times it answered
 * @param missed    rang out, busy or unreachable
 * @param declined  answered but did not take the call in the whisper (sellers with an accept key)
 * @param medianAnswerMillis median ring time before it answered (Kaplan–Meier, so short rings a caller cut off count
 *                  as "not yet"), or -1 when it answered less than half the time
 */
public record AgentAnswers(
        String role, String agent, int rings, int answered, int missed, int declined, long medianAnswerMillis) {

    /** Counts for one phone while the events are walked. */
    static final class Tally {
        final String role;
        final String agent;
        final List<Observation> answers = new ArrayList<>();
        int missed;
        int declined;

        Tally(String role, String agent) {
            this.role = role;
            this.agent = agent;
        }

        AgentAnswers result() {
            Survival survival = Survival.of(answers);
            long median = survival.plateau() >= 0.5 ? survival.timeReaching(0.5) : -1;
            return new AgentAnswers(role, agent, answers.size(), survival.events(), missed, declined, median);
        }
    }
}
