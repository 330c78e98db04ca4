package io.callpath.agi;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Locale;
import java.util.Optional;

/**
 * Makes the threads AGI sessions run on: platform threads by default; virtual threads on Java 21+ with
 * {@code -Dcallpath.threads=virtual}. Platform is the default because on Java 25 virtual threads measured a
 * 4x higher p99 per AGI command (every read hops through the JDK's poller) with no heap gain: platform stacks
 * live outside the heap (BENCHMARKS.md). Virtual threads are reached
 * through method handles so the code still compiles with {@code --release 17}.
 */
final class SessionThreadFactory {

    static final String PROPERTY = "callpath.threads";
    private static final long PLATFORM_STACK_BYTES = 512 * 1024;
    private static final int FIRST_VIRTUAL_THREAD_RELEASE = 21;

    /** Null on platform threads. */
    private final VirtualBuilder virtualBuilder;

    private final String description;

    private SessionThreadFactory(VirtualBuilder virtualBuilder, String description) {
        this.virtualBuilder = virtualBuilder;
        this.description = description;
    }

    /** Platform threads with a modest stack, whatever the runtime. */
    static SessionThreadFactory platform(String why) {
        return new SessionThreadFactory(null, "platform threads (" + why + ")");
    }

    /** Chooses from system property {@value #PROPERTY} and the running Java release. */
    static SessionThreadFactory fromSystemProperty() {
        return choose(System.getProperty(PROPERTY), Runtime.version().feature());
    }

    /**
     * Platform threads unless {@code requested} is "virtual" and the runtime has them (Java 21+).
     *
     * @throws IllegalArgumentException when {@code requested} is neither absent, "platform" nor "virtual"
     */
    static SessionThreadFactory choose(String requested, int javaFeatureRelease) {
        String wanted =
                requested == null || requested.isBlank() ? "" : requested.trim().toLowerCase(Locale.ROOT);
        if (!wanted.isEmpty() && !wanted.equals("platform") && !wanted.equals("virtual")) {
            throw new IllegalArgumentException("-D" + PROPERTY + "=" + requested + " is not platform or virtual");
        }
        if (wanted.equals("platform")) {
            return platform("-D" + PROPERTY + "=platform");
        }
        if (wanted.isEmpty()) {
            return platform("default, -D" + PROPERTY + "=virtual to change");
        }
        Optional<VirtualBuilder> handles =
                javaFeatureRelease >= FIRST_VIRTUAL_THREAD_RELEASE ? virtualThreadHandles() : Optional.empty();
        if (handles.isEmpty()) {
            String why = "Java " + javaFeatureRelease + " has no virtual threads";
            return platform(why + "; -D" + PROPERTY + "=virtual needs Java 21+");
        }
        return new SessionThreadFactory(handles.get(), "virtual threads (-D" + PROPERTY + "=virtual)");
    }

    boolean virtual() {
        return virtualBuilder != null;
    }

    /** What was chosen and why, for the one start-up log line. */
    String description() {
        return description;
    }

    /** An unstarted thread named {@code threadName} that runs {@code task}. */
    Thread unstarted(String threadName, Runnable task) {
        if (virtualBuilder == null) {
            return new Thread(null, task, threadName, PLATFORM_STACK_BYTES);
        }
        try {
            return virtualBuilder.unstarted(threadName, task);
        } catch (RuntimeException | Error failure) {
            throw failure;
        } catch (Throwable impossible) {
            // The handles have no checked exceptions; keep the compiler satisfied without hiding a surprise.
            throw new IllegalStateException("cannot create a virtual thread", impossible);
        }
    }

    /** Thread.ofVirtual(), Thread.Builder.name(String) and Thread.Builder.unstarted(Runnable) as handles. */
    private record VirtualBuilder(MethodHandle ofVirtual, MethodHandle name, MethodHandle unstarted) {

        /** A fresh builder per thread: Thread.Builder is not thread-safe and its name is per thread here. */
        Thread unstarted(String threadName, Runnable task) throws Throwable {
            return (Thread) unstarted.invoke(name.invoke(ofVirtual.invoke(), threadName), task);
        }
    }

    private static Optional<VirtualBuilder> virtualThreadHandles() {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            Class<?> ofVirtualBuilder = Class.forName("java.lang.Thread$Builder$OfVirtual");
            MethodHandle ofVirtual =
                    lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtualBuilder));
            MethodHandle name = lookup.findVirtual(builder, "name", MethodType.methodType(builder, String.class));
            MethodHandle unstarted =
                    lookup.findVirtual(builder, "unstarted", MethodType.methodType(Thread.class, Runnable.class));
            VirtualBuilder virtualBuilder = new VirtualBuilder(ofVirtual, name, unstarted);
            // Probe once: where virtual threads are missing or a disabled preview this throws, and we fall back.
            virtualBuilder.unstarted("agi-probe", () -> {});
            return Optional.of(virtualBuilder);
        } catch (Throwable unavailable) {
            // MethodHandle.invoke declares Throwable; any failure here just means "no virtual threads".
            return Optional.empty();
        }
    }
}
