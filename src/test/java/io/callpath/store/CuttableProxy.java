package io.callpath.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder in front of PostgreSQL whose plug can be pulled: cut() drops every connection and refuses new ones;
 * stall() keeps every connection open but forwards nothing (a hung server or a silent network). Public for the
 * end-to-end outage test.
 */
public final class CuttableProxy implements AutoCloseable {

    private final int targetPort;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listener;
    private boolean stalled;

    public CuttableProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = listen(0);
        this.port = listener.getLocalPort();
    }

    public int port() {
        return port;
    }

    /** Connections stay open and new ones are accepted, but no byte goes through until cut() or restore(). */
    public synchronized void stall() {
        stalled = true;
    }

    /** Drops every open connection and closes the port (connects are refused). */
    public synchronized void cut() throws IOException {
        stalled = false;
        notifyAll();
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        sockets.clear();
    }

    /** Forwards again; after a cut, listens again on the same port. */
    public synchronized void restore() throws IOException {
        stalled = false;
        notifyAll();
        if (listener.isClosed()) {
            listener = listen(port);
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }

    private ServerSocket listen(int onPort) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
        Thread acceptor = new Thread(() -> acceptLoop(server), "proxy-accept-" + onPort);
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }

    private void acceptLoop(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(upstream);
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Holds a pump while stalled; a closed socket or the bounded wait lets it re-check. */
    private synchronized void awaitFlowing(Socket to) throws InterruptedException {
        while (stalled && !to.isClosed()) {
            wait(100);
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    awaitFlowing(to);
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // the other side or cut() closed the connection
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                try {
                    to.close();
                    from.close();
                } catch (IOException ignored) {
                    // already closing
                }
            }
        }, "proxy-pipe");
        pump.setDaemon(true);
        pump.start();
    }
}
