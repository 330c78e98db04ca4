package io.callpath.sim;

import io.callpath.events.SessionClock;
import io.callpath.flow.CallRequest;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Which simulated call each channel belongs to, so that a server in the same process stamps every session of a call
 * (caller, seller and assistant legs, handoff, hang-up handlers) with that call's own {@link SimulatedTime}, however
 * many calls run at once and however loaded the machine is. A channel nobody registered gets the system clocks.
 */
public final class SimulatedCalls {

    private final ConcurrentMap<String, SimulatedTime> timesByUniqueId = new ConcurrentHashMap<>();
    private final int capacity;

    /** @param capacity most channels registered at once (calls at once times channels per call is plenty) */
    public SimulatedCalls(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** Called by the fake before it opens any session on the channel {@code uniqueId}. */
    public void register(String uniqueId, SimulatedTime time) {
        Objects.requireNonNull(uniqueId, "uniqueId == null");
        Objects.requireNonNull(time, "time == null");
        // a bound, not a cache: silently dropping a live channel would put its call back on the loaded wall clock
        if (timesByUniqueId.size() >= capacity && !timesByUniqueId.containsKey(uniqueId)) {
            throw new IllegalStateException("more than " + capacity + " simulated channels registered at once: "
                    + "forget(time) each call once it ended");
        }
        timesByUniqueId.put(uniqueId, time);
    }

    /** Drops every channel of the call that runs on {@code time}; its sessions keep the clocks they were given. */
    public void forget(SimulatedTime time) {
        timesByUniqueId.values().removeIf(registered -> registered == time);
    }

    /** The session clock for a server session: its call's simulated time, or the system clocks for a stranger. */
    public SessionClock sessionClock(CallRequest request) {
        SimulatedTime time = timesByUniqueId.get(request.uniqueId());
        return time == null ? SessionClock.system() : new SessionClock(time.clock(), time::nanoTime);
    }

    /** Channels registered now. */
    public int size() {
        return timesByUniqueId.size();
    }
}
