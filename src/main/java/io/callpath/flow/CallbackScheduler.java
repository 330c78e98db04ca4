package io.callpath.flow;

import io.callpath.config.CallpathConfig;
import io.callpath.config.DepartmentConfig;
import io.callpath.config.LineConfig;
import io.callpath.threads.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts due callbacks: every poll it retries attempts whose lease ran out, then claims the due jobs of the lines that
 * may dial now (open, outside quiet hours, under their maximum of busy sellers) and rings a seller for each. The
 * department's sellers take turns: attempt n rings seller n (mod their number).
 */
public final class CallbackScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CallbackScheduler.class);
    /** Time beyond the ring time for the seller's phone to start ringing and the callback script to report the answer. */
    static final Duration LEASE_MARGIN = Duration.ofSeconds(15);

    private static final int CLAIMS_PER_POLL = 100;

    private final CallpathConfig config;
    private final CallbackJobs jobs;
    private final CallbackCalls calls;
    private final Clock clock;
    private final String server;
    private final ScheduledExecutorService polls;

    public CallbackScheduler(
            CallpathConfig config, CallbackJobs jobs, CallbackCalls calls, Clock clock, String server) {
        this.config = config;
        this.jobs = jobs;
        this.calls = calls;
        this.clock = clock;
        this.server = server;
        this.polls = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("callpath-callbacks"));
    }

    /** Polls every {@code every} from now on. */
    public CallbackScheduler start(Duration every) {
        polls.scheduleWithFixedDelay(
                () -> {
                    try {
                        poll();
                    } catch (RuntimeException e) {
                        log.error("callbacks: poll failed", e);
                    }
                },
                every.toMillis(),
                every.toMillis(),
                TimeUnit.MILLISECONDS);
        return this;
    }

    /** One poll; returns how many attempts it started. */
    public int poll() {
        Instant now = clock.instant();
        int expired = jobs.expireLeases(now);
        if (expired > 0) {
            log.info(
                    "callbacks: {} attempts ran out of time (no answer, or a server stopped); retried or failed",
                    expired);
        }
        Set<String> lines = config.lines().stream()
                .filter(line -> CallbackRules.mayDial(line, now))
                .map(LineConfig::name)
                .collect(Collectors.toSet());
        int started = 0;
        for (int i = 0; i < CLAIMS_PER_POLL; i++) {
            Optional<CallbackJob> job = jobs.claim(lines, server, now, leaseFor(lines));
            if (job.isEmpty()) {
                break;
            }
            start(job.get(), now);
            started++;
        }
        return started;
    }

    private Duration leaseFor(Set<String> lines) {
        Duration longest = config.lines().stream()
                .filter(line -> lines.contains(line.name()))
                .map(line -> line.callback().ringTime())
                .max(Duration::compareTo)
                .orElse(Duration.ZERO);
        return longest.plus(LEASE_MARGIN);
    }

    private void start(CallbackJob job, Instant now) {
        Optional<LineConfig> line = config.lineNamed(job.line());
        DepartmentConfig department = config.departments().get(job.department());
        if (line.isEmpty() || department == null || department.sellers().isEmpty()) {
            jobs.attemptFailed(job.thisAttempt(), "not_configured", now);
            return;
        }
        List<String> sellers = department.sellers();
        String seller = sellers.get((job.attempt() - 1) % sellers.size());
        log.info("callback job={} attempt={} ringing seller={} line={}", job.id(), job.attempt(), seller, job.line());
        calls.ringSeller(job, seller, line.get().callback().ringTime()).whenComplete((ok, failure) -> {
            if (failure != null) {
                log.warn(
                        "callback job={}: the PBX did not take the call ({}); retried after the back-off",
                        job.id(),
                        failure.getMessage());
                jobs.attemptFailed(job.thisAttempt(), "pbx_refused", clock.instant());
            }
        });
    }

    @Override
    public void close() {
        polls.shutdownNow();
        DaemonThreads.awaitTermination(polls, Duration.ofSeconds(5));
    }
}
