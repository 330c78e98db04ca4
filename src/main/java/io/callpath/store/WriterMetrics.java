package io.callpath.store;

/**
 * What the event writer has done so far.
 *
 * @param queueDepth          events waiting in memory now
 * @param spooledEvents       events written to the spool since start (overflow and outages)
 * @param writtenEvents       events committed to PostgreSQL since start, replays included (duplicates counted, stored once)
 * @param databaseReachable   the last write or replay succeeded
 */
public record WriterMetrics(int queueDepth, long spooledEvents, long writtenEvents, boolean databaseReachable) {
}
