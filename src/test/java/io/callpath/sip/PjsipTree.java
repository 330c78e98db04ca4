package io.callpath.sip;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The relocatable Asterisk 22 tree with PJSIP ({@code ../shared/asterisk/dist/README-pjsip.md}), unpacked once into
 * {@code target/asterisk-pjsip/}. Found through {@code CALLPATH_TEST_ASTERISK_PJSIP} (an unpacked tree or the
 * tarball), else the tarball in {@code ../shared/asterisk/dist/}. Without one the SIP tests are skipped with one line
 * saying how to enable them, except under {@code CI=true}, where a missing tree fails the run.
 */
public record PjsipTree(Path home) {

    private static final String ENVIRONMENT = "CALLPATH_TEST_ASTERISK_PJSIP";
    private static final Path SHARED_DIST = Path.of("..", "shared", "asterisk", "dist");
    private static final Path UNPACKED = Path.of("target", "asterisk-pjsip");

    public Path asterisk() {
        return home.resolve("sbin/asterisk");
    }

    public Path sippScenarios() {
        return home.resolve("share/sipp/scenarios");
    }

    public Path makePcap() {
        return home.resolve("share/sipp/make-pcap.py");
    }

    /** The tree, or the test is skipped (a developer without it) or fails (CI). */
    public static synchronized PjsipTree require() {
        Optional<Path> source = source();
        if (source.isEmpty()) {
            String message = "SIP tests skipped: no Asterisk tree with PJSIP; set " + ENVIRONMENT
                    + " to an unpacked tree or to asterisk-22.10.1-pjsip-debian12-amd64.tar.xz";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(message.replace("skipped", "cannot run under CI=true"));
            }
            System.err.println(message);
            assumeTrue(false, message);
        }
        Path found = source.get();
        return new PjsipTree(Files.isDirectory(found) ? found.toAbsolutePath() : unpack(found));
    }

    private static Optional<Path> source() {
        String configured = System.getenv(ENVIRONMENT);
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            if (!Files.exists(path)) {
                throw new IllegalStateException(ENVIRONMENT + "=" + configured + " does not exist");
            }
            return Optional.of(path);
        }
        if (!Files.isDirectory(SHARED_DIST)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(SHARED_DIST)) {
            return files.filter(file -> file.getFileName().toString().matches("asterisk-.*-pjsip-.*\\.tar\\.xz")).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path unpack(Path tarball) {
        try {
            Path marker = UNPACKED.resolve(tarball.getFileName() + ".unpacked");
            if (!Files.exists(marker)) {
                deleteRecursively(UNPACKED);
                Files.createDirectories(UNPACKED);
                Process tar = new ProcessBuilder(List.of("tar", "-xJf", tarball.toAbsolutePath().toString(), "-C",
                        UNPACKED.toString())).redirectErrorStream(true).start();
                String output = new String(tar.getInputStream().readAllBytes());
                if (!tar.waitFor(120, TimeUnit.SECONDS) || tar.exitValue() != 0) {
                    throw new IllegalStateException("tar -xJf " + tarball + " failed: " + output);
                }
                Files.writeString(marker, tarball.toAbsolutePath().toString());
            }
            try (Stream<Path> entries = Files.list(UNPACKED)) {
                return entries.filter(Files::isDirectory).findFirst()
                        .orElseThrow(() -> new IllegalStateException(tarball + " unpacked no directory"))
                        .toAbsolutePath();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while unpacking " + tarball, e);
        }
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
