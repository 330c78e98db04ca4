package io.callpath.agi;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Turns connections refused by server.allow into WARN lines a port scan cannot flood: the first refusal of an
 * address is logged at once (a few new addresses per minute at most), later ones are counted and summarised in
 * one line at most once per minute, when the next refusal comes or at shutdown.
 */
final class RefusalWarnings {

    static final Duration SUMMARY_INTERVAL = Duration.ofMinutes(1);
    static final int NEW_ADDRESS_LINES_PER_INTERVAL = 10;
    private static final int REMEMBERED_ADDRESSES = 1024;
    private static final int ADDRESSES_NAMED_IN_SUMMARY = 3;

    private final LongSupplier monotonicNanos;
    private final Consumer<String> warn;
    private final ReentrantLock lock = new ReentrantLock();
    /** Addresses already named in a WARN line; bounded, least recently refused dropped first. */
    private final Map<InetAddress, Boolean> named = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, Boolean> eldest) {
            return size() > REMEMBERED_ADDRESSES;
        }
    };
    /** Refusals not logged one by one since the interval began, per address (bounded) and in total. */
    private final Map<String, Long> unlogged = new HashMap<>();
    private long unloggedTotal;
    private boolean tooManyToName;
    private long intervalStart;
    private int newAddressLines;

    /** Warnings go to {@code warn}; the interval is measured on {@code monotonicNanos}. */
    RefusalWarnings(LongSupplier monotonicNanos, Consumer<String> warn) {
        this.monotonicNanos = monotonicNanos;
        this.warn = warn;
        this.intervalStart = monotonicNanos.getAsLong();
    }

    /** Notes one refused connection from {@code address}, logging what is due. */
    void refused(InetAddress address) {
        lock.lock();
        try {
            long now = monotonicNanos.getAsLong();
            if (now - intervalStart >= SUMMARY_INTERVAL.toNanos()) {
                summarise(now);
            }
            String host = address.getHostAddress();
            if (!named.containsKey(address) && newAddressLines < NEW_ADDRESS_LINES_PER_INTERVAL) {
                named.put(address, Boolean.TRUE);
                newAddressLines++;
                warn.accept("refused FastAGI connection from " + host + ": not in server.allow; add " + host
                        + " to server.allow if it is your Asterisk (further refusals are summarised once a minute)");
                return;
            }
            named.get(address); // refreshes its place in the access order
            unloggedTotal++;
            if (unlogged.containsKey(host) || unlogged.size() < REMEMBERED_ADDRESSES) {
                unlogged.merge(host, 1L, Long::sum);
            } else {
                tooManyToName = true;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Logs the refusals counted but not yet logged; for shutdown. */
    void flush() {
        lock.lock();
        try {
            summarise(monotonicNanos.getAsLong());
        } finally {
            lock.unlock();
        }
    }

    private void summarise(long now) {
        if (unloggedTotal > 0) {
            String top = unlogged.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                    .limit(ADDRESSES_NAMED_IN_SUMMARY)
                    .map(entry -> entry.getKey() + " x" + entry.getValue())
                    .collect(Collectors.joining(", "));
            long seconds = Math.max(1, Duration.ofNanos(now - intervalStart).toSeconds());
            String addresses = tooManyToName ? "more than " + unlogged.size() + " addresses"
                    : unlogged.size() + (unlogged.size() == 1 ? " address" : " addresses");
            warn.accept("refused " + unloggedTotal + " more FastAGI connections from " + addresses + " outside server.allow in the last " + seconds
                    + " s (most: " + top + "); add an address to server.allow only if it is your Asterisk, "
                    + "otherwise block it at the firewall");
        }
        unlogged.clear();
        unloggedTotal = 0;
        tooManyToName = false;
        newAddressLines = 0;
        intervalStart = now;
    }
}
