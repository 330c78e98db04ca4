package io.callpath.pbx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The Asterisk the PBX tests run: {@code CALLPATH_TEST_ASTERISK} (an unpacked tree or a tarball), else {@code asterisk}
 * on PATH, else {@code ../shared/asterisk/dist/} (the PJSIP tarball preferred: it serves Local and SIP tests alike).
 * Tarballs are unpacked once per build into {@code target/asterisk/}.
 *
 * @param binary         sbin/asterisk
 * @param modules        the loadable modules directory
 * @param libraries      the tree's lib/ (LD_LIBRARY_PATH), or null for a system install
 * @param makeInstance   the tree's make-instance.sh, or null for a system install
 * @param defaultConfigs etc/asterisk of the tree (make-instance.sh copies them), or null
 * @param source         where it came from, for messages
 */
public record AsteriskInstall(
        Path binary, Path modules, Path libraries, Path makeInstance, Path defaultConfigs, String source) {

    public static final String ENVIRONMENT_VARIABLE = "CALLPATH_TEST_ASTERISK";
    static final Path SHARED_DIST = Path.of("..", "shared", "asterisk", "dist");
    static final List<String> TARBALLS =
            List.of("asterisk-22.10.1-pjsip-debian12-amd64.tar.xz", "asterisk-22.10.1-debian12-amd64.tar.xz");
    private static final Path UNPACKED = Path.of("target", "asterisk");
    private static final Object UNPACK_LOCK = new Object();
    private static volatile boolean skipSaid;

    /**
     * The Asterisk to test against; when there is none, the calling test is skipped with one line saying how to enable
     * the PBX tests, or fails under {@code CI=true}.
     */
    public static AsteriskInstall require() {
        Optional<AsteriskInstall> found = find();
        if (found.isPresent()) {
            return found.get();
        }
        String howToEnable = "no Asterisk 22 found. Set " + ENVIRONMENT_VARIABLE
                + " to an unpacked Asterisk tree or its .tar.xz, put asterisk on PATH, or provide "
                + SHARED_DIST + "/ (see docs/pbx-tests.md)";
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail("PBX tests cannot run (CI=true makes a missing Asterisk a failure): " + howToEnable);
        }
        String message = "PBX tests skipped: " + howToEnable;
        if (!skipSaid) {
            skipSaid = true;
            System.err.println(message);
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    static Optional<AsteriskInstall> find() {
        String configured = System.getenv(ENVIRONMENT_VARIABLE);
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            if (Files.isDirectory(path)) {
                return Optional.of(tree(path, ENVIRONMENT_VARIABLE + "=" + configured));
            }
            if (Files.isRegularFile(path)) {
                return Optional.of(unpacked(path, ENVIRONMENT_VARIABLE + "=" + configured));
            }
            throw new IllegalStateException(
                    ENVIRONMENT_VARIABLE + "=" + configured + " is neither a directory nor a file");
        }
        Optional<Path> onPath = onPath("asterisk");
        if (onPath.isPresent()) {
            return Optional.of(system(onPath.get()));
        }
        for (String tarball : TARBALLS) {
            Path file = SHARED_DIST.resolve(tarball);
            if (Files.isRegularFile(file)) {
                return Optional.of(unpacked(file, file.toString()));
            }
        }
        return Optional.empty();
    }

    /** True when this tree can run SIP tests (chan_pjsip is there). */
    public boolean hasPjsip() {
        return Files.isRegularFile(modules.resolve("chan_pjsip.so"));
    }

    /** The unpacked tree's root (where share/sipp lives), or empty for a system install. */
    public Optional<Path> home() {
        return libraries == null ? Optional.empty() : Optional.of(libraries.getParent());
    }

    private static AsteriskInstall tree(Path home, String source) {
        Path root = home.toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("sbin/asterisk"))
                && Files.isDirectory(root.resolve("asterisk-22.10.1"))) {
            root = root.resolve("asterisk-22.10.1");
        }
        Path binary = root.resolve("sbin/asterisk");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(source + ": no executable sbin/asterisk under " + root);
        }
        return new AsteriskInstall(
                binary,
                root.resolve("lib/asterisk/modules"),
                root.resolve("lib"),
                root.resolve("make-instance.sh"),
                root.resolve("etc/asterisk"),
                source);
    }

    /** A distribution's own Asterisk: its modules where Debian, Ubuntu or RHEL put them. */
    private static AsteriskInstall system(Path binary) {
        for (String candidate : List.of(
                "/usr/lib/x86_64-linux-gnu/asterisk/modules",
                "/usr/lib/asterisk/modules",
                "/usr/lib64/asterisk/modules")) {
            if (Files.isDirectory(Path.of(candidate))) {
                return new AsteriskInstall(
                        binary, Path.of(candidate), null, null, null, "asterisk on PATH (" + binary + ")");
            }
        }
        throw new IllegalStateException("asterisk on PATH (" + binary + ") but no modules directory found; set "
                + ENVIRONMENT_VARIABLE + " to an Asterisk tree instead");
    }

    private static Optional<Path> onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(":")) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, command);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Unpacks {@code tarball} into target/asterisk/NAME/ unless an earlier test of this build already did. */
    private static AsteriskInstall unpacked(Path tarball, String source) {
        String name = tarball.getFileName()
                .toString()
                .replaceFirst("\\.tar\\.xz$", "")
                .replaceFirst("\\.t?xz$", "");
        Path destination = UNPACKED.resolve(name).toAbsolutePath();
        synchronized (UNPACK_LOCK) {
            if (!Files.isDirectory(destination)) {
                Path partial = UNPACKED.resolve(
                                name + ".partial-" + ProcessHandle.current().pid())
                        .toAbsolutePath();
                try {
                    Files.createDirectories(partial);
                    run(
                            List.of("tar", "-xJf", tarball.toAbsolutePath().toString(), "-C", partial.toString()),
                            "unpacking " + tarball);
                    Files.move(partial, destination, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    if (!Files.isDirectory(destination)) {
                        throw new UncheckedIOException("cannot unpack " + tarball + " into " + destination, e);
                    }
                }
            }
        }
        try (Stream<Path> children = Files.list(destination)) {
            Path home = children.filter(child -> Files.isRegularFile(child.resolve("sbin/asterisk")))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(tarball + " holds no */sbin/asterisk"));
            return tree(home, source + " (unpacked in " + destination + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void run(List<String> command, String what) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(what + " failed: " + String.join(" ", command) + "\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(what + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        }
    }

    @Override
    public String toString() {
        return source;
    }
}
