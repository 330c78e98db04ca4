package io.callpath.bench;

import java.util.List;
import java.util.Map;

/**
 * How to start one peer server in a child JVM. Every peer serves the same three sessions per call (incoming,
 * answered, hangup), so the load is the same for all of them.
 */
record PeerSpec(String name, String mainClass, List<String> args, Map<String, String> environment) {

    static final String CALLPATH = "callpath";
    static final String BARE_ASTERISK_JAVA = "bare-aj";
    static final String RAW_SOCKETS = "raw";

    PeerSpec {
        args = List.copyOf(args);
        environment = Map.copyOf(environment);
    }

    /** Peer (a): callpath's full flow; logs as configured (one INFO line per call is part of its cost). */
    static PeerSpec callpath(String config) {
        return new PeerSpec(
                CALLPATH,
                CallpathServerChild.class.getName(),
                config.isEmpty() ? List.of() : List.of("--config", config),
                Map.of());
    }

    /** Peer (b), its pool raised to {@code maxPool} threads (library default: 500). */
    static PeerSpec bareAsteriskJava(String sequence, int corePool, int maxPool, int readTimeoutMillis) {
        return new PeerSpec(
                BARE_ASTERISK_JAVA,
                BareAsteriskJavaServer.class.getName(),
                List.of(
                        "--sequence",
                        sequence,
                        "--pool-size",
                        Integer.toString(corePool),
                        "--max-pool-size",
                        Integer.toString(maxPool),
                        "--read-timeout-ms",
                        Integer.toString(readTimeoutMillis)),
                quietLogging());
    }

    static PeerSpec rawSockets(String sequence, int maxConnections, int readTimeoutMillis) {
        return new PeerSpec(
                RAW_SOCKETS,
                RawSocketServer.class.getName(),
                List.of(
                        "--sequence",
                        sequence,
                        "--max-connections",
                        Integer.toString(maxConnections),
                        "--read-timeout-ms",
                        Integer.toString(readTimeoutMillis)),
                quietLogging());
    }

    private static Map<String, String> quietLogging() {
        // asterisk-java logs every connection at INFO; the bare peers are about protocol cost, not logging
        return Map.of("CALLPATH_LOG_LEVEL", "WARN");
    }

    PeerSpec named(String newName) {
        return new PeerSpec(newName, mainClass, args, environment);
    }
}
