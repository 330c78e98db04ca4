package io.callpath.pbx;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One Asterisk process in its own directory (made by the tree's {@code make-instance.sh}), with its own control socket,
 * AMI on a free loopback port and nothing else listening unless a test adds a SIP transport. CEL is on: cel_custom
 * writes {@code var/log/cel-custom/cel.csv} with microsecond EventTime. {@link #close()} always stops it: {@code core
 * stop now}, then a kill if it has not exited within seconds.
 */
public final class AsteriskInstance implements AutoCloseable {

    /** The columns of cel.csv, in order (the names res_cdrel_custom registers; dist/README.md). */
    static final String CEL_FIELDS =
            "EventType,EventTime,ChanName,UniqueID,LinkedID,Peer,Exten,Context,AppName,AppData,eventextra";

    static final String AMI_USER = "callpath-test";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final AsteriskInstall install;
    private final Path directory;
    private final int amiPort;
    private final String amiSecret;
    private Process process;
    private Thread killOnExit;
    private AmiClient ami;

    private AsteriskInstance(AsteriskInstall install, Path directory, int amiPort, String amiSecret) {
        this.install = install;
        this.directory = directory;
        this.amiPort = amiPort;
        this.amiSecret = amiSecret;
    }

    /**
     * Creates the instance directory with the harness's base configuration; {@link #writeConfig} adds or replaces files
     * (extensions.conf, pjsip.conf, ...) before {@link #start()}.
     */
    public static AsteriskInstance create(AsteriskInstall install, Path directory) {
        try {
            Files.createDirectories(directory);
            Path instance = directory.toAbsolutePath().normalize();
            if (install.makeInstance() != null) {
                AsteriskInstall.run(
                        List.of("sh", install.makeInstance().toString(), instance.toString()), "make-instance.sh");
            } else {
                for (String sub : List.of(
                        "etc",
                        "var/lib/sounds",
                        "var/lib/moh",
                        "var/lib/agi-bin",
                        "var/lib/keys",
                        "var/log/cel-custom",
                        "var/log/cdr-csv",
                        "var/spool",
                        "var/run")) {
                    Files.createDirectories(instance.resolve(sub));
                }
            }
            AsteriskInstance asterisk = new AsteriskInstance(
                    install, instance, freePort(), "secret-" + Long.toHexString(System.nanoTime()));
            asterisk.writeBaseConfig();
            return asterisk;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Asterisk instance in " + directory, e);
        }
    }

    private void writeBaseConfig() throws IOException {
        writeConfig("asterisk.conf", """
                [directories]
                astetcdir => %1$s/etc
                astmoddir => %2$s
                astvarlibdir => %1$s/var/lib
                astdbdir => %1$s/var/lib
                astkeydir => %1$s/var/lib/keys
                astdatadir => %1$s/var/lib
                astagidir => %1$s/var/lib/agi-bin
                astspooldir => %1$s/var/spool
                astrundir => %1$s/var/run
                astlogdir => %1$s/var/log
                astsbindir => %3$s

                [options]
                ; 200 calls at once are ~2,000 descriptors; the default 1,024 is not enough
                maxfiles = 16384
                """.formatted(
                        directory, install.modules(), install.binary().getParent()));
        writeConfig("modules.conf", """
                [modules]
                autoload = yes
                noload = cdr_custom.so
                """);
        writeConfig("logger.conf", """
                [general]
                dateformat = %F %T.%3q
                [logfiles]
                messages.log => notice,warning,error,verbose
                """);
        writeConfig("cel.conf", """
                [general]
                enable = yes
                apps = dial,agi
                events = ALL
                """);
        writeConfig("cel_custom.conf", "[cel.csv]\nfields = " + CEL_FIELDS + "\n");
        writeConfig("manager.conf", """
                [general]
                enabled = yes
                bindaddr = 127.0.0.1
                port = %d
                ; the harness only sends actions; without these, 200 calls at once fill the manager's event queue
                ; ("Taskprocessor 'stasis/m:manager:core-...' queue reached 3000 scheduled tasks") on a busy machine
                disabledevents = Newexten,VarSet,Newstate,NewCallerid,NewConnectedLine,NewAccountCode,Newchannel,Hangup,HangupRequest,SoftHangupRequest,DTMFBegin,DTMFEnd,DialBegin,DialEnd,DialState,BridgeCreate,BridgeEnter,BridgeLeave,BridgeDestroy,LocalBridge,LocalOptimizationBegin,LocalOptimizationEnd,AGIExecStart,AGIExecEnd,Cdr,Cel,Rename,MusicOnHoldStart,MusicOnHoldStop,HangupHandlerPush,HangupHandlerRun,HangupHandlerPop,NewExten,OriginateResponse,FullyBooted

                [%s]
                secret = %s
                deny = 0.0.0.0/0.0.0.0
                permit = 127.0.0.1/255.255.255.255
                read = all
                write = all
                """.formatted(amiPort, AMI_USER, amiSecret));
        if (install.hasPjsip()) {
            // no transport: PJSIP loads and nothing listens until a test adds one
            writeConfig("pjsip.conf", "; no transport unless a test adds one\n");
        }
    }

    /** Writes {@code etc/NAME} (replacing it); before {@link #start()}, or followed by a reload. */
    public void writeConfig(String name, String text) {
        try {
            Files.writeString(etc().resolve(name), text, UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a file byte for byte into etc/ under its own name. */
    public void copyConfig(Path file) {
        try {
            Files.copy(
                    file,
                    etc().resolve(file.getFileName().toString()),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts Asterisk in the foreground (console output in {@code console.log}) and waits until it is fully booted. */
    public void start() {
        List<String> command =
                List.of(install.binary().toString(), "-C", asteriskConf().toString(), "-f", "-n", "-vvv");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("console.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        if (install.libraries() != null) {
            builder.environment().put("LD_LIBRARY_PATH", install.libraries().toString());
        }
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        Process started = process;
        killOnExit = new Thread(started::destroyForcibly, "asterisk-kill-on-exit");
        Runtime.getRuntime().addShutdownHook(killOnExit);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Asterisk exited at start (" + process.exitValue() + "); see "
                        + directory.resolve("console.log") + ":\n" + tail(directory.resolve("console.log"), 30));
            }
            CliResult booted = cliResult("core waitfullybooted", Duration.ofSeconds(5));
            if (booted.exitCode() == 0 && booted.output().contains("fully booted")) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "Asterisk did not boot within " + START_TIMEOUT + ": " + booted.output());
            }
            sleep(100);
        }
        ami = AmiClient.connect(amiPort, AMI_USER, amiSecret);
    }

    /** Runs one CLI command through the control socket ({@code asterisk -rx}) and returns its output. */
    public String cli(String command) {
        CliResult result = cliResult(command, Duration.ofSeconds(20));
        if (result.exitCode() != 0) {
            throw new IllegalStateException(
                    "asterisk -rx '" + command + "' exited " + result.exitCode() + ": " + result.output());
        }
        return result.output();
    }

    private record CliResult(int exitCode, String output) {}

    private CliResult cliResult(String command, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(
                        install.binary().toString(), "-C", asteriskConf().toString(), "-rx", command)
                .redirectErrorStream(true);
        if (install.libraries() != null) {
            builder.environment().put("LD_LIBRARY_PATH", install.libraries().toString());
        }
        try {
            Process cli = builder.start();
            byte[] output = cli.getInputStream().readAllBytes();
            if (!cli.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                cli.destroyForcibly();
                return new CliResult(-1, "timed out");
            }
            return new CliResult(cli.exitValue(), new String(output, UTF_8));
        } catch (IOException e) {
            return new CliResult(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CliResult(-1, "interrupted");
        }
    }

    /** The AMI connection (logged in, events off). */
    public AmiClient ami() {
        if (ami == null) {
            throw new IllegalStateException("Asterisk is not started");
        }
        return ami;
    }

    public Path directory() {
        return directory;
    }

    public Path etc() {
        return directory.resolve("etc");
    }

    public Path asteriskConf() {
        return etc().resolve("asterisk.conf");
    }

    /** Where Playback finds {@code sounds/<lang>/...}. */
    public Path soundsDirectory() {
        return directory.resolve("var/lib/sounds");
    }

    public Path messagesLog() {
        return directory.resolve("var/log/messages.log");
    }

    public Path celCsv() {
        return directory.resolve("var/log/cel-custom/cel.csv");
    }

    public CelLog cel() {
        return new CelLog(celCsv());
    }

    /** The harness's manager user ({@code read = all, write = all} on loopback). */
    public String amiUser() {
        return AMI_USER;
    }

    public String amiSecret() {
        return amiSecret;
    }

    public int amiPort() {
        return amiPort;
    }

    public AsteriskInstall install() {
        return install;
    }

    /** The lines of messages.log (with {@code -vvv}: every dialplan step and AGI playback) that contain {@code text}. */
    public List<String> logLinesContaining(String text) {
        if (!Files.exists(messagesLog())) {
            return List.of();
        }
        try (var lines = Files.lines(messagesLog(), UTF_8)) {
            return lines.filter(line -> line.contains(text)).toList();
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("cannot read " + messagesLog(), e);
        }
    }

    /** WARNING and ERROR lines of messages.log that match none of {@code expected}. */
    public List<String> unexpectedProblems(List<Pattern> expected) {
        List<String> problems = new ArrayList<>();
        if (!Files.exists(messagesLog())) {
            return problems;
        }
        try {
            for (String line : Files.readAllLines(messagesLog(), UTF_8)) {
                if ((line.contains("] WARNING[") || line.contains("] ERROR["))
                        && expected.stream()
                                .noneMatch(pattern -> pattern.matcher(line).find())) {
                    problems.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return problems;
    }

    /** Stops Asterisk: {@code core stop now}, then a kill after {@link #STOP_TIMEOUT}. Safe to call twice. */
    @Override
    public void close() {
        if (ami != null) {
            ami.close();
            ami = null;
        }
        if (process == null) {
            return;
        }
        try {
            if (process.isAlive()) {
                cliResult("core stop now", Duration.ofSeconds(5));
                if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
            process = null;
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
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
}
