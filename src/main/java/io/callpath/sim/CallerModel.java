package io.callpath.sim;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who the simulated callers are and how the people they reach behave; every value is drawn per call from a seeded
 * Random (see {@link CallPlans}). Shares are fractions in [0, 1]; spans are audio time. Written as YAML by
 * {@link CallerModelReader}, which names the key of every problem.
 *
 * @param pressInPromo        share of callers who press a key during the promo ({@code keys.inPromo})
 * @param pressInMenu         share who press a key in the menu; the rest never press ({@code keys.inMenu})
 * @param promoKeyAfter       when into the call a promo key comes ({@code keys.promoAfter})
 * @param menuKeyAfter        when into the menu prompt a menu key comes ({@code keys.menuAfter})
 * @param digits              key -> weight among the callers who press ({@code keys.digits}); keys not in the menu are invalid
 * @param hangUpShare         share of callers with limited patience ({@code hangUp.share})
 * @param patience            how long such a caller waits from arrival before hanging up, whatever the phase ({@code hangUp.after})
 * @param repeatShare         share of calls that are a second call of an earlier caller ({@code repeatShare})
 * @param sellerAnswerAfter   ring time before a seller answers ({@code sellers.answerAfter})
 * @param sellerMissShare     share of seller phones that ring out for a call ({@code sellers.missShare})
 * @param sellerAcceptShare   share of answering sellers who press the accept key in the whisper ({@code sellers.acceptShare})
 * @param sellerTalk          conversation length after the caller reached the seller ({@code sellers.talk})
 * @param assistantAnswerAfter ring time before an assistant answers ({@code assistants.answerAfter})
 * @param assistantBusyShare  share of calls that find the assistant busy ({@code assistants.busyShare})
 * @param assistantTalk       how long the assistant asks questions before the blind transfer ({@code assistants.talk})
 * @param assistantTransferTo department the assistant transfers to ({@code assistants.transferTo})
 * @param prompts             prompt name -> length on the fake PBX ({@code pbx.prompts}); an informer not listed lasts its budget
 * @param callbackTakeOffer   share of callers who press the offer key (*) when a line offers a callback and they hear
 *                            the offer still waiting ({@code callbacks.takeOffer})
 * @param callbackAnswerShare share of called-back callers who answer a callback attempt ({@code callbacks.answerShare})
 * @param callbackAnswerAfter how long a called-back caller's phone rings before they answer ({@code callbacks.answerAfter})
 */
public record CallerModel(
        double pressInPromo,
        double pressInMenu,
        Span promoKeyAfter,
        Span menuKeyAfter,
        Map<Character, Double> digits,
        double hangUpShare,
        Span patience,
        double repeatShare,
        Span sellerAnswerAfter,
        double sellerMissShare,
        double sellerAcceptShare,
        Span sellerTalk,
        Span assistantAnswerAfter,
        double assistantBusyShare,
        Span assistantTalk,
        String assistantTransferTo,
        Map<String, Duration> prompts,
        double callbackTakeOffer,
        double callbackAnswerShare,
        Span callbackAnswerAfter) {

    public CallerModel {
        digits = Collections.unmodifiableMap(new LinkedHashMap<>(digits));
        prompts = Collections.unmodifiableMap(new LinkedHashMap<>(prompts));
    }

    /** The defaults, as {@link CallerModelReader#DEFAULTS} writes them. */
    public static CallerModel defaults() {
        return CallerModelReader.read("", Map.of());
    }

    /** Share of callers who never press a key. */
    public double neverPress() {
        return Math.max(0, 1 - pressInPromo - pressInMenu);
    }
}
