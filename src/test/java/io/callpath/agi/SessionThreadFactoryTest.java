package io.callpath.agi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionThreadFactoryTest {

    private static final int RUNNING_RELEASE = Runtime.version().feature();

    private final ServerFixture fixture = new ServerFixture();

    @AfterEach
    void stopServers() {
        fixture.close();
    }

    @Test
    void java17RunsSessionsOnPlatformThreadsEvenWhenVirtualIsAsked() {
        assertThat(SessionThreadFactory.choose(null, 17).virtual()).isFalse();
        SessionThreadFactory asked = SessionThreadFactory.choose("virtual", 17);
        assertThat(asked.virtual()).isFalse();
        assertThat(asked.description()).contains("needs Java 21+");
    }

    @Test
    void platformPropertyWinsOnEveryRelease() {
        assertThat(SessionThreadFactory.choose("platform", RUNNING_RELEASE).virtual())
                .isFalse();
        assertThat(SessionThreadFactory.choose(" Platform ", RUNNING_RELEASE).description())
                .contains("callpath.threads=platform");
    }

    @Test
    void unknownPropertyValueIsRejected() {
        assertThatThrownBy(() -> SessionThreadFactory.choose("green", RUNNING_RELEASE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("callpath.threads=green");
    }

    @Test
    void sessionsRunOnVirtualThreadsWhenAskedAndTheRuntimeHasThem() throws Exception {
        assumeTrue(RUNNING_RELEASE >= 21, "virtual threads need Java 21+");
        assertThat(SessionThreadFactory.choose(null, RUNNING_RELEASE).virtual()).isFalse();
        SessionThreadFactory threads = SessionThreadFactory.choose("virtual", RUNNING_RELEASE);
        assertThat(threads.virtual()).isTrue();
        assertThat(threads.description()).startsWith("virtual threads");
        fixture.script("t", channel -> describe(Thread.currentThread()));
        FastAgiServer server = fixture.start(ServerFixture.settings(Duration.ofSeconds(2)), threads);
        try (RawAsterisk peer = RawAsterisk.connect(server.port()).open("t")) {
            assertThat(peer.readUntilClosed()).isEmpty();
        }
        assertThat(fixture.nextOutcome()).asString().matches("virtual agi-session-\\d+");
        fixture.assertServesNextSession(server);
    }

    @Test
    void platformOverrideRunsSessionsOnNamedPlatformThreads() throws Exception {
        fixture.script("t", channel -> describe(Thread.currentThread()));
        FastAgiServer server = fixture.start(
                ServerFixture.settings(Duration.ofSeconds(2)),
                SessionThreadFactory.choose("platform", RUNNING_RELEASE));
        try (RawAsterisk peer = RawAsterisk.connect(server.port()).open("t")) {
            assertThat(peer.readUntilClosed()).isEmpty();
        }
        assertThat(fixture.nextOutcome()).asString().matches("platform agi-session-\\d+");
        fixture.assertServesNextSession(server);
    }

    /** Thread.isVirtual() through reflection: the tests compile with --release 17 too. */
    private static String describe(Thread thread) {
        boolean virtual;
        try {
            virtual = (Boolean) Thread.class.getMethod("isVirtual").invoke(thread);
        } catch (NoSuchMethodException java17) {
            virtual = false;
        } catch (ReflectiveOperationException unexpected) {
            throw new IllegalStateException(unexpected);
        }
        return (virtual ? "virtual " : "platform ") + thread.getName();
    }
}
