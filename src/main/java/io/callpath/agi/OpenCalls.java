package io.callpath.agi;

import io.callpath.flow.CallRequest;
import io.callpath.flow.ScriptNames;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Calls in flight as the FastAGI layer sees them: a caller channel (its agi_uniqueid) opens with its
 * {@code incoming} session and closes when its caller-leg {@code hangup} session has been served. Shutdown waits
 * for these, not only for live sessions: a call between sessions (ringing a fallback, or just before its hang-up
 * handler) still has sessions to come. Bounded: the oldest is forgotten first (a dialplan without the hang-up handler
 * never closes its calls).
 */
final class OpenCalls {

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Boolean> open;

    OpenCalls(int bound) {
        this.open = new LinkedHashMap<>(64, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > bound;
            }
        };
    }

    static boolean opens(CallRequest request) {
        return request.script().equals(ScriptNames.INCOMING);
    }

    static boolean closes(CallRequest request) {
        return request.script().equals(ScriptNames.HANGUP)
                && request.parameter("leg").orElse("caller").equals("caller");
    }

    void opened(CallRequest request) {
        lock.lock();
        try {
            open.put(request.uniqueId(), Boolean.TRUE);
        } finally {
            lock.unlock();
        }
    }

    void closed(CallRequest request) {
        lock.lock();
        try {
            open.remove(request.uniqueId());
        } finally {
            lock.unlock();
        }
    }

    int count() {
        lock.lock();
        try {
            return open.size();
        } finally {
            lock.unlock();
        }
    }
}
