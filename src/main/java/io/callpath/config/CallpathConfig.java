package io.callpath.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole configuration (callpath.yaml), after loading.
 *
 * @param server        the FastAGI listener
 * @param database      where the metrics go
 * @param metrics       how reports judge calls
 * @param repeatCallers repeat-caller recognition
 * @param lines         inbound lines, in file order
 * @param departments   department name -> department, in file order
 * @param http          the operations endpoint: wallboard, /metrics, /health
 * @param ami           the manager connection (desk transfers, originated calls)
 * @param desk          the assistant and seller desks
 */
public record CallpathConfig(
        ServerSettings server,
        DatabaseSettings database,
        MetricsSettings metrics,
        RepeatCallerSettings repeatCallers,
        List<LineConfig> lines,
        Map<String, DepartmentConfig> departments,
        HttpSettings http,
        AmiSettings ami,
        DeskSettings desk) {

    public CallpathConfig {
        lines = List.copyOf(lines);
        departments = Collections.unmodifiableMap(new LinkedHashMap<>(departments));
        java.util.Objects.requireNonNull(http, "http == null");
        java.util.Objects.requireNonNull(ami, "ami == null");
        java.util.Objects.requireNonNull(desk, "desk == null");
    }

    /** A configuration without the HTTP endpoint ({@link HttpSettings#off()}), AMI or desk settings: tests, benchmarks and the simulator. */
    public CallpathConfig(
            ServerSettings server,
            DatabaseSettings database,
            MetricsSettings metrics,
            RepeatCallerSettings repeatCallers,
            List<LineConfig> lines,
            Map<String, DepartmentConfig> departments) {
        this(server, database, metrics, repeatCallers, lines, departments, HttpSettings.off());
    }

    /** A configuration with {@code http} and without AMI or desk settings. */
    public CallpathConfig(
            ServerSettings server,
            DatabaseSettings database,
            MetricsSettings metrics,
            RepeatCallerSettings repeatCallers,
            List<LineConfig> lines,
            Map<String, DepartmentConfig> departments,
            HttpSettings http) {
        this(
                server,
                database,
                metrics,
                repeatCallers,
                lines,
                departments,
                http,
                AmiSettings.defaults(),
                DeskSettings.defaults());
    }

    /** The same configuration with {@code http} instead. */
    public CallpathConfig withHttp(HttpSettings newHttp) {
        return new CallpathConfig(server, database, metrics, repeatCallers, lines, departments, newHttp, ami, desk);
    }

    /** The same configuration with {@code newDatabase} instead. */
    public CallpathConfig withDatabase(DatabaseSettings newDatabase) {
        return new CallpathConfig(server, newDatabase, metrics, repeatCallers, lines, departments, http, ami, desk);
    }

    /**
     * The one place the environment overrides the file: CALLPATH_DATABASE_URL / _USER / _PASSWORD,
     * CALLPATH_HTTP_TOKEN and CALLPATH_AMI_SECRET, each when set and not blank. Every command loads its config
     * through it ({@link ConfigLoader#load(java.nio.file.Path, Map)}); applying it twice changes nothing.
     */
    public CallpathConfig withEnvironment(Map<String, String> environment) {
        return new CallpathConfig(
                server,
                database.withEnvironment(environment),
                metrics,
                repeatCallers,
                lines,
                departments,
                http.withTokenFrom(environment),
                ami.withSecretFrom(environment),
                desk);
    }

    /** The same configuration with {@code ami} instead. */
    public CallpathConfig withAmi(AmiSettings newAmi) {
        return new CallpathConfig(server, database, metrics, repeatCallers, lines, departments, http, newAmi, desk);
    }

    /** The line that owns the dialled number {@code did}. */
    public Optional<LineConfig> lineForDid(String did) {
        return lines.stream().filter(line -> line.dids().contains(did)).findFirst();
    }

    public Optional<LineConfig> lineNamed(String name) {
        return lines.stream().filter(line -> line.name().equals(name)).findFirst();
    }

    public Optional<DepartmentConfig> department(String name) {
        return Optional.ofNullable(departments.get(name));
    }
}
