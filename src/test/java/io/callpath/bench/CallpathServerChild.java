package io.callpath.bench;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Peer (a) in a child JVM: callpath's real main (full flow, metrics persisted) behind the bench control protocol.
 * PLACEHOLDER until the serve command lands: {@link #CALLPATH_MAIN_CLASS} and {@link #serveArgs} are guesses the
 * lead adjusts when wiring. Child JVM main: {@code --port P [--config FILE]}.
 */
public final class CallpathServerChild {

    /** The class whose main runs callpath; a placeholder name until Main/serve is merged. */
    static final String CALLPATH_MAIN_CLASS = "io.callpath.Main";

    private CallpathServerChild() {
    }

    /** True when callpath's main class is on the classpath, i.e. peer (a) can run. */
    static boolean available() {
        try {
            Class.forName(CALLPATH_MAIN_CLASS, false, CallpathServerChild.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Arguments for callpath's main; the config must point at a PostgreSQL so metrics are persisted. */
    static List<String> serveArgs(int port, String config) {
        List<String> args = new ArrayList<>(List.of("serve", "--port", Integer.toString(port)));
        if (!config.isEmpty()) {
            args.addAll(List.of("--config", config));
        }
        return args;
    }

    public static void main(String[] args) throws Exception {
        int port = ChildControl.intArg(args, "--port", 4573);
        Method main = Class.forName(CALLPATH_MAIN_CLASS).getMethod("main", String[].class);
        String[] serveArgs = serveArgs(port, ChildControl.stringArg(args, "--config", "")).toArray(String[]::new);
        Thread server = new Thread(() -> {
            try {
                main.invoke(null, (Object) serveArgs);
            } catch (ReflectiveOperationException e) {
                System.err.println("callpath main failed: " + e.getCause());
                System.exit(2);
            }
        }, "callpath-main");
        server.setDaemon(true);
        server.start();
        awaitListening(port);
        ChildControl.announceReadyAndServe();
        // callpath's shutdown hook closes the server and flushes the event writer
        System.exit(0);
    }

    /** Polls until the port accepts; the probe connection sends nothing, which callpath must shrug off. */
    private static void awaitListening(int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("callpath did not listen on port " + port + " within 60 s", notYet);
                }
                Thread.sleep(200);
            }
        }
    }
}
