package io.callpath.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** The simulator places hundreds of calls: their INFO lines would bury the progress line and the report. */
final class QuietLogs {

    private QuietLogs() {}

    /** Keeps WARN and ERROR only, unless CALLPATH_LOG_LEVEL asks for more. */
    static void apply() {
        if (System.getenv("CALLPATH_LOG_LEVEL") != null) {
            return;
        }
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(Level.WARN);
        }
    }
}
