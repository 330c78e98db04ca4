package io.callpath.cli;

import io.callpath.config.DatabaseSettings;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --database-url}: the database the recorded calls are in, for report, tune and simulate. */
final class DatabaseOption {

    @Option(
            names = "--database-url",
            paramLabel = "JDBC_URL",
            description = {
                "The PostgreSQL the calls are in, e.g. jdbc:postgresql://db:5432/callpath; overrides "
                        + "CALLPATH_DATABASE_URL and database.url (user and password: CALLPATH_DATABASE_USER and "
                        + "CALLPATH_DATABASE_PASSWORD, else database.user and database.password).",
                "Default: the configured one, else the embedded database of a callpath serve running from this "
                        + "directory, else the embedded database of --config."
            })
    String url;

    /** {@code environment} with --database-url, when given, as CALLPATH_DATABASE_URL. */
    Map<String, String> over(Map<String, String> environment) {
        if (url == null || url.isBlank()) {
            return environment;
        }
        Map<String, String> withUrl = new HashMap<>(environment);
        withUrl.put(DatabaseSettings.URL_VARIABLE, url);
        return withUrl;
    }
}
