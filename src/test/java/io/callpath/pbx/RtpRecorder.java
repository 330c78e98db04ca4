package io.callpath.pbx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A UDP socket on 127.0.0.1 that keeps every RTP packet it receives with its arrival time: put its port into a silent
 * caller's SDP and it hears what the caller would hear. {@link #audio} decodes the PCMA (payload type 8) packets.
 */
final class RtpRecorder implements AutoCloseable {

    private static final int PCMA = 8;

    record Packet(Instant arrived, int payloadType, byte[] payload) {}

    private final DatagramSocket socket;
    private final List<Packet> packets = new CopyOnWriteArrayList<>();
    private final Thread receiver;

    RtpRecorder() {
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
        receiver = new Thread(this::receive, "rtp-recorder-" + socket.getLocalPort());
        receiver.setDaemon(true);
        receiver.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void receive() {
        byte[] buffer = new byte[2048];
        while (!socket.isClosed()) {
            DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(datagram);
            } catch (IOException closed) {
                return;
            }
            Instant arrived = Instant.now();
            int length = datagram.getLength();
            if (length < 12 || (buffer[0] & 0xC0) != 0x80) {
                continue;
            }
            int headerLength = 12 + 4 * (buffer[0] & 0x0F);
            if ((buffer[0] & 0x10) != 0 && length >= headerLength + 4) {
                headerLength += 4 + 4 * (((buffer[headerLength + 2] & 0xFF) << 8) | (buffer[headerLength + 3] & 0xFF));
            }
            if (headerLength > length) {
                continue;
            }
            byte[] payload = new byte[length - headerLength];
            System.arraycopy(buffer, headerLength, payload, 0, payload.length);
            packets.add(new Packet(arrived, buffer[1] & 0x7F, payload));
        }
    }

    List<Packet> packets() {
        return List.copyOf(packets);
    }

    /** The PCMA audio of the packets that arrived in [from, to), decoded to 16-bit linear samples, in arrival order. */
    short[] audio(Instant from, Instant to) {
        List<Short> samples = new ArrayList<>();
        for (Packet packet : packets) {
            if (packet.payloadType() == PCMA
                    && !packet.arrived().isBefore(from)
                    && packet.arrived().isBefore(to)) {
                for (byte coded : packet.payload()) {
                    samples.add(alawToLinear(coded));
                }
            }
        }
        short[] out = new short[samples.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = samples.get(i);
        }
        return out;
    }

    /** G.711 A-law to 16-bit linear (ITU-T G.711). */
    static short alawToLinear(byte coded) {
        int value = (coded ^ 0x55) & 0xFF;
        int sign = value & 0x80;
        int exponent = (value & 0x70) >> 4;
        int mantissa = value & 0x0F;
        int magnitude = exponent == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
        return (short) (sign != 0 ? magnitude : -magnitude);
    }

    @Override
    public void close() {
        socket.close();
        try {
            receiver.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
