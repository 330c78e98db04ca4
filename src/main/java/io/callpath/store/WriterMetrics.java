package io.callpath.store;

/**
 * What the event writer has done so far.
 *
 * @param queueDepth          events waiting in memory for the database now
 * @param overflowDepth       events waiting in memory for the spool now (the queue was full)
 * @param spooledEvents       events written to the spool since start (overflow and outages)
 * @param writtenEvents       events committed to PostgreSQL since start, replays included (duplicates counted, stored once)
 * @param rejectedEvents      events PostgreSQL refused as bad data, kept in the dead-letter file
 * @param lostEvents          events dropped because both in-memory queues were full, or the spool failed
 * @param databaseReachable   the last write or replay succeeded
 * @param spoolWritable       the last spool append succeeded (false while the disk is full or the directory unusable)
 */
public record WriterMetrics(
        int queueDepth,
        int overflowDepth,
        long spooledEvents,
        long writtenEvents,
        long rejectedEvents,
        long lostEvents,
        boolean databaseReachable,
        boolean spoolWritable) {}
