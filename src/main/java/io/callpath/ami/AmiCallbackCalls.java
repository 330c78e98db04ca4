package io.callpath.ami;

import io.callpath.config.CallpathConfig;
import io.callpath.flow.CallbackCalls;
import io.callpath.flow.CallbackJob;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Rings a seller for a callback with an AMI Originate: on answer the seller's channel runs
 * {@code s@callpath-callback}, which hands the attempt ({@code JOB-ATTEMPT}) to the {@code callback} script
 * (extensions-callpath.conf).
 */
public final class AmiCallbackCalls implements CallbackCalls {

    static final String CONTEXT = "callpath-callback";

    private final PbxControl pbx;
    private final CallpathConfig config;

    public AmiCallbackCalls(PbxControl pbx, CallpathConfig config) {
        this.pbx = pbx;
        this.config = config;
    }

    @Override
    public CompletableFuture<Void> ringSeller(CallbackJob job, String seller, Duration ringTime) {
        String callerId = config.lineNamed(job.line())
                .map(line -> line.callback().callerId())
                .orElse("");
        Map<String, String> variables = Map.of(
                "CALLPATH_CALLBACK", job.thisAttempt().text(),
                "CALLPATH_CALLBACK_LINE", job.line(),
                "CALLPATH_CALLBACK_WAITED", Long.toString(Math.round(job.waitedMillis() / 1000.0)),
                "CALLPATH_CALLBACK_NUMBER", job.number());
        try {
            return pbx.originate(
                    new Originate(seller, CONTEXT, "s", "\"Callback\" <" + callerId + ">", ringTime, variables, ""));
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }
}
