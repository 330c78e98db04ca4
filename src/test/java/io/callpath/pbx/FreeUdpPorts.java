package io.callpath.pbx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * UDP ports free on 127.0.0.1 right now, found at run time: other engineers' Asterisk instances and SIPp runs share
 * this machine, so no test uses a fixed port. A port found free can still be taken before it is bound; the ranges
 * are drawn at random from a wide span to make that unlikely.
 */
public final class FreeUdpPorts {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int LOWEST = 20_000;
    private static final int HIGHEST = 60_000;

    private FreeUdpPorts() {}

    /** One UDP port that is free for UDP and TCP (SIP may use both). */
    public static int udp() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port;
            try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
                port = socket.getLocalPort();
            } catch (SocketException e) {
                throw new UncheckedIOException(e);
            }
            if (port >= 1024 && tcpFree(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free UDP port on 127.0.0.1 after 200 attempts");
    }

    /** The first port of {@code count} consecutive UDP ports that are all free now (even, as RTP likes). */
    public static int udpRange(int count) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int start = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST - count) & ~1;
            if (allUdpFree(start, count)) {
                return start;
            }
        }
        throw new IllegalStateException(
                "no " + count + " consecutive free UDP ports between " + LOWEST + " and " + HIGHEST);
    }

    private static boolean allUdpFree(int start, int count) {
        for (int port = start; port < start + count; port++) {
            try (DatagramSocket socket = new DatagramSocket(null)) {
                socket.bind(new InetSocketAddress(LOOPBACK, port));
            } catch (SocketException taken) {
                return false;
            }
            try (DatagramSocket socket = new DatagramSocket(null)) {
                socket.bind(new InetSocketAddress("0.0.0.0", port));
            } catch (SocketException taken) {
                return false;
            }
        }
        return true;
    }

    private static boolean tcpFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
