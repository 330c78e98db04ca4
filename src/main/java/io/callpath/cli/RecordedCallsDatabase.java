package io.callpath.cli;

import io.callpath.config.CallpathConfig;
import io.callpath.store.Database;
import java.util.HashMap;
import java.util.Map;

/**
 * The database the recorded calls are in, as {@code report} and {@code tune} open it: the configured external one
 * (or {@code CALLPATH_DATABASE_URL}), else the embedded one of a running {@code callpath serve}, else the embedded
 * database started on the configured data directory.
 */
final class RecordedCallsDatabase {

    private RecordedCallsDatabase() {
    }

    static Database open(CallpathConfig config) {
        return Database.start(config.database(), environment(config));
    }

    /** The process environment, pointing CALLPATH_DATABASE_URL at a running serve's embedded database when needed. */
    static Map<String, String> environment(CallpathConfig config) {
        Map<String, String> environment = new HashMap<>(System.getenv());
        RunningEmbeddedDatabase.url(config.database().dataDirectory())
                .filter(url -> !environment.containsKey("CALLPATH_DATABASE_URL") && config.database().externalUrl().isEmpty())
                .ifPresent(url -> environment.put("CALLPATH_DATABASE_URL", url));
        return environment;
    }
}
