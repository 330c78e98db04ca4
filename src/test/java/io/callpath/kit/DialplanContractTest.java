package io.callpath.kit;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.callpath.flow.ScriptNames;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks asterisk-config/ against docs/architecture.md, ScriptNames and the default config. */
class DialplanContractTest {

    private static final Path KIT = Path.of("asterisk-config");
    private static final Path DEFAULT_CONFIG = Path.of("config", "callpath.yaml");
    private static final List<String> LANGUAGES = List.of("en", "ru");
    /** The prompts docs/architecture.md says the default config names; the YAML, when present, adds its own. */
    private static final List<String> CONTRACT_PROMPTS = List.of(
            "informer",
            "menu",
            "no-input",
            "invalid",
            "after-hours",
            "line-main",
            "dept-sales",
            "dept-service",
            "accept",
            "connecting");

    private static final Pattern HANGUP_HANDLER_PUSH = Pattern.compile("hangup_handler_push\\)=([^,]+),([^,]+),1\\(");
    private static final Pattern TEST_NUMBER_TARGET = Pattern.compile("Goto\\(callpath-inbound,(\\d+),1\\)");

    private static Dialplan dialplan;

    @BeforeAll
    static void readDialplan() throws IOException {
        dialplan = Dialplan.read(KIT.resolve("extensions-callpath.conf"));
    }

    @Test
    void everyAgiCallNamesAKnownScriptWithItsArgumentCount() {
        List<Dialplan.Step> agiSteps = agiSteps();
        assertThat(agiSteps).isNotEmpty();
        for (Dialplan.Step step : agiSteps) {
            List<String> arguments = step.arguments();
            String script = scriptOf(arguments.get(0));
            assertThat(ScriptNames.ARGUMENT_COUNTS)
                    .as("line %d: script '%s' is not in ScriptNames", step.lineNumber(), script)
                    .containsKey(script);
            assertThat(arguments.size() - 1)
                    .as("line %d: AGI arguments to '%s'", step.lineNumber(), script)
                    .isEqualTo(ScriptNames.ARGUMENT_COUNTS.get(script));
            assertThat(arguments.subList(1, arguments.size()))
                    .as("line %d: every argument is a channel expression", step.lineNumber())
                    .allSatisfy(argument -> assertThat(argument).matches("\\$\\{[A-Z0-9_:()a-z]+}"));
        }
    }

    @Test
    void everyScriptIsCalledFromTheDialplanThroughTheHostGlobal() {
        Set<String> called = new TreeSet<>();
        for (Dialplan.Step step : agiSteps()) {
            String url = step.arguments().get(0);
            assertThat(url).as("line %d", step.lineNumber()).startsWith("agi://${CALLPATH_HOST}/");
            called.add(scriptOf(url));
        }
        assertThat(called).containsExactlyInAnyOrderElementsOf(ScriptNames.ARGUMENT_COUNTS.keySet());
    }

    @Test
    void everyContextAndExtensionTheContractNamesExists() {
        assertThat(dialplan.stepsOf("callpath-inbound")).isNotEmpty();
        assertThat(dialplan.stepsOf("callpath-answered", "s")).isNotEmpty();
        assertThat(dialplan.stepsOf("callpath-hangup", "caller")).isNotEmpty();
        assertThat(dialplan.stepsOf("callpath-hangup", "seller")).isNotEmpty();
        assertThat(dialplan.stepsOf("callpath-handoff")).isNotEmpty();
        assertThat(dialplan.stepsOf("callpath-test")).isNotEmpty();
        assertThat(defaultOf("CALLPATH_HOST")).matches("[\\w.\\-]+:\\d+");
        assertThat(defaultOf("CALLPATH_FALLBACK")).isNotBlank();
        assertThat(defaultOf("CALLPATH_FALLBACK_RING")).matches("\\d+");
    }

    @Test
    void theKitSetsNoGlobalsSoItNeverOverridesTheAdministrators() throws IOException {
        // Asterisk 22 applies every [globals] section in file order: one in the kit would win over the admin's
        assertThat(Files.readAllLines(KIT.resolve("extensions-callpath.conf")))
                .noneSatisfy(line -> assertThat(line.strip().toLowerCase(java.util.Locale.ROOT))
                        .startsWith("[globals]"));
        assertThat(dialplan.globalsAndOptions()).doesNotContainKey("globals");
    }

    @Test
    void everyContextFillsInTheDefaultsBeforeItUsesASetting() {
        for (String context : List.of("callpath-inbound", "callpath-answered", "callpath-hangup", "callpath-handoff")) {
            for (Dialplan.Step step : dialplan.steps()) {
                if (!step.context().equals(context) || !step.application().contains("${CALLPATH_")) {
                    continue;
                }
                List<Dialplan.Step> before = dialplan.stepsOf(context, step.extension());
                assertThat(before.subList(0, before.indexOf(step)))
                        .as("line %d uses a setting before Gosub(callpath-settings,s,1)", step.lineNumber())
                        .anySatisfy(
                                earlier -> assertThat(earlier.application()).isEqualTo("Gosub(callpath-settings,s,1)"));
            }
        }
        for (Dialplan.Step step : dialplan.stepsOf("callpath-settings", "s")) {
            assertThat(step.application())
                    .as("line %d sets a default only where the global is empty", step.lineNumber())
                    .matches("ExecIf\\(\\$\\[\"\\$\\{(CALLPATH_\\w+)}\" = \"\"]\\?Set\\(\\1=[^)]+\\)\\)|Return\\(\\)");
        }
    }

    @Test
    void hangupHandlersArePushedOnBothLegsAndPassTheLinkedId() {
        List<String> pushed = new ArrayList<>();
        for (Dialplan.Step step : dialplan.steps()) {
            Matcher push = HANGUP_HANDLER_PUSH.matcher(step.application());
            if (push.find()) {
                assertThat(dialplan.stepsOf(push.group(1), push.group(2)))
                        .as(
                                "line %d pushes %s,%s which does not exist",
                                step.lineNumber(), push.group(1), push.group(2))
                        .isNotEmpty();
                pushed.add(step.context() + "->" + push.group(2));
            }
        }
        assertThat(pushed).containsExactlyInAnyOrder("callpath-inbound->caller", "callpath-answered->seller");
        assertThat(dialplan.stepsOf("callpath-inbound").get(2).application())
                .isEqualTo("Set(CHANNEL(hangup_handler_push)=callpath-hangup,caller,1(${CHANNEL(linkedid)}))");
        for (String leg : List.of("caller", "seller")) {
            List<Dialplan.Step> handler = dialplan.stepsOf("callpath-hangup", leg);
            Dialplan.Step agi = handler.stream()
                    .filter(step -> step.applicationName().equals("AGI"))
                    .findFirst()
                    .orElseThrow();
            assertThat(agi.arguments().get(0)).endsWith("/hangup?leg=" + leg);
            assertThat(handler.get(handler.size() - 1).application()).isEqualTo("Return()");
        }
    }

    @Test
    void answeredGosubPassesAllFiveArgumentsAndReturns() {
        List<Dialplan.Step> gosub = dialplan.stepsOf("callpath-answered", "s");
        Dialplan.Step agi = gosub.stream()
                .filter(step -> step.applicationName().equals("AGI"))
                .findFirst()
                .orElseThrow();
        assertThat(agi.arguments().subList(1, 6))
                .containsExactly("${ARG1}", "${ARG2}", "${ARG3}", "${ARG4}", "${ARG5}");
        assertThat(gosub.get(gosub.size() - 1).application()).isEqualTo("Return()");
    }

    @Test
    void inboundAndHandoffReachAHumanUnlessTheServerSaysDone() {
        for (String context : List.of("callpath-inbound", "callpath-handoff")) {
            String extension = dialplan.stepsOf(context).get(0).extension();
            List<Dialplan.Step> steps = dialplan.stepsOf(context, extension);
            int agi = indexOf(steps, "AGI");
            assertThat(steps.subList(0, agi))
                    .as(context + ": CALLPATH_STATUS cleared before the AGI")
                    .anySatisfy(step -> assertThat(step.application()).isEqualTo("Set(CALLPATH_STATUS=)"));
            assertThat(steps.get(agi + 1).application())
                    .as(context)
                    .isEqualTo("GotoIf($[\"${CALLPATH_STATUS}\" = \"DONE\"]?done)");
            int done = indexOfLabel(steps, "done");
            assertThat(steps.subList(agi + 2, done))
                    .as(context + ": fallback dials the assistants")
                    .anySatisfy(step -> assertThat(step.application()).startsWith("Dial(${CALLPATH_FALLBACK},"));
            assertThat(steps.subList(agi, steps.size()))
                    .as(context + ": AGISTATUS alone never decides")
                    .noneSatisfy(step -> assertThat(step.application()).contains("GotoIf($[\"${AGISTATUS}\""));
        }
    }

    @Test
    void everyPromptExistsInEveryLanguageAsEightKilohertzMonoSixteenBitWav() throws IOException {
        Set<String> prompts = new TreeSet<>(CONTRACT_PROMPTS);
        prompts.addAll(promptsNamedByDefaultConfig());
        for (String language : LANGUAGES) {
            for (String prompt : prompts) {
                Path wav = KIT.resolve("sounds")
                        .resolve(language)
                        .resolve("callpath")
                        .resolve(prompt + ".wav");
                assertThat(wav).as("run scripts/make-prompts.sh").isRegularFile();
                assertTelephoneWav(wav);
            }
        }
    }

    @Test
    void everyPjsipDialStringOfTheDefaultConfigHasAnEndpoint() throws IOException {
        String pjsip = Files.readString(KIT.resolve("pjsip.conf"));
        List<String> dialStrings = new ArrayList<>(List.of("PJSIP/101", "PJSIP/102", "PJSIP/201", "PJSIP/301"));
        dialStrings.add(defaultOf("CALLPATH_FALLBACK"));
        scalarsOfDefaultConfig().stream()
                .filter(value -> value.startsWith("PJSIP/"))
                .forEach(dialStrings::add);
        for (String dialString : dialStrings) {
            for (String single : dialString.split("&")) {
                String endpoint = single.substring("PJSIP/".length());
                assertThat(pjsip)
                        .as("pjsip.conf endpoint for " + single)
                        .contains("\n[" + endpoint + "](softphone-endpoint)");
            }
        }
    }

    @Test
    void everyPjsipPasswordIsAnObviousPlaceholderAndEveryReferenceResolves() throws IOException {
        List<String> lines = Files.readAllLines(KIT.resolve("pjsip.conf")).stream()
                .map(line -> line.contains(";") ? line.substring(0, line.indexOf(';')) : line)
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .toList();
        Set<String> sections = new TreeSet<>();
        List<String> references = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("[")) {
                sections.add(line.substring(1, line.indexOf(']')));
            } else if (line.startsWith("password=")) {
                assertThat(line.substring("password=".length())).startsWith("CHANGE_ME_");
            } else if (line.startsWith("auth=") || line.startsWith("aors=") || line.startsWith("outbound_auth=")) {
                references.add(line.substring(line.indexOf('=') + 1));
            }
        }
        assertThat(references).isNotEmpty();
        assertThat(sections).containsAll(references);
    }

    @Test
    void testNumbersDialDidsTheDefaultConfigKnows() throws IOException {
        List<String> dids = dialplan.stepsOf("callpath-test").stream()
                .map(step -> TEST_NUMBER_TARGET.matcher(step.application()))
                .filter(Matcher::find)
                .map(match -> match.group(1))
                .toList();
        assertThat(dids).contains("5551000", "5552000", "5559999");
        Set<String> scalars = scalarsOfDefaultConfig();
        if (!scalars.isEmpty()) {
            assertThat(scalars).contains("5551000", "5552000").doesNotContain("5559999");
        }
    }

    /** The default [callpath-settings] gives {@code variable} when the administrator set none. */
    private static String defaultOf(String variable) {
        Pattern setting = Pattern.compile("Set\\(" + variable + "=([^)]+)\\)");
        return dialplan.stepsOf("callpath-settings", "s").stream()
                .map(step -> setting.matcher(step.application()))
                .filter(Matcher::find)
                .map(match -> match.group(1))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no default for " + variable + " in [callpath-settings]"));
    }

    private static List<Dialplan.Step> agiSteps() {
        return dialplan.steps().stream()
                .filter(step -> step.applicationName().equals("AGI"))
                .toList();
    }

    /** "agi://${CALLPATH_HOST}/hangup?leg=caller" -> "hangup". */
    private static String scriptOf(String url) {
        String afterScheme = url.substring(url.indexOf("://") + 3);
        String path = afterScheme.substring(afterScheme.indexOf('/') + 1);
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    private static int indexOf(List<Dialplan.Step> steps, String application) {
        for (int index = 0; index < steps.size(); index++) {
            if (steps.get(index).applicationName().equals(application)) {
                return index;
            }
        }
        throw new AssertionError("no " + application + " in " + steps);
    }

    private static int indexOfLabel(List<Dialplan.Step> steps, String label) {
        for (int index = 0; index < steps.size(); index++) {
            if (steps.get(index).label().equals(label)) {
                return index;
            }
        }
        throw new AssertionError("no label " + label + " in " + steps);
    }

    @Test
    void everyWhileRingingLineOfTheDefaultConfigHasItsPromoClassInTheKitsMusicOnHold() throws IOException {
        io.callpath.config.CallpathConfig config = io.callpath.config.ConfigLoader.load(DEFAULT_CONFIG);
        String musicOnHold = Files.readString(KIT.resolve("musiconhold.conf"), US_ASCII);
        Set<String> classes = io.callpath.config.MusicOnHoldClasses.in(musicOnHold);
        List<String> musicClasses = config.lines().stream()
                .map(io.callpath.config.LineConfig::ringingMusicClass)
                .filter(java.util.Objects::nonNull)
                .toList();
        assertThat(musicClasses)
                .as("config/callpath.yaml ships a while-ringing line")
                .isNotEmpty();
        for (String musicClass : musicClasses) {
            assertThat(classes).as("musiconhold.conf classes").contains(musicClass);
            String section = musicOnHold.substring(musicOnHold.indexOf("[" + musicClass + "]"));
            Matcher directory = Pattern.compile("(?m)^directory=(\\S+)").matcher(section);
            assertThat(directory.find()).as("[%s] has a directory", musicClass).isTrue();
            assertThat(section).as("[%s]", musicClass).containsPattern("(?m)^mode=files");
            // directory= is relative to astdatadir, where the kit's sounds/ go
            assertThat(directory.group(1)).startsWith("sounds/");
            Path files = KIT.resolve(directory.group(1));
            try (java.util.stream.Stream<Path> wavs = Files.list(files)) {
                List<Path> promo = wavs.toList();
                assertThat(promo)
                        .as("files of [%s] in %s", musicClass, files)
                        .singleElement()
                        .satisfies(
                                wav -> assertThat(wav.getFileName().toString()).endsWith(".wav"));
                assertTelephoneWav(promo.get(0));
                assertThat(Files.readAllBytes(promo.get(0)))
                        .as("the class plays the informer")
                        .isEqualTo(Files.readAllBytes(KIT.resolve("sounds/en/callpath/informer.wav")));
            }
        }
    }

    @Test
    void theKeysThatEndTheRingingDuringTheGreetingAreExactlyTheKeysThatLeaveTheDefaultDepartment() throws IOException {
        io.callpath.config.CallpathConfig config = io.callpath.config.ConfigLoader.load(DEFAULT_CONFIG);
        List<io.callpath.config.LineConfig> lines = config.lines().stream()
                .filter(line -> line.ringingGreetingClass() != null)
                .toList();
        assertThat(lines)
                .as("config/callpath.yaml rings a department during the greeting")
                .isNotEmpty();
        Set<String> extensions = new java.util.TreeSet<>();
        dialplan.stepsOf("callpath-keys").forEach(step -> extensions.add(step.extension()));
        for (io.callpath.config.LineConfig line : lines) {
            // Dial's d option leaves the Dial only for a key that is an extension of EXITCONTEXT: a key of the ringing
            // department listed there would stop phones that already ring; a missing one could not be chosen at all
            assertThat(extensions)
                    .as("[callpath-keys] for line %s", line.name())
                    .containsExactlyElementsOf(line.keysLeavingDefaultDepartment().stream()
                            .map(String::valueOf)
                            .toList());
        }
        for (String key : extensions) {
            assertThat(dialplan.stepsOf("callpath-keys", key))
                    .as("[callpath-keys] %s", key)
                    .singleElement()
                    .satisfies(step -> assertThat(step.application()).isEqualTo("Goto(callpath-after-keys,s,1)"));
        }
        List<Dialplan.Step> after = dialplan.stepsOf("callpath-after-keys", "s");
        assertThat(after.get(0).application()).isEqualTo("GotoIf($[\"${CALLPATH_STATUS}\" = \"DONE\"]?done)");
        assertThat(after)
                .as("the fallback as at the end of [callpath-inbound]")
                .anySatisfy(step -> assertThat(step.application()).startsWith("Dial(${CALLPATH_FALLBACK},"));
    }

    @Test
    void aCallerOfferedACallbackEndsTheRingingWithTheSameKeysAndTheDefaultOfferKey() throws IOException {
        // callpath dials a caller offered a callback with EXITCONTEXT=callpath-keys-offer: [callpath-keys] by include
        // (one list of the keys that leave the default department) and the offer key, which must be the default one
        assertThat(dialplan.globalsAndOptions().get("callpath-keys-offer"))
                .as("[callpath-keys-offer] options")
                .containsExactly(Map.entry("include", "callpath-keys"));
        String defaultOfferKey = io.callpath.config.CallbackConfig.off().offerKey();
        assertThat(dialplan.stepsOf("callpath-keys-offer")).singleElement().satisfies(step -> {
            assertThat(step.extension()).isEqualTo(defaultOfferKey);
            assertThat(step.application()).isEqualTo("Goto(callpath-after-keys,s,1)");
        });
        io.callpath.config.DialplanKeys keys =
                io.callpath.config.DialplanKeys.in(Files.readString(KIT.resolve("extensions-callpath.conf")));
        assertThat(keys.extensionsOf("callpath-keys-offer")).containsExactly("*", "0", "2");
        // every shipped config, and the default one with its offer on, passes check-config against the kit
        try (java.util.stream.Stream<Path> configs = Files.list(Path.of("config"))) {
            for (Path config :
                    configs.filter(file -> file.toString().endsWith(".yaml")).toList()) {
                assertThat(io.callpath.config.ConfigLoader.check(
                                config,
                                Map.of(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.of(KIT.resolve("extensions-callpath.conf"))))
                        .as("check-config --dialplan of %s", config)
                        .noneMatch(problem -> problem.key().contains(".callback."));
            }
        }
        String offering = Files.readString(DEFAULT_CONFIG)
                .replace(
                        "    callback:\n      enabled: false\n",
                        "    callback:\n      enabled: true\n      offerAfter: 20s\n");
        assertThat(offering).contains("offerAfter: 20s");
        assertThat(io.callpath.config.ConfigLoader.check(
                        offering,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(KIT.resolve("extensions-callpath.conf"))))
                .isEmpty();
    }

    @Test
    void theGreetingClassPlaysTheLinesGreetingThenItsPromo() throws IOException {
        io.callpath.config.CallpathConfig config = io.callpath.config.ConfigLoader.load(DEFAULT_CONFIG);
        String musicOnHold = Files.readString(KIT.resolve("musiconhold.conf"), US_ASCII);
        List<String> checked = new ArrayList<>();
        for (io.callpath.config.LineConfig line : config.lines()) {
            String greetingClass = line.ringingGreetingClass();
            if (greetingClass != null) {
                assertGreetingThenPromo(
                        musicOnHold, greetingClass, "en", line.menu().prompt().defaultName());
                checked.add(greetingClass);
            }
        }
        assertThat(checked).as("config/callpath.yaml rings during the greeting").isNotEmpty();
        assertGreetingThenPromo(musicOnHold, "callpath-main-greeting-ru", "ru", "callpath/greeting");
    }

    @Test
    void theRussianPromoClassPlaysTheRussianPromo() throws IOException {
        String musicOnHold = Files.readString(KIT.resolve("musiconhold.conf"), US_ASCII);
        Matcher directory = Pattern.compile("(?m)^directory=(\\S+)").matcher(section(musicOnHold, "callpath-main-ru"));
        assertThat(directory.find()).isTrue();
        try (java.util.stream.Stream<Path> wavs = Files.list(KIT.resolve(directory.group(1)))) {
            assertThat(wavs.toList())
                    .singleElement()
                    .satisfies(wav -> assertThat(Files.readAllBytes(wav))
                            .isEqualTo(Files.readAllBytes(KIT.resolve("sounds/ru/callpath/informer.wav"))));
        }
    }

    /** A class of two files played in name order: the greeting prompt, then the informer, both in {@code language}. */
    private static void assertGreetingThenPromo(String musicOnHold, String musicClass, String language, String greeting)
            throws IOException {
        String section = section(musicOnHold, musicClass);
        assertThat(section)
                .as("[%s]", musicClass)
                .containsPattern("(?m)^mode=files$")
                .containsPattern("(?m)^sort=alpha$");
        Matcher directory = Pattern.compile("(?m)^directory=(\\S+)").matcher(section);
        assertThat(directory.find()).as("[%s] has a directory", musicClass).isTrue();
        assertThat(directory.group(1)).startsWith("sounds/" + language + "/");
        try (java.util.stream.Stream<Path> wavs = Files.list(KIT.resolve(directory.group(1)))) {
            List<Path> files = wavs.sorted().toList();
            assertThat(files).as("files of [%s]", musicClass).hasSize(2);
            assertThat(Files.readAllBytes(files.get(0)))
                    .as("[%s] plays the greeting first", musicClass)
                    .isEqualTo(Files.readAllBytes(KIT.resolve("sounds/" + language + "/" + greeting + ".wav")));
            assertThat(Files.readAllBytes(files.get(1)))
                    .as("[%s] then the promo", musicClass)
                    .isEqualTo(Files.readAllBytes(KIT.resolve("sounds/" + language + "/callpath/informer.wav")));
            for (Path file : files) {
                assertTelephoneWav(file);
            }
        }
    }

    /** The lines of a musiconhold.conf section, up to the next section. */
    private static String section(String conf, String name) {
        String rest = conf.substring(conf.indexOf("[" + name + "]") + name.length() + 2);
        int next = rest.indexOf("\n[");
        return next < 0 ? rest : rest.substring(0, next);
    }

    private static void assertTelephoneWav(Path wav) throws IOException {
        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(header.array(), 0, 4, US_ASCII)).as(wav + " RIFF").isEqualTo("RIFF");
        assertThat(new String(header.array(), 8, 8, US_ASCII)).as(wav + " WAVE").isEqualTo("WAVEfmt ");
        assertThat(header.getShort(20)).as(wav + " PCM").isEqualTo((short) 1);
        assertThat(header.getShort(22)).as(wav + " channels").isEqualTo((short) 1);
        assertThat(header.getInt(24)).as(wav + " sample rate").isEqualTo(8000);
        assertThat(header.getShort(34)).as(wav + " bits per sample").isEqualTo((short) 16);
        assertThat(header.capacity()).as(wav + " has audio").isGreaterThan(44 + 8000);
    }

    /** Every "callpath/NAME" string anywhere in the default config, as NAME; empty until the config lands. */
    private static Set<String> promptsNamedByDefaultConfig() throws IOException {
        Set<String> prompts = new TreeSet<>();
        for (String value : scalarsOfDefaultConfig()) {
            if (value.startsWith("callpath/")) {
                prompts.add(value.substring("callpath/".length()));
            }
        }
        return prompts;
    }

    private static Set<String> scalarsOfDefaultConfig() throws IOException {
        Set<String> scalars = new TreeSet<>();
        if (Files.isRegularFile(DEFAULT_CONFIG)) {
            collectScalars(new ObjectMapper(new YAMLFactory()).readTree(DEFAULT_CONFIG.toFile()), scalars);
        }
        return scalars;
    }

    private static void collectScalars(JsonNode node, Set<String> into) {
        if (node.isValueNode()) {
            into.add(node.asText());
            return;
        }
        node.elements().forEachRemaining(child -> collectScalars(child, into));
    }
}
