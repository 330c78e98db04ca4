package io.callpath.desk;

import io.callpath.config.CallpathConfig;
import io.callpath.config.LineConfig;
import io.callpath.flow.CallbackAttempt;
import io.callpath.flow.CallbackCalls;
import io.callpath.flow.CallbackJob;
import io.callpath.flow.CallbackJobs;
import io.callpath.flow.CallbackRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The callbacks of this server as the sellers' desks see them. It learns of them by standing between the callback
 * queue and those who work it ({@link #watching(CallbackJobs)}, {@link #watching(CallbackCalls)}): the scheduler's
 * claim and ring, the callback script's seller answered, accepted, connected and failed attempt. Each is a map update
 * and a wake-up of the desks' sender, on the caller's thread, before the queue gets it; nothing waits on a page.
 * Who the caller is (name, earlier calls, whether they pressed the offer key) comes from the call they hung up on,
 * as {@link DeskCalls} folded it, when this server served that call.
 */
public final class DeskCallbacks {

    /** A callback that ended (missed, declined, caller did not answer) stays on the desk this long. */
    static final Duration KEEP_ENDED = Duration.ofMinutes(1);
    /** No hang-up of a callback reaches callpath: "talking" stays until the phone's next call, or this long. */
    static final Duration KEEP_TALKING = Duration.ofHours(4);
    /** Callers remembered from their queued callback at most; the oldest go first. */
    static final int MAX_CALLERS = 20_000;

    /**
     * The caller of a queued callback, from the call they hung up on.
     *
     * @param origin     "abandoned" or "offered"; "" when this server did not queue it
     * @param name       CALLERID(name) of that call
     * @param repeat     they had called before it
     * @param lastSeller the seller of that earlier call
     * @param lastCallAt when that earlier call was (ISO-8601)
     */
    record Caller(String origin, String name, boolean repeat, String lastSeller, String lastCallAt) {
        static final Caller UNKNOWN = new Caller("", "", false, "", "");
    }

    private final Map<Long, DeskCallback> callbacks = new ConcurrentHashMap<>();
    private final Map<String, Caller> callers = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Caller> eldest) {
            return size() > MAX_CALLERS;
        }
    };
    private final CallpathConfig config;
    private final DeskCalls calls;
    private final Clock clock;

    public DeskCallbacks(CallpathConfig config, DeskCalls calls, Clock clock) {
        this.config = config;
        this.calls = calls;
        this.clock = clock;
    }

    /** {@code jobs} as it was, telling the desks what happens to each job first. */
    public CallbackJobs watching(CallbackJobs jobs) {
        return new WatchedJobs(jobs);
    }

    /** {@code ringing} as it was, telling the desks which seller's phone rings for which job. */
    public CallbackCalls watching(CallbackCalls ringing) {
        return (job, seller, ringTime) -> {
            DeskCallback callback = callbacks.get(job.id());
            if (callback != null) {
                callback.ringing(seller, ringTime, clock.instant());
                calls.changed();
            }
            return ringing.ringSeller(job, seller, ringTime);
        };
    }

    /** The newest callback at seller phone {@code dial}: ringing, in progress, or just ended. */
    public Optional<CallbackView> atSeller(String dial) {
        Instant now = clock.instant();
        callbacks.values().removeIf(callback -> callback.forgottenAt(now, KEEP_ENDED, KEEP_TALKING));
        return callbacks.values().stream()
                .filter(callback -> callback.shownAt(dial, now, KEEP_ENDED, KEEP_TALKING))
                .max(Comparator.comparingLong(DeskCallback::ringingMillis))
                .map(callback -> callback.view(now));
    }

    private void remember(CallbackRequest request) {
        Caller caller = calls.call(request.linkedId())
                .map(call -> call.view(DeskView.PhoneState.RINGING))
                .map(view -> new Caller(
                        request.origin(), view.callerName(), view.repeat(), view.lastSeller(), view.lastCallAt()))
                .orElse(new Caller(request.origin(), "", false, "", ""));
        synchronized (callers) {
            callers.put(request.number(), caller);
        }
    }

    private void claimed(CallbackJob job) {
        // pages sweep when they read; this keeps the map small where no desk page is open
        Instant now = clock.instant();
        callbacks.values().removeIf(callback -> callback.forgottenAt(now, KEEP_ENDED, KEEP_TALKING));
        Caller caller;
        synchronized (callers) {
            caller = callers.getOrDefault(job.number(), Caller.UNKNOWN);
        }
        int maxAttempts = config.lineNamed(job.line())
                .map(LineConfig::callback)
                .map(callback -> callback.maxAttempts())
                .orElse(job.attempt());
        callbacks.put(
                job.id(),
                new DeskCallback(
                        job.id(),
                        job.number(),
                        job.line(),
                        job.attempt(),
                        maxAttempts,
                        job.hungUpAt(),
                        job.waitedMillis(),
                        caller));
    }

    private void moved(long jobId, java.util.function.Consumer<DeskCallback> move) {
        DeskCallback callback = callbacks.get(jobId);
        if (callback != null) {
            move.accept(callback);
            calls.changed();
        }
    }

    /** How a failed attempt shows: the flow's reason, as the seller would say it. */
    static CallbackView.State endedBy(String reason) {
        if (reason.equals("seller_declined")) {
            return CallbackView.State.DECLINED;
        }
        if (reason.startsWith("caller_")) {
            return CallbackView.State.CALLER_NO_ANSWER;
        }
        return CallbackView.State.ENDED;
    }

    private final class WatchedJobs implements CallbackJobs {

        private final CallbackJobs jobs;

        WatchedJobs(CallbackJobs jobs) {
            this.jobs = jobs;
        }

        @Override
        public void queue(CallbackRequest request) {
            remember(request);
            jobs.queue(request);
        }

        @Override
        public void cancel(String number, String reason, Instant at) {
            jobs.cancel(number, reason, at);
        }

        @Override
        public Optional<CallbackJob> claim(Set<String> lines, String server, Instant now, Duration lease) {
            Optional<CallbackJob> job = jobs.claim(lines, server, now, lease);
            job.ifPresent(DeskCallbacks.this::claimed);
            return job;
        }

        @Override
        public CompletableFuture<Boolean> sellerAnswered(
                CallbackAttempt attempt, String seller, Instant at, Instant leaseUntil) {
            moved(attempt.jobId(), callback -> callback.sellerAnswered(seller, at));
            return jobs.sellerAnswered(attempt, seller, at, leaseUntil);
        }

        @Override
        public CompletableFuture<Confirmation> confirm(CallbackAttempt attempt, Instant at) {
            return jobs.confirm(attempt, at).thenApply(confirmation -> {
                if (confirmation == Confirmation.CALLER_CALLED_IN) {
                    // not endedBy: this caller_ reason is no unanswered phone
                    moved(attempt.jobId(), callback -> callback.move(CallbackView.State.ENDED, at, "caller_called_in"));
                }
                return confirmation;
            });
        }

        @Override
        public void sellerAccepted(CallbackAttempt attempt, Instant at) {
            moved(attempt.jobId(), callback -> callback.move(CallbackView.State.CALLING_CALLER, at, ""));
            jobs.sellerAccepted(attempt, at);
        }

        @Override
        public void connected(CallbackAttempt attempt, Instant at) {
            moved(attempt.jobId(), callback -> callback.move(CallbackView.State.TALKING, at, ""));
            jobs.connected(attempt, at);
        }

        @Override
        public void attemptFailed(CallbackAttempt attempt, String reason, Instant at) {
            moved(attempt.jobId(), callback -> callback.move(endedBy(reason), at, reason));
            jobs.attemptFailed(attempt, reason, at);
        }

        @Override
        public int expireLeases(Instant now) {
            return jobs.expireLeases(now);
        }
    }
}
