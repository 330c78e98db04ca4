package io.callpath.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shipped configs, and variants of them the tests of older flows need. */
public final class ShippedConfigs {

    private ShippedConfigs() {}

    /** config/callpath.yaml with line main's greeting played before the phones ring (no informer.greetingClass). */
    public static CallpathConfig greetingFirst() {
        return greetingFirst(Path.of("config/callpath.yaml"));
    }

    /** A shipped config with its while-ringing line's greeting played before the phones ring (no greetingClass). */
    public static CallpathConfig greetingFirst(Path file) {
        try {
            String shipped = Files.readString(file);
            String edited = shipped.replaceFirst("(?m)^ *greetingClass: .*\\n", "");
            if (edited.equals(shipped)) {
                throw new IllegalStateException(file + " has no greetingClass: adapt this edit");
            }
            return ConfigLoader.parse(edited, file + " without greetingClass");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
