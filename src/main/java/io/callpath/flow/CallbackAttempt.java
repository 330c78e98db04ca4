package io.callpath.flow;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One attempt of one callback job: every write an attempt makes names both, so a write of an attempt the job has
 * moved past (retried, cancelled, ended) changes nothing. Its text form {@code JOB-ATTEMPT} ({@code 17-2}) travels
 * through Asterisk as {@code CALLPATH_CALLBACK} and the {@code callback-answered} gosub's argument.
 *
 * @param jobId   the job
 * @param attempt 1 for the first attempt
 */
public record CallbackAttempt(long jobId, int attempt) {

    private static final Pattern TEXT = Pattern.compile("([0-9]{1,18})-([0-9]{1,9})");

    public CallbackAttempt {
        if (jobId <= 0 || attempt <= 0) {
            throw new IllegalArgumentException("jobId and attempt must be positive: " + jobId + "-" + attempt);
        }
    }

    /** {@code 17-2}: what the dialplan carries. */
    public String text() {
        return jobId + "-" + attempt;
    }

    /** The attempt {@code text} names, or empty when it is not {@code JOB-ATTEMPT}. */
    public static Optional<CallbackAttempt> parse(String text) {
        Matcher matcher = TEXT.matcher(text.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long jobId = Long.parseLong(matcher.group(1));
        int attempt = Integer.parseInt(matcher.group(2));
        return jobId > 0 && attempt > 0 ? Optional.of(new CallbackAttempt(jobId, attempt)) : Optional.empty();
    }

    @Override
    public String toString() {
        return text();
    }
}
