package io.callpath.pbx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One SIPp run ({@code sipp}, Debian's sip-tester): started with its arguments plus {@code -nostdin}, a global
 * {@code -timeout} so a stuck run ends by itself, and {@code -trace_msg -message_file} for every SIP message with
 * SIPp's own wall-clock time. Runs in a working directory that holds the {@code pcap/} files. {@link #close()} kills
 * it if it is still running: use it in try-with-resources.
 */
public final class SippProcess implements AutoCloseable {

    /** SIPp's exit status when a scenario ended it with {@code int_cmd="stop_now"}: the phones' end after their call. */
    public static final int STOPPED_BY_SCENARIO = 97;

    private final String name;
    private final Process process;
    private final Path messageFile;
    private final Path output;

    private SippProcess(String name, Process process, Path messageFile, Path output) {
        this.name = name;
        this.process = process;
        this.messageFile = messageFile;
        this.output = output;
    }

    /**
     * Starts {@code sipp} in {@code workDirectory}; {@code name} names its trace files there ({@code name-messages.log},
     * {@code name-screen.log}, {@code name.out}).
     */
    public static SippProcess start(Path workDirectory, String name, Duration timeout, List<String> arguments) {
        Path messageFile = workDirectory.resolve(name + "-messages.log");
        Path output = workDirectory.resolve(name + ".out");
        List<String> command = new ArrayList<>();
        command.add("sipp");
        command.addAll(arguments);
        command.addAll(List.of(
                "-nostdin",
                "-timeout",
                timeout.toSeconds() + "s",
                "-timeout_error",
                "-trace_msg",
                "-message_file",
                messageFile.toString(),
                "-trace_screen",
                "-screen_file",
                workDirectory.resolve(name + "-screen.log").toString(),
                "-trace_err",
                "-error_file",
                workDirectory.resolve(name + "-errors.log").toString()));
        try {
            Process process = new ProcessBuilder(command)
                    .directory(workDirectory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            return new SippProcess(name, process, messageFile, output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start sipp (Debian: apt-get install -y sip-tester)", e);
        }
    }

    /** Waits for SIPp to end by itself; its exit status (0: every call succeeded). */
    public int awaitExit(Duration limit) {
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(
                        "sipp " + name + " still running after " + limit + "; output: " + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for sipp " + name, e);
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The SIP messages SIPp sent and received so far, with its timestamps. */
    public List<SipMessage> messages() {
        return SipMessage.parse(messageFile);
    }

    /** What SIPp printed (its errors and notices), for failure messages. */
    public String output() {
        try {
            return Files.exists(output) ? Files.readString(output) : "";
        } catch (IOException e) {
            return "unreadable: " + e;
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "sipp " + name;
    }
}
