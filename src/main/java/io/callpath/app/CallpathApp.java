package io.callpath.app;

import io.callpath.ami.PbxControl;
import io.callpath.config.CallpathConfig;
import io.callpath.events.EventSink;
import io.callpath.events.SessionClock;
import io.callpath.flow.CallRequest;
import io.callpath.flow.CallerHistory;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The composition root: the one place where callpath's parts are built and wired. {@code serve}, {@code simulate},
 * the test rigs and the benchmarks all start callpath here. Building one starts nothing; {@link #start()} starts every
 * part in order and returns them running. The seams a test or the simulator needs (another sink, fixed clocks, no
 * database) are options of the {@link Builder}, so nobody rewires the parts by hand.
 */
public final class CallpathApp {

    private final CallpathConfig config;
    private final Map<String, String> environment;
    private final EventSink alsoTo;
    private final Clock wallClock;
    private final Function<CallRequest, SessionClock> sessionClocks;
    /** Null: calls are stored in PostgreSQL; otherwise the run has no database and remembers callers here. */
    private final CallerHistory inMemoryCallers;

    private final PbxControl pbx;

    private CallpathApp(Builder builder) {
        this.config = builder.config;
        this.environment = Map.copyOf(builder.environment);
        this.alsoTo = builder.alsoTo;
        this.wallClock = builder.wallClock;
        this.sessionClocks = builder.sessionClocks;
        this.inMemoryCallers = builder.inMemoryCallers;
        this.pbx = builder.pbx;
    }

    /** callpath as {@code serve} runs it: system clocks, PostgreSQL, no environment. */
    public static CallpathApp create(CallpathConfig config) {
        return builder(config).build();
    }

    public static Builder builder(CallpathConfig config) {
        return new Builder(config);
    }

    /** Starts every part, FastAGI listening last; what had started is closed again when a part fails to start. */
    public RunningCallpath start() {
        if (inMemoryCallers != null) {
            return Assembly.startWithoutDatabase(config, alsoTo, wallClock, sessionClocks, inMemoryCallers);
        }
        return Assembly.start(config, environment, alsoTo, wallClock, sessionClocks, pbx);
    }

    /** The options of a start; each has the default {@code serve} uses. */
    public static final class Builder {

        private final CallpathConfig config;
        private Map<String, String> environment = Map.of();
        private EventSink alsoTo = event -> {};
        private Clock wallClock = Clock.systemUTC();
        private Function<CallRequest, SessionClock> sessionClocks = request -> SessionClock.system();
        private CallerHistory inMemoryCallers;
        private PbxControl pbx;

        private Builder(CallpathConfig config) {
            this.config = Objects.requireNonNull(config, "config == null");
        }

        /** Where the {@code CALLPATH_*} settings (database URL and password, HTTP token, AMI secret) are read. */
        public Builder environment(Map<String, String> variables) {
            this.environment = Objects.requireNonNull(variables, "environment == null");
            return this;
        }

        /** Every event also goes to {@code sink} (tests and the simulator read them there). */
        public Builder alsoSendEventsTo(EventSink sink) {
            this.alsoTo = Objects.requireNonNull(sink, "sink == null");
            return this;
        }

        /** The wall clock of repeat-caller windows, desks, callbacks and refused sessions' events. */
        public Builder wallClock(Clock clock) {
            this.wallClock = Objects.requireNonNull(clock, "clock == null");
            return this;
        }

        /** A fresh session clock of the same kind for every session (anchored when the session starts). */
        public Builder sessionClock(Supplier<SessionClock> clocks) {
            Objects.requireNonNull(clocks, "clocks == null");
            this.sessionClocks = request -> clocks.get();
            return this;
        }

        /** A session clock chosen per session by its request (the simulator's per-call time). */
        public Builder sessionClockPerCall(Function<CallRequest, SessionClock> clocks) {
            this.sessionClocks = Objects.requireNonNull(clocks, "clocks == null");
            return this;
        }

        /**
         * No database: only the flows and the FastAGI server run, events go to {@link #alsoSendEventsTo} alone and
         * repeat callers are remembered in {@code callers}; no HTTP, AMI or callbacks (they need the database).
         */
        public Builder withoutDatabase(CallerHistory callers) {
            this.inMemoryCallers = Objects.requireNonNull(callers, "callers == null");
            return this;
        }

        /** Talks to the PBX through {@code control} rather than the config's {@code ami:} (a test's PBX). */
        public Builder pbx(PbxControl control) {
            this.pbx = Objects.requireNonNull(control, "control == null");
            return this;
        }

        public CallpathApp build() {
            return new CallpathApp(this);
        }
    }
}
