package io.callpath.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * check-config --dialplan: on a line whose default department rings during the greeting, the offered callback's key
 * must end that ringing, so it must be an extension of [callpath-keys-offer] (directly or by an include).
 */
class OfferKeyDialplanCheckTest {

    private static final Path KIT_DIALPLAN = Path.of("asterisk-config", "extensions-callpath.conf");

    @TempDir
    Path directory;

    private static String shippedWithOffer(String offerLines) throws IOException {
        String yaml = Files.readString(Path.of("config", "callpath.yaml"));
        String edited = yaml.replace(
                "    callback:\n      enabled: false\n", "    callback:\n      enabled: true\n" + offerLines);
        assertThat(edited).as("config/callpath.yaml changed: adapt this edit").contains(offerLines);
        return edited;
    }

    private List<ConfigProblem> check(String yaml, Path dialplan) {
        return ConfigLoader.check(yaml, Optional.empty(), Optional.empty(), Optional.of(dialplan));
    }

    @Test
    void theKitsDialplanTakesTheDefaultOfferKey() throws IOException {
        assertThat(check(shippedWithOffer("      offerAfter: 20s\n"), KIT_DIALPLAN))
                .isEmpty();
    }

    @Test
    void anOfferKeyTheKitsContextLacksIsRefusedWithTheLineToAdd() throws IOException {
        List<ConfigProblem> problems =
                check(shippedWithOffer("      offerAfter: 20s\n      offerKey: \"#\"\n"), KIT_DIALPLAN);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo("lines[0].callback.offerKey");
            assertThat(problem.toString())
                    .contains("'#' is not an extension of [callpath-keys-offer]")
                    .contains("[*, 0, 2]")
                    .contains("exten => #,1,Goto(callpath-after-keys,s,1)");
        });
    }

    @Test
    void anOfferKeyAddedByTheAdministratorOrByAnIncludedContextIsAccepted() throws IOException {
        Path dialplan = directory.resolve("extensions-callpath.conf");
        Files.writeString(dialplan, """
                [callpath-keys]
                exten => 0,1,Goto(callpath-after-keys,s,1)
                exten => 2,1,Goto(callpath-after-keys,s,1)
                exten => #,1,Goto(callpath-after-keys,s,1) ; a key of its own, found through the include

                [callpath-keys-offer]
                include => callpath-keys
                """);

        assertThat(check(shippedWithOffer("      offerAfter: 20s\n      offerKey: \"#\"\n"), dialplan))
                .isEmpty();
    }

    @Test
    void aDialplanWithoutTheOfferContextIsRefusedForALineThatOffersDuringTheGreeting() throws IOException {
        Path dialplan = directory.resolve("extensions-callpath.conf");
        Files.writeString(dialplan, "[callpath-keys]\nexten => 0,1,Goto(callpath-after-keys,s,1)\n");

        assertThat(check(shippedWithOffer("      offerAfter: 20s\n"), dialplan))
                .singleElement()
                .satisfies(problem -> {
                    assertThat(problem.key()).isEqualTo("lines[0].callback.offerAfter");
                    assertThat(problem.toString()).contains("has no [callpath-keys-offer] context");
                });
        assertThat(check(shippedWithOffer(""), dialplan))
                .as("a line that offers nothing needs no offer context")
                .isEmpty();
    }
}
