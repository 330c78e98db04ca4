package io.callpath.sip;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One Asterisk of the PJSIP tree in its own directory, loaded with the kit ({@code asterisk-config/}) as shipped: only
 * SIP's bind address and port, the RTP range and the {@code CHANGE_ME_...} passwords are set (passwords become
 * {@code test-<user>}). The kit's prompts and hold music are copied where its README says. Extra files (a test
 * dialplan, CEL) can be added; a name that exists in the kit is refused, so the kit is never silently replaced.
 * {@link #close()} stops the process, always.
 */
public final class KitAsterisk implements AutoCloseable {

    public static final Path KIT = Path.of("asterisk-config");
    private static final List<String> KIT_FILES = List.of("pjsip.conf", "modules.conf", "musiconhold.conf", "rtp.conf",
            "extensions.conf", "extensions-callpath.conf");
    private static final Pattern BIND = Pattern.compile("(?m)^bind=0\\.0\\.0\\.0:5060$");
    private static final Pattern PASSWORD = Pattern.compile("(?m)^password=CHANGE_ME_(\\d+)$");
    private static final Pattern LOG_PROBLEM = Pattern.compile("^\\[[^]]+] (ERROR|WARNING)\\[");

    private final PjsipTree tree;
    private final Path directory;
    private final int sipPort;
    private final Process process;

    private KitAsterisk(PjsipTree tree, Path directory, int sipPort, Process process) {
        this.tree = tree;
        this.directory = directory;
        this.sipPort = sipPort;
        this.process = process;
    }

    /**
     * Makes the instance in {@code directory}, starts it and waits until it has fully booted.
     * {@code rtpPorts} ports from a free range of its own are given to rtp.conf.
     */
    public static KitAsterisk start(PjsipTree tree, Path directory, int rtpPorts, Map<String, String> extraFiles) {
        return start(tree, directory, rtpPorts, extraFiles, false);
    }

    /**
     * As {@link #start(PjsipTree, Path, int, Map)}; with {@code cel} CEL is on and written by cel_custom to
     * {@code var/log/cel-custom/cel.csv} ({@link Cel}), configured as the kit's modules.conf tells an administrator:
     * its {@code noload = cel_custom.so} line deleted, cel.conf and cel_custom.conf written.
     */
    public static KitAsterisk start(PjsipTree tree, Path directory, int rtpPorts, Map<String, String> extraFiles,
                                    boolean cel) {
        int sipPort = FreePorts.udp();
        int rtpStart = FreePorts.udpRange(rtpPorts);
        Process process = null;
        try {
            Files.createDirectories(directory);
            Path etc = directory.resolve("etc");
            Files.createDirectories(etc);
            for (String file : KIT_FILES) {
                Files.copy(KIT.resolve(file), etc.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
            rewrite(etc.resolve("pjsip.conf"), BIND, "bind=127.0.0.1:" + sipPort);
            rewrite(etc.resolve("pjsip.conf"), PASSWORD, "password=test-$1");
            rewrite(etc.resolve("rtp.conf"), Pattern.compile("(?m)^rtpstart=\\d+$"), "rtpstart=" + rtpStart);
            rewrite(etc.resolve("rtp.conf"), Pattern.compile("(?m)^rtpend=\\d+$"), "rtpend=" + (rtpStart + rtpPorts - 1));
            if (cel) {
                rewrite(etc.resolve("modules.conf"), Pattern.compile("(?m)^noload = cel_custom\\.so\\R"), "");
                Files.writeString(etc.resolve("cel.conf"), Cel.CEL_CONF);
                Files.writeString(etc.resolve("cel_custom.conf"), Cel.CEL_CUSTOM_CONF);
            }
            for (Map.Entry<String, String> extra : extraFiles.entrySet()) {
                if (KIT_FILES.contains(extra.getKey())) {
                    throw new IllegalArgumentException(extra.getKey() + " is a kit file; the kit loads as shipped");
                }
                Files.writeString(etc.resolve(extra.getKey()), extra.getValue());
            }
            // make-instance.sh copies the tree's defaults only where etc/ has no file of that name
            run(List.of(tree.home().resolve("make-instance.sh").toString(), directory.toString()), Duration.ofSeconds(30));
            copyTree(KIT.resolve("sounds"), directory.resolve("var/lib/sounds"));
            copyTree(KIT.resolve("moh"), directory.resolve("var/lib/moh"));
            process = new ProcessBuilder(tree.asterisk().toString(), "-C", config(directory).toString(), "-f", "-n", "-vvv")
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("console.log").toFile())
                    .start();
            KitAsterisk asterisk = new KitAsterisk(tree, directory, sipPort, process);
            asterisk.awaitBooted();
            return asterisk;
        } catch (IOException | RuntimeException e) {
            if (process != null) {
                process.destroyForcibly();
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    public int sipPort() {
        return sipPort;
    }

    public Path directory() {
        return directory;
    }

    /** A CLI command through the control socket; its output. */
    public String cli(String command) {
        return run(List.of(tree.asterisk().toString(), "-C", config(directory).toString(), "-rx", command),
                Duration.ofSeconds(20));
    }

    /** Every ERROR and WARNING line of messages.log so far. */
    public List<String> loggedProblems() {
        Path log = directory.resolve("var/log/messages.log");
        try (Stream<String> lines = Files.exists(log) ? Files.lines(log) : Stream.empty()) {
            return lines.filter(line -> LOG_PROBLEM.matcher(line).find()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<String> messagesLog() {
        try {
            return Files.readAllLines(directory.resolve("var/log/messages.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitBooted() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        String last = "";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Asterisk exited with " + process.exitValue() + "; see "
                        + directory.resolve("console.log"));
            }
            try {
                last = cli("core waitfullybooted");
                if (last.contains("fully booted")) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                last = notYet.getMessage();
            }
            sleep(200);
        }
        throw new IllegalStateException("Asterisk did not boot within 40 s: " + last);
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                cli("core stop now");
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (RuntimeException stopFailed) {
            // the process is killed below in any case
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    private static Path config(Path directory) {
        return directory.resolve("etc/asterisk.conf");
    }

    private static void rewrite(Path file, Pattern pattern, String replacement) throws IOException {
        String text = Files.readString(file);
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalStateException(file.getFileName() + " of the kit has no line matching " + pattern);
        }
        Files.writeString(file, pattern.matcher(text).replaceAll(replacement));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static String run(List<String> command, Duration timeout) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            try {
                String output = new String(process.getInputStream().readAllBytes());
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
                }
                return output;
            } finally {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The lines of a CLI output, for assertions. */
    public static List<String> lines(String output) {
        return new ArrayList<>(output.lines().toList());
    }
}
