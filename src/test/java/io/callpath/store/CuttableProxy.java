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
 * A TCP forwarder in front of PostgreSQL whose plug can be pulled: cut() drops every connection and closes new ones
 * at once; stall() keeps every connection open but forwards nothing (a hung server or a silent network). The port
 * stays bound while cut, so no other socket can take it before restore() (a freed ephemeral port is soon reused by
 * some outgoing connection on a busy machine). Public for the end-to-end outage test.
 */
public final class CuttableProxy implements AutoCloseable {

    private final int targetPort;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final ServerSocket listener;
    private volatile boolean open = true;
    private boolean stalled;

    public CuttableProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = listen();
        this.port = listener.getLocalPort();
    }

    public int port() {
        return port;
    }

    /** Connections stay open and new ones are accepted, but no byte goes through until cut() or restore(). */
    public synchronized void stall() {
        stalled = true;
    }

    /** Drops every open connection; new ones are closed as soon as they are accepted. */
    public synchronized void cut() throws IOException {
        open = false;
        stalled = false;
        notifyAll();
        for (Socket socket : sockets) {
            socket.close();
        }
        sockets.clear();
    }

    /** Forwards again (new connections after a cut, held bytes after a stall). */
    public synchronized void restore() {
        open = true;
        stalled = false;
        notifyAll();
    }

    @Override
    public void close() throws IOException {
        cut();
        listener.close();
    }

    private ServerSocket listen() throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread acceptor = new Thread(() -> acceptLoop(server), "proxy-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }

    private void acceptLoop(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (!open) {
                    client.close();
                    continue;
                }
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
        Thread pump = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
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
                },
                "proxy-pipe");
        pump.setDaemon(true);
        pump.start();
    }
}
