package io.callpath.pbx;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/** A small Asterisk Manager Interface client: actions with an ActionID, their responses; events are turned off. */
public final class AmiClient implements AutoCloseable {

    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(20);

    private final Socket socket;
    private final OutputStream out;
    private final BufferedReader in;
    private final AtomicLong actionIds = new AtomicLong();
    private final Map<String, CompletableFuture<Map<String, String>>> pending = new ConcurrentHashMap<>();
    private final Thread reader;

    private AmiClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), UTF_8));
        String banner = in.readLine();
        if (banner == null || !banner.startsWith("Asterisk Call Manager/")) {
            throw new IOException("not an AMI banner: " + banner);
        }
        this.reader = new Thread(this::readMessages, "ami-reader-" + socket.getPort());
        reader.setDaemon(true);
        reader.start();
    }

    static AmiClient connect(int port, String user, String secret) {
        try {
            AmiClient client = new AmiClient(new Socket(InetAddress.getLoopbackAddress(), port));
            Map<String, String> login =
                    client.action("Login", ordered("Username", user, "Secret", secret, "Events", "off"));
            if (!"Success".equals(login.get("Response"))) {
                client.close();
                throw new IllegalStateException("AMI login refused: " + login);
            }
            return client;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to AMI on 127.0.0.1:" + port, e);
        }
    }

    /** Sends an action and returns its response's headers; fails on a timeout, not on {@code Response: Error}. */
    public Map<String, String> action(String name, Map<String, String> headers) {
        String actionId = Long.toString(actionIds.incrementAndGet());
        CompletableFuture<Map<String, String>> response = new CompletableFuture<>();
        pending.put(actionId, response);
        StringBuilder message = new StringBuilder("Action: ")
                .append(name)
                .append("\r\nActionID: ")
                .append(actionId)
                .append("\r\n");
        headers.forEach((key, value) -> {
            if (key.contains("\n") || value.contains("\n") || value.contains("\r")) {
                throw new IllegalArgumentException("AMI header with a line break: " + key + ": " + value);
            }
            // "Variable" may repeat: several values joined by \u0000 in the map become several lines
            for (String single : value.split("\u0000")) {
                message.append(key).append(": ").append(single).append("\r\n");
            }
        });
        message.append("\r\n");
        try {
            synchronized (out) {
                out.write(message.toString().getBytes(UTF_8));
                out.flush();
            }
            return response.get(RESPONSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("AMI " + name + " failed", e);
        } catch (TimeoutException | ExecutionException e) {
            throw new IllegalStateException("AMI " + name + " got no response", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            pending.remove(actionId);
        }
    }

    /** {@code Action: Originate}, asynchronous: the response says it was queued; the call then runs on its own. */
    public void originate(Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Async", "true");
        Map<String, String> response = action("Originate", all);
        if (!"Success".equals(response.get("Response"))) {
            throw new IllegalStateException("AMI Originate refused: " + response + " for " + headers);
        }
    }

    /** A CLI command through AMI ({@code Action: Command}); returns the response's output. */
    public String command(String command) {
        Map<String, String> response = action("Command", ordered("Command", command));
        return response.getOrDefault("Output", "");
    }

    private void readMessages() {
        Map<String, String> message = new LinkedHashMap<>();
        StringBuilder output = new StringBuilder();
        try {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!message.isEmpty()) {
                        if (output.length() > 0) {
                            message.put("Output", output.toString());
                        }
                        CompletableFuture<Map<String, String>> waiting =
                                pending.get(message.getOrDefault("ActionID", ""));
                        if (waiting != null && message.containsKey("Response")) {
                            waiting.complete(Map.copyOf(message));
                        }
                    }
                    message = new LinkedHashMap<>();
                    output.setLength(0);
                    continue;
                }
                int colon = line.indexOf(": ");
                if (colon > 0 && !line.startsWith("Output: ")) {
                    message.put(line.substring(0, colon), line.substring(colon + 2));
                } else if (line.startsWith("Output: ")) {
                    output.append(line.substring("Output: ".length())).append('\n');
                } else {
                    output.append(line).append('\n');
                }
            }
        } catch (IOException closed) {
            // the socket was closed: pending actions time out
        }
    }

    static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
