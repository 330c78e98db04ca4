package io.callpath.sim;

import io.callpath.config.CallbackConfig;
import io.callpath.config.CallpathConfig;
import io.callpath.config.LineConfig;
import io.callpath.events.CallSummary;
import io.callpath.events.Outcome;
import io.callpath.report.Percentiles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * What callbacks win in a simulated run. The calls ran through the real flows, so the offered callbacks taken
 * (outcome no_seller, callback_queued) are real; the fake PBX has no AMI, so the callback attempts are modelled here,
 * per job, from the caller model: the job waits {@code callback.delay}; an attempt rings a seller (rings out with
 * {@code sellers.missShare} for {@code callback.ringTime}, else answers after {@code sellers.answerAfter}), who hears
 * the callback whisper ({@code pbx.prompts."callpath/callback"}) and accepts ({@code sellers.acceptShare}); then the
 * caller answers ({@code callbacks.answerShare}, after {@code callbacks.answerAfter}) or rings out; a failed attempt
 * waits the back-off, up to {@code callback.maxAttempts}. Not modelled: quiet hours and closing time, the limit of
 * busy sellers (sellers are always free), a new call from the number cancelling its job, the do-not-call list.
 */
public final class ModelledCallbacks {

    private static final String WHISPER = "callpath/callback";

    /**
     * @param automatic     jobs queued for callers who hung up after the short abandon
     * @param offered       jobs queued for callers who took the offered callback
     * @param doneAutomatic automatic jobs whose caller talked to a seller
     * @param doneOffered   offered jobs whose caller talked to a seller
     * @param ttcMillis     time-to-callback of the done ones, ascending
     */
    public record Result(int automatic, int offered, int doneAutomatic, int doneOffered, List<Long> ttcMillis) {

        public int queued() {
            return automatic + offered;
        }

        /** Leads recovered: callers who left without a seller and talked to one after all. */
        public int done() {
            return doneAutomatic + doneOffered;
        }

        public int failed() {
            return queued() - done();
        }
    }

    private ModelledCallbacks() {}

    /** Whether any line of {@code config} calls back: without one there is nothing to model. */
    public static boolean anyLineCallsBack(CallpathConfig config) {
        return config.lines().stream().anyMatch(line -> line.callback().enabled());
    }

    public static Result model(CallpathConfig config, CallerModel model, List<CallSummary> calls, long seed) {
        Duration shortAbandon = config.metrics().shortAbandon();
        int automatic = 0;
        int offered = 0;
        int doneAutomatic = 0;
        int doneOffered = 0;
        List<Long> ttc = new ArrayList<>();
        java.util.Map<String, Integer> seen = new java.util.HashMap<>();
        for (CallSummary call : calls) {
            Optional<LineConfig> line = call.line() == null ? Optional.empty() : config.lineNamed(call.line());
            if (line.isEmpty()
                    || !line.get().callback().enabled()
                    || call.callerNumber() == null
                    || !Pattern.matches(line.get().callback().callablePattern(), call.callerNumber())) {
                continue;
            }
            boolean tookOffer = call.outcome() == Outcome.NO_SELLER && "callback_queued".equals(call.outcomeReason());
            long waited = call.phaseMillis().values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
            boolean abandoned = call.outcome() == Outcome.ABANDONED && waited >= shortAbandon.toMillis();
            if (!tookOffer && !abandoned) {
                continue;
            }
            // by number (and its nth call), not linkedid: the same callers draw the same attempts in every run
            int occurrence = seen.merge(call.callerNumber(), 1, Integer::sum);
            Random random =
                    new Random(seed ^ (call.callerNumber().hashCode() * 31L + occurrence) * 0x9E3779B97F4A7C15L);
            Optional<Long> talking = attempts(line.get().callback(), model, random);
            talking.ifPresent(ttc::add);
            if (tookOffer) {
                offered++;
                doneOffered += talking.isPresent() ? 1 : 0;
            } else {
                automatic++;
                doneAutomatic += talking.isPresent() ? 1 : 0;
            }
        }
        ttc.sort(Long::compare);
        return new Result(automatic, offered, doneAutomatic, doneOffered, List.copyOf(ttc));
    }

    /** The job's attempts; the time from the hang-up to talking when one connects. */
    static Optional<Long> attempts(CallbackConfig callback, CallerModel model, Random random) {
        long at = callback.delay().toMillis();
        long ring = callback.ringTime().toMillis();
        long whisper = model.prompts().getOrDefault(WHISPER, Duration.ZERO).toMillis();
        for (int attempt = 1; attempt <= callback.maxAttempts(); attempt++) {
            boolean sellerMisses = random.nextDouble() < model.sellerMissShare();
            long sellerAnswer = model.sellerAnswerAfter().draw(random).toMillis();
            boolean sellerAccepts = random.nextDouble() < model.sellerAcceptShare();
            boolean callerAnswers = random.nextDouble() < model.callbackAnswerShare();
            long callerAnswer = model.callbackAnswerAfter().draw(random).toMillis();
            long ended;
            if (sellerMisses || sellerAnswer >= ring) {
                ended = at + ring;
            } else if (!sellerAccepts) {
                ended = at + sellerAnswer + whisper;
            } else if (!callerAnswers || callerAnswer >= ring) {
                ended = at + sellerAnswer + whisper + ring;
            } else {
                return Optional.of(at + sellerAnswer + whisper + callerAnswer);
            }
            at = ended + callback.backOff(attempt + 1).toMillis();
        }
        return Optional.empty();
    }

    /** The section simulate prints after a run's report. */
    public static String render(Result result) {
        StringBuilder out = new StringBuilder("Callbacks (modelled: the attempts are drawn from the caller model's "
                + "sellers.* and callbacks.* keys; see --print-model)\n");
        out.append(String.format(
                Locale.ROOT,
                "  queued %d, leads recovered %d, failed %d%n",
                result.queued(),
                result.done(),
                result.failed()));
        Long p50 = Percentiles.nearestRank(result.ttcMillis(), 0.5);
        Long p90 = Percentiles.nearestRank(result.ttcMillis(), 0.9);
        out.append(String.format(
                Locale.ROOT,
                "  time-to-callback p50 %s, p90 %s (from the hang-up or key press to talking)%n",
                seconds(p50),
                seconds(p90)));
        out.append(String.format(
                Locale.ROOT,
                "  of %d callers who hung up after the short abandon, %d talk to a seller after all; "
                        + "of %d who took the offer, %d%n",
                result.automatic(),
                result.doneAutomatic(),
                result.offered(),
                result.doneOffered()));
        return out.toString();
    }

    private static String seconds(Long millis) {
        return millis == null ? "-" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
