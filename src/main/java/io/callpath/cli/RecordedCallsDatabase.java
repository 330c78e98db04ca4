package io.callpath.cli;

import io.callpath.config.CallpathConfig;
import io.callpath.config.DatabaseSettings;
import io.callpath.config.JdbcUrls;
import io.callpath.store.Database;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/**
 * The database the recorded calls are in, as {@code report}, {@code tune} and {@code simulate} open it: the
 * configured external one (after {@code --database-url} and {@code CALLPATH_DATABASE_*}), else the embedded one of a
 * running {@code callpath serve}, else the embedded database started on the configured data directory.
 */
final class RecordedCallsDatabase {

    private RecordedCallsDatabase() {}

    static Database open(CallpathConfig config) {
        return start(settings(config));
    }

    /**
     * The database of {@code settings}, migrated; one that refuses the connection (down, wrong password) is the user's
     * to fix and says so in one line.
     */
    static Database start(DatabaseSettings settings) {
        try {
            // The settings carry the environment already (ConfigLoader.load): nothing to apply again.
            return Database.start(settings, Map.of());
        } catch (RuntimeException failed) {
            Throwable cause = failed;
            while (cause.getCause() != null && !(cause instanceof SQLException)) {
                cause = cause.getCause();
            }
            if (!(cause instanceof SQLException)) {
                throw failed;
            }
            throw new UserInputException("cannot open the database "
                    + settings.externalUrl()
                            .map(JdbcUrls::masked)
                            .map(url -> url + " as " + settings.user())
                            .orElse("(embedded)")
                    + ": " + cause.getMessage()
                    + " (check database.url, database.user and database.password, or CALLPATH_DATABASE_URL, "
                    + "CALLPATH_DATABASE_USER and CALLPATH_DATABASE_PASSWORD)");
        }
    }

    /** {@code config}'s database settings, pointed at a running serve's embedded database when none is configured. */
    static DatabaseSettings settings(CallpathConfig config) {
        return external(config, config.database().dataDirectory()).orElse(config.database());
    }

    /** The configured external database, else the embedded one of a serve running on {@code dataDirectories}, in turn. */
    static Optional<DatabaseSettings> external(CallpathConfig config, Path... dataDirectories) {
        DatabaseSettings database = config.database();
        if (database.externalUrl().isPresent()) {
            return Optional.of(database);
        }
        for (Path dataDirectory : dataDirectories) {
            Optional<String> url = RunningEmbeddedDatabase.url(dataDirectory);
            if (url.isPresent()) {
                return url.map(database::withUrl);
            }
        }
        return Optional.empty();
    }
}
