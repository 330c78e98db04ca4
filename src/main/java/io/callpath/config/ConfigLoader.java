package io.callpath.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads callpath.yaml into {@link CallpathConfig}, naming every problem by its key. */
public final class ConfigLoader {

    private ConfigLoader() {}

    /** Loads and validates the file alone (no environment); throws {@link ConfigException} listing every problem. */
    public static CallpathConfig load(Path file) {
        return load(file, Map.of());
    }

    /**
     * Loads, applies {@code environment} ({@link CallpathConfig#withEnvironment}: CALLPATH_DATABASE_*,
     * CALLPATH_HTTP_TOKEN, CALLPATH_AMI_SECRET) and validates the result: how every command reads its config.
     */
    public static CallpathConfig load(Path file, Map<String, String> environment) {
        return parse(readFile(file), file.toString(), environment);
    }

    /** Loads and validates YAML text; {@code sourceName} is used in the exception message. */
    public static CallpathConfig parse(String yaml, String sourceName) {
        return parse(yaml, sourceName, Map.of());
    }

    /** As {@link #parse(String, String)}, with {@code environment} applied before the validation. */
    public static CallpathConfig parse(String yaml, String sourceName, Map<String, String> environment) {
        List<ConfigProblem> problems = new ArrayList<>();
        CallpathConfig config = readAndValidate(
                new StringReader(yaml), environment, Optional.empty(), Optional.empty(), Optional.empty(), problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(sourceName, problems);
        }
        return config;
    }

    /** Every problem of the file, for {@code check-config}; an empty list means the file is good. */
    public static List<ConfigProblem> check(Path file, Optional<Path> soundsDirectory) {
        return check(file, soundsDirectory, Optional.empty());
    }

    /** As {@link #check(Path, Optional)}; with {@code musicOnHold}, also the while-ringing lines' music classes. */
    public static List<ConfigProblem> check(Path file, Optional<Path> soundsDirectory, Optional<Path> musicOnHold) {
        return check(file, Map.of(), soundsDirectory, musicOnHold);
    }

    /** As {@link #check(Path, Optional, Optional)} on the config as {@code environment} makes it, as serve would run it. */
    public static List<ConfigProblem> check(
            Path file, Map<String, String> environment, Optional<Path> soundsDirectory, Optional<Path> musicOnHold) {
        return check(file, environment, soundsDirectory, musicOnHold, Optional.empty());
    }

    /**
     * As {@link #check(Path, Map, Optional, Optional)}; with {@code dialplan} (the extensions-callpath.conf Asterisk
     * loads), also the offer key of every line that offers a callback while the phones ring during the greeting.
     */
    public static List<ConfigProblem> check(
            Path file,
            Map<String, String> environment,
            Optional<Path> soundsDirectory,
            Optional<Path> musicOnHold,
            Optional<Path> dialplan) {
        List<ConfigProblem> problems = new ArrayList<>();
        readAndValidate(
                new StringReader(readFile(file)), environment, soundsDirectory, musicOnHold, dialplan, problems);
        return problems;
    }

    /** Same as {@link #check(Path, Optional)} for YAML text. */
    public static List<ConfigProblem> check(String yaml, Optional<Path> soundsDirectory) {
        return check(yaml, soundsDirectory, Optional.empty());
    }

    /** Same as {@link #check(Path, Optional, Optional)} for YAML text. */
    public static List<ConfigProblem> check(String yaml, Optional<Path> soundsDirectory, Optional<Path> musicOnHold) {
        List<ConfigProblem> problems = new ArrayList<>();
        readAndValidate(new StringReader(yaml), Map.of(), soundsDirectory, musicOnHold, Optional.empty(), problems);
        return problems;
    }

    /** Same as {@link #check(Path, Map, Optional, Optional, Optional)} for YAML text. */
    public static List<ConfigProblem> check(
            String yaml, Optional<Path> soundsDirectory, Optional<Path> musicOnHold, Optional<Path> dialplan) {
        List<ConfigProblem> problems = new ArrayList<>();
        readAndValidate(new StringReader(yaml), Map.of(), soundsDirectory, musicOnHold, dialplan, problems);
        return problems;
    }

    /** Reads, then validates unless the text was not YAML at all (its defaults would only add noise to the one syntax error). */
    private static CallpathConfig readAndValidate(
            Reader source,
            Map<String, String> environment,
            Optional<Path> soundsDirectory,
            Optional<Path> musicOnHold,
            Optional<Path> dialplan,
            List<ConfigProblem> problems) {
        CallpathConfig config = read(source, problems).withEnvironment(environment);
        boolean notYaml = problems.stream().anyMatch(problem -> problem.key().startsWith("(file)"));
        if (!notYaml) {
            problems.addAll(ConfigValidator.validate(config, soundsDirectory, musicOnHold));
            dialplan.ifPresent(file -> DialplanKeys.check(config, file, problems));
        }
        return config;
    }

    private static String readFile(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException unreadable) {
            throw new ConfigException(
                    file.toString(),
                    List.of(new ConfigProblem(
                            file.toString(),
                            "cannot be read (" + unreadable.getMessage() + ")",
                            "check the path and its permissions")));
        }
    }

    static CallpathConfig read(Reader source, List<ConfigProblem> problems) {
        JsonNode root;
        try {
            root = YamlTree.read(source, problems);
        } catch (IOException notYaml) {
            problems.add(YamlTree.syntaxProblem(notYaml));
            return emptyConfig();
        }
        if (!root.isObject()) {
            problems.add(
                    new ConfigProblem("(file)", "must be a mapping of keys", "start with `lines:` and `departments:`"));
            return emptyConfig();
        }
        ConfigSection top = new ConfigSection(root, "", problems);
        ServerSettings server = server(top.section("server"));
        DatabaseSettings database = database(top.section("database"));
        MetricsSettings metrics = metrics(top.section("metrics"));
        RepeatCallerSettings repeat = repeatCallers(top.section("repeatCallers"));
        HttpSettings http = http(top.section("http"));
        AmiSettings ami = ami(top.section("ami"));
        DeskSettings desk = desk(top.section("desk"));
        List<LineConfig> lines = lines(top);
        Map<String, DepartmentConfig> departments = departments(top);
        top.finish();
        return new CallpathConfig(server, database, metrics, repeat, lines, departments, http, ami, desk);
    }

    private static CallpathConfig emptyConfig() {
        return new CallpathConfig(
                ServerSettings.defaults(),
                DatabaseSettings.defaults(),
                MetricsSettings.defaults(),
                RepeatCallerSettings.defaults(),
                List.of(),
                Map.of(),
                HttpSettings.defaults());
    }

    private static ServerSettings server(ConfigSection section) {
        ServerSettings defaults = ServerSettings.defaults();
        if (section == null) {
            return defaults;
        }
        ServerSettings settings = new ServerSettings(
                section.text("bind", defaults.bind()),
                section.integer("port", defaults.port()),
                section.has("allow") ? section.texts("allow") : defaults.allow(),
                section.integer("maxSessions", defaults.maxSessions()),
                section.duration("headerTimeout", defaults.headerTimeout()),
                section.duration("commandTimeout", defaults.commandTimeout()),
                section.duration("dialTimeout", defaults.dialTimeout()),
                section.duration("shutdownGrace", defaults.shutdownGrace()));
        section.finish();
        return settings;
    }

    private static DatabaseSettings database(ConfigSection section) {
        DatabaseSettings defaults = DatabaseSettings.defaults();
        if (section == null) {
            return defaults;
        }
        DatabaseSettings settings = new DatabaseSettings(
                section.text("url", defaults.url()),
                section.text("user", defaults.user()),
                section.text("password", defaults.password()),
                Path.of(section.text("dataDirectory", defaults.dataDirectory().toString())),
                section.integer("embeddedPort", defaults.embeddedPort()),
                Path.of(section.text("spoolDirectory", defaults.spoolDirectory().toString())),
                section.integer("queueCapacity", defaults.queueCapacity()),
                section.integer("batchSize", defaults.batchSize()),
                section.integer("poolSize", defaults.poolSize()),
                section.duration("lookupTimeout", defaults.lookupTimeout()));
        section.finish();
        return settings;
    }

    private static MetricsSettings metrics(ConfigSection section) {
        MetricsSettings defaults = MetricsSettings.defaults();
        if (section == null) {
            return defaults;
        }
        MetricsSettings settings = new MetricsSettings(
                section.duration("serviceLevelTarget", defaults.serviceLevelTarget()),
                section.duration("shortAbandon", defaults.shortAbandon()));
        section.finish();
        return settings;
    }

    private static HttpSettings http(ConfigSection section) {
        HttpSettings defaults = HttpSettings.defaults();
        if (section == null) {
            return defaults;
        }
        HttpSettings settings = new HttpSettings(
                section.bool("enabled", defaults.enabled()),
                section.text("bind", defaults.bind()),
                section.integer("port", defaults.port()),
                section.text("token", defaults.token()));
        section.finish();
        return settings;
    }

    private static AmiSettings ami(ConfigSection section) {
        AmiSettings defaults = AmiSettings.defaults();
        if (section == null) {
            return defaults;
        }
        AmiSettings settings = new AmiSettings(
                section.text("host", defaults.host()),
                section.integer("port", defaults.port()),
                section.text("username", defaults.username()),
                section.text("secret", defaults.secret()));
        section.finish();
        return settings;
    }

    private static DeskSettings desk(ConfigSection section) {
        if (section == null) {
            return DeskSettings.defaults();
        }
        DeskSettings settings = new DeskSettings(
                section.text("company", DeskSettings.defaults().company()),
                textMap(section, "names"),
                section.texts("heardOptions"),
                textMap(section, "phones"),
                section.texts("transferTo"));
        section.finish();
        return settings;
    }

    /** A mapping of names to texts, e.g. {@code names: {"201": Anna}}. */
    private static Map<String, String> textMap(ConfigSection parent, String name) {
        Map<String, String> map = new LinkedHashMap<>();
        ConfigSection section = parent.section(name);
        if (section != null) {
            section.entries(entry -> {
                if (entry.getValue().isValueNode() && !entry.getValue().isNull()) {
                    map.put(entry.getKey(), entry.getValue().asText());
                } else {
                    section.problem(
                            section.key(entry.getKey()), "must be a text", "write `\"" + entry.getKey() + "\": value`");
                }
            });
        }
        return map;
    }

    private static RepeatCallerSettings repeatCallers(ConfigSection section) {
        RepeatCallerSettings defaults = RepeatCallerSettings.defaults();
        if (section == null) {
            return defaults;
        }
        RepeatCallerSettings settings = new RepeatCallerSettings(
                section.duration("window", defaults.window()),
                section.bool("enabled", defaults.enabled()),
                section.integer("remembered", defaults.remembered()),
                section.duration("refreshEvery", defaults.refreshEvery()));
        section.finish();
        return settings;
    }

    private static List<LineConfig> lines(ConfigSection top) {
        JsonNode node = top.raw("lines");
        List<LineConfig> lines = new ArrayList<>();
        if (node == null || node.isNull() || !node.isArray()) {
            top.problem(
                    "lines",
                    node == null || node.isNull() ? "is required" : "must be a list",
                    "add `lines:` with at least one `- name: main` entry (see config/callpath.yaml)");
            return lines;
        }
        for (int index = 0; index < node.size(); index++) {
            JsonNode item = node.get(index);
            String path = "lines[" + index + "]";
            if (!item.isObject()) {
                top.problem(path, "must be a mapping", "write `- name: ...` with its keys indented below");
                continue;
            }
            lines.add(line(top.nested(item, path)));
        }
        return lines;
    }

    private static LineConfig line(ConfigSection line) {
        String name = line.requiredText("name", "main");
        List<String> dids = new ArrayList<>(line.texts("did"));
        dids.addAll(line.texts("dids"));
        String campaign = line.text("campaign", "");
        String source = line.text("source", "");
        InformerConfig informer = informer(line.section("informer"));
        MenuConfig menu = menu(line.section("menu"), line);
        AssistantsConfig assistants = assistants(line.section("assistants"));
        String overflow = line.text("overflowDepartment", null);
        String defaultDepartment = line.text("defaultDepartment", null);
        HoursConfig hours = hours(line.section("hours"));
        AfterHoursConfig afterHours = afterHours(line.section("afterHours"));
        Prompt whisper = line.prompt("whisper", null);
        Prompt connecting = line.prompt("connectingPrompt", null);
        CallbackConfig callback = callback(line.section("callback"), dids);
        line.finish();
        return new LineConfig(
                name,
                dids,
                campaign,
                source,
                informer,
                menu,
                assistants,
                overflow,
                hours,
                afterHours,
                whisper,
                connecting,
                defaultDepartment,
                callback);
    }

    private static CallbackConfig callback(ConfigSection section, List<String> dids) {
        CallbackConfig off = CallbackConfig.off();
        if (section == null) {
            return off;
        }
        LocalTime quietFrom = null;
        LocalTime quietUntil = null;
        String quiet = section.text("quietHours", null);
        if (quiet != null) {
            Optional<TimeRange> range = timeRange(quiet.trim(), section.key("quietHours"), section);
            if (range.isPresent()) {
                quietFrom = range.get().start();
                quietUntil = range.get().end();
            }
        }
        CallbackConfig callback = new CallbackConfig(
                section.bool("enabled", off.enabled()),
                section.duration("delay", off.delay()),
                section.text("department", null),
                section.integer("maxAttempts", off.maxAttempts()),
                section.duration("retryAfter", off.retryAfter()),
                quietFrom,
                quietUntil,
                section.integer("maxBusySellers", off.maxBusySellers()),
                section.text("callerId", dids.isEmpty() ? "" : dids.get(0)),
                section.duration("ringTime", off.ringTime()),
                section.prompt("whisper", off.whisper()),
                section.text("callablePattern", off.callablePattern()),
                section.text("dial", off.dial()),
                section.duration("offerAfter", off.offerAfter()),
                section.text("offerKey", off.offerKey()),
                section.prompt("offerPrompt", off.offerPrompt()),
                section.prompt("queuedPrompt", off.queuedPrompt()));
        section.finish();
        return callback;
    }

    private static InformerConfig informer(ConfigSection section) {
        if (section == null) {
            return null;
        }
        InformerConfig defaults = InformerConfig.defaults();
        String modeText = section.text("mode", defaults.mode().key());
        InformerMode mode = InformerMode.of(modeText).orElseGet(() -> {
            section.problem(
                    section.key("mode"),
                    "'" + modeText + "' is not a mode",
                    "write `mode: before` (promo, then menu, then ringing) or `mode: while-ringing` (the promo plays while the sellers ring)");
            return defaults.mode();
        });
        InformerConfig informer = new InformerConfig(
                section.prompt("prompt", defaults.prompt()),
                section.duration("budget", defaults.budget()),
                section.bool("interruptible", defaults.interruptible()),
                mode,
                section.text("musicClass", defaults.musicClass()),
                section.text("greetingClass", defaults.greetingClass()));
        section.finish();
        return informer;
    }

    private static MenuConfig menu(ConfigSection section, ConfigSection line) {
        MenuConfig defaults = MenuConfig.defaults();
        if (section == null) {
            line.problem(
                    line.key("menu"),
                    "is required",
                    "add `menu:` with `options:` mapping digits to departments, e.g. \"1\": sales");
            return defaults;
        }
        Prompt prompt = section.prompt("prompt", defaults.prompt());
        Duration timeout = section.duration("timeout", defaults.timeout());
        int retries = section.integer("retries", defaults.retries());
        Prompt noInput = section.prompt("noInputPrompt", defaults.noInputPrompt());
        Prompt invalid = section.prompt("invalidPrompt", defaults.invalidPrompt());
        Map<String, String> options = new LinkedHashMap<>();
        ConfigSection optionsSection = section.section("options");
        if (optionsSection == null) {
            section.problem(section.key("options"), "is required", "map digits to departments, e.g. \"1\": sales");
        } else {
            optionsSection.entries(entry -> {
                if (entry.getValue().isTextual()) {
                    options.put(entry.getKey(), entry.getValue().asText());
                } else {
                    optionsSection.problem(
                            optionsSection.key(entry.getKey()),
                            "must name a department",
                            "write `\"" + entry.getKey() + "\": sales`");
                }
            });
        }
        section.finish();
        return new MenuConfig(prompt, timeout, retries, noInput, invalid, options);
    }

    private static AssistantsConfig assistants(ConfigSection section) {
        if (section == null) {
            return null;
        }
        AssistantsConfig defaults = AssistantsConfig.defaults();
        AssistantsConfig assistants = new AssistantsConfig(
                section.texts("dial"),
                section.duration("answerTimeout", defaults.answerTimeout()),
                section.prompt("whisper", defaults.whisper()));
        section.finish();
        return assistants;
    }

    private static HoursConfig hours(ConfigSection section) {
        if (section == null) {
            return null;
        }
        String zoneText = section.text("timezone", HoursConfig.DEFAULT_TIMEZONE.getId());
        ZoneId zone = HoursConfig.DEFAULT_TIMEZONE;
        try {
            zone = ZoneId.of(zoneText);
        } catch (DateTimeException unknownZone) {
            section.problem(
                    section.key("timezone"),
                    "'" + zoneText + "' is not a time zone",
                    "use a region id such as Europe/Berlin or America/New_York");
        }
        Map<DayOfWeek, List<TimeRange>> weekly = new EnumMap<>(DayOfWeek.class);
        ConfigSection days = section.section("weekly");
        if (days != null) {
            days.entries(entry -> {
                String dayKey = days.key(entry.getKey());
                DayOfWeek day;
                try {
                    day = DayOfWeek.valueOf(entry.getKey().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException notADay) {
                    days.problem(dayKey, "is not a day of the week", "use monday, tuesday, ... sunday");
                    return;
                }
                List<String> texts = new ArrayList<>();
                if (entry.getValue().isTextual()) {
                    texts.addAll(List.of(entry.getValue().asText().split(",")));
                } else if (entry.getValue().isArray()) {
                    entry.getValue().forEach(item -> texts.add(item.asText()));
                }
                List<TimeRange> ranges = new ArrayList<>();
                for (String text : texts) {
                    if (!text.isBlank() && !text.trim().equals("closed")) {
                        timeRange(text.trim(), dayKey, days).ifPresent(ranges::add);
                    }
                }
                weekly.put(day, ranges);
            });
        }
        Set<LocalDate> holidays = new LinkedHashSet<>();
        List<String> holidayTexts = section.texts("holidays");
        for (int index = 0; index < holidayTexts.size(); index++) {
            try {
                holidays.add(LocalDate.parse(holidayTexts.get(index).trim()));
            } catch (DateTimeException notADate) {
                section.problem(
                        section.key("holidays") + "[" + index + "]",
                        "'" + holidayTexts.get(index) + "' is not a date",
                        "write it as YYYY-MM-DD, e.g. 2026-12-25");
            }
        }
        section.finish();
        return new HoursConfig(zone, weekly, holidays);
    }

    private static Optional<TimeRange> timeRange(String text, String key, ConfigSection section) {
        String[] bounds = text.split("-");
        if (bounds.length != 2) {
            section.problem(key, "'" + text + "' is not a time range", "write it as HH:MM-HH:MM, e.g. 09:00-18:00");
            return Optional.empty();
        }
        Optional<LocalTime> start = timeOfDay(bounds[0].trim(), key, section);
        Optional<LocalTime> end = timeOfDay(bounds[1].trim(), key, section);
        if (start.isEmpty() || end.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TimeRange(start.get(), end.get()));
    }

    private static Optional<LocalTime> timeOfDay(String text, String key, ConfigSection section) {
        String[] parts = text.split(":");
        try {
            if (parts.length == 2 && parts[1].length() == 2) {
                int hour = Integer.parseInt(parts[0]);
                int minute = Integer.parseInt(parts[1]);
                if (hour == 24 && minute == 0) {
                    return Optional.of(LocalTime.MAX);
                }
                if (hour >= 0 && hour < 24 && minute >= 0 && minute < 60) {
                    return Optional.of(LocalTime.of(hour, minute));
                }
            }
        } catch (NumberFormatException notANumber) {
            // reported below with the others
        }
        section.problem(key, "'" + text + "' is not a time of day", "write HH:MM between 00:00 and 24:00");
        return Optional.empty();
    }

    private static AfterHoursConfig afterHours(ConfigSection section) {
        if (section == null) {
            return AfterHoursConfig.defaults();
        }
        AfterHoursConfig defaults = AfterHoursConfig.defaults();
        AfterHoursConfig afterHours = new AfterHoursConfig(
                section.prompt("prompt", defaults.prompt()),
                section.choice("action", AfterHoursAction.class, defaults.action()),
                section.text("voicemail", defaults.voicemail()));
        section.finish();
        return afterHours;
    }

    private static Map<String, DepartmentConfig> departments(ConfigSection top) {
        Map<String, DepartmentConfig> departments = new LinkedHashMap<>();
        ConfigSection section = top.section("departments");
        if (section == null) {
            top.problem("departments", "is required", "add `departments:` with at least one team of sellers");
            return departments;
        }
        section.entries(entry -> {
            if (!entry.getValue().isObject()) {
                section.problem(section.key(entry.getKey()), "must be a mapping", "give it `sellers: [PJSIP/101]`");
                return;
            }
            ConfigSection department = section.nested(entry.getValue(), section.key(entry.getKey()));
            DepartmentConfig defaults = DepartmentConfig.defaults(entry.getKey());
            DepartmentConfig config = new DepartmentConfig(
                    entry.getKey(),
                    department.texts("sellers"),
                    department.duration("ringTimeout", defaults.ringTimeout()),
                    department.choice("strategy", DialStrategy.class, defaults.strategy()),
                    department.prompt("whisper", defaults.whisper()),
                    department.text("acceptKey", defaults.acceptKey()),
                    department.duration("acceptTimeout", defaults.acceptTimeout()),
                    department.prompt("acceptPrompt", defaults.acceptPrompt()),
                    department.text("voicemail", defaults.voicemail()),
                    department.bool("skipBusySellers", defaults.skipBusySellers()));
            department.finish();
            departments.put(entry.getKey(), config);
        });
        return departments;
    }
}
