package io.callpath.store;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The caller numbers that called recently, as 64-bit hashes with their last-call time: lets a lookup answer
 * "new caller" without a database round trip. Bounded to {@code capacity} numbers; thread-safe.
 * <p>
 * It only ever says "certainly new" when it knows every call since the lookup's start: after a full load
 * ({@link #loadedSince}), not before anything it expired or evicted. Otherwise, and for every number it holds
 * (a hash collision included), it says "maybe": the database decides, as without the index.
 */
public final class RecentCallers {

    private final int capacity;
    // Insertion order is nearly time order (own calls arrive now, loads come newest last), so expiry stops early.
    private final LinkedHashMap<Long, Long> lastCallMillisByHash = new LinkedHashMap<>();
    private long loadedSinceMillis = Long.MAX_VALUE;
    private long expiredBeforeMillis = Long.MIN_VALUE;
    private long evictedThroughMillis = Long.MIN_VALUE;

    public RecentCallers(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity < 1: " + capacity);
        }
        this.capacity = capacity;
    }

    /** The number called at {@code at}; an older time than the one already known changes nothing. */
    public synchronized void seen(String callerNumber, Instant at) {
        long hash = hash(callerNumber);
        long millis = at.toEpochMilli();
        Long known = lastCallMillisByHash.get(hash);
        if (known != null) {
            if (known >= millis) {
                return;
            }
            lastCallMillisByHash.remove(hash); // re-inserted at the tail: keeps the order close to time order
        } else if (lastCallMillisByHash.size() >= capacity) {
            evictEldest();
        }
        lastCallMillisByHash.put(hash, millis);
    }

    /** False only when the number certainly did not call at or after {@code since}; true means "ask the database". */
    public synchronized boolean mayHaveCalledSince(String callerNumber, Instant since) {
        long sinceMillis = since.toEpochMilli();
        if (sinceMillis < loadedSinceMillis
                || sinceMillis < expiredBeforeMillis
                || sinceMillis <= evictedThroughMillis) {
            return true;
        }
        Long known = lastCallMillisByHash.get(hash(callerNumber));
        return known != null && known >= sinceMillis;
    }

    /** Every call since {@code since} has been {@link #seen} (a full load finished): from now on "new" can be certain. */
    public synchronized void loadedSince(Instant since) {
        loadedSinceMillis = Math.min(loadedSinceMillis, since.toEpochMilli());
    }

    /** Forgets numbers whose last call is before {@code cutoff}; returns how many it forgot. */
    public synchronized int expireBefore(Instant cutoff) {
        long cutoffMillis = cutoff.toEpochMilli();
        expiredBeforeMillis = Math.max(expiredBeforeMillis, cutoffMillis);
        int forgotten = 0;
        Iterator<Long> lastCalls = lastCallMillisByHash.values().iterator();
        // Stops at the first live entry: an older one behind it only costs a database round trip, never a wrong answer.
        while (lastCalls.hasNext() && lastCalls.next() < cutoffMillis) {
            lastCalls.remove();
            forgotten++;
        }
        return forgotten;
    }

    public synchronized int size() {
        return lastCallMillisByHash.size();
    }

    /** True once more numbers than {@code capacity} called: calls up to the last evicted one go to the database. */
    public synchronized boolean hasEvicted() {
        return evictedThroughMillis != Long.MIN_VALUE;
    }

    private void evictEldest() {
        Iterator<Map.Entry<Long, Long>> eldest = lastCallMillisByHash.entrySet().iterator();
        evictedThroughMillis = Math.max(evictedThroughMillis, eldest.next().getValue());
        eldest.remove();
    }

    /** 64-bit FNV-1a over the UTF-16 units, then a murmur finalizer: collisions are rare and only cost a round trip. */
    static long hash(String callerNumber) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < callerNumber.length(); i++) {
            hash ^= callerNumber.charAt(i);
            hash *= 0x100000001b3L;
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        return hash;
    }
}
