package io.callpath.sim;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What happened on one simulated call, for tests to assert on (like MockWebServer's takeRequest).
 *
 * @param linkedId          the call's linkedid
 * @param sessions          every FastAGI session in the order they opened
 * @param callerVariables   the caller channel's variables when the call ended (CALLPATH_STATUS, CALLPATH_ROUTE, DIALSTATUS...)
 * @param connectedEndpoints dial strings of the endpoints that were bridged to the caller, in order
 * @param dialStatuses      DIALSTATUS of each EXEC Dial on the caller channel, in order
 * @param callerHungUp      the caller's hang-up cue fired
 * @param lostDigits        keys the caller pressed while no command listened for them
 * @param musicHeard        music on hold the caller heard during each Dial with m(class), in order
 */
public record CallRecord(
        String linkedId,
        List<SessionRecord> sessions,
        Map<String, String> callerVariables,
        List<String> connectedEndpoints,
        List<String> dialStatuses,
        boolean callerHungUp,
        List<Character> lostDigits,
        List<MusicHeard> musicHeard) {

    public CallRecord {
        sessions = List.copyOf(sessions);
        callerVariables = Map.copyOf(callerVariables);
        connectedEndpoints = List.copyOf(connectedEndpoints);
        dialStatuses = List.copyOf(dialStatuses);
        lostDigits = List.copyOf(lostDigits);
        musicHeard = List.copyOf(musicHeard);
    }

    /** The first session of that script name (e.g. "answered"). */
    public Optional<SessionRecord> session(String scriptName) {
        return sessions.stream().filter(s -> s.scriptName().equals(scriptName)).findFirst();
    }

    /** All sessions of that script name. */
    public List<SessionRecord> sessions(String scriptName) {
        return sessions.stream().filter(s -> s.scriptName().equals(scriptName)).toList();
    }

    /** The endpoint that was bridged last, if any. */
    public Optional<String> answeredBy() {
        return connectedEndpoints.isEmpty()
                ? Optional.empty()
                : Optional.of(connectedEndpoints.get(connectedEndpoints.size() - 1));
    }

    /** The caller hung up before anyone was bridged to them. */
    public boolean abandoned() {
        return callerHungUp && connectedEndpoints.isEmpty();
    }

    /** A caller channel variable at the end of the call. */
    public Optional<String> variable(String name) {
        return Optional.ofNullable(callerVariables.get(name));
    }
}
