package io.callpath.testing;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What a test or a benchmark needs to start a class of this project in a child JVM: the java binary and the classpath. */
public final class ChildJvm {

    private ChildJvm() {}

    /** The java binary of the JVM running now. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The project's test classpath: under Maven (surefire, exec:java) it is the context class loader's URLs as well as
     * java.class.path (which under exec:java is Maven's own launcher).
     */
    public static String classPath() {
        List<String> entries = new ArrayList<>();
        for (ClassLoader loader = Thread.currentThread().getContextClassLoader();
                loader != null;
                loader = loader.getParent()) {
            if (loader instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    try {
                        entries.add(Path.of(url.toURI()).toString());
                    } catch (URISyntaxException | IllegalArgumentException notAFile) {
                        // only file entries can go on a command line classpath
                    }
                }
            }
        }
        entries.add(System.getProperty("java.class.path"));
        return String.join(File.pathSeparator, entries);
    }
}
