package io.callpath.tune;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.config.CallpathConfig;
import io.callpath.config.ConfigLoader;
import io.callpath.config.DialStrategy;
import io.callpath.config.LineConfig;
import io.callpath.config.ShippedConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CandidateTest {

    /** The old order: promo before the menu, no key to the assistants. */
    private final CallpathConfig before = ConfigLoader.load(Path.of("config/simulate-before.yaml"));
    /** The promo while the sellers ring, no key to sales. */
    private final CallpathConfig whileRinging = ConfigLoader.load(Path.of("config/simulate.yaml"));

    private static List<String> labels(CallpathConfig config) {
        return Candidates.singleChanges(config, config.lines().get(0), Set.copyOf(Candidates.GROUPS)).stream()
                .map(candidate -> candidate.changes().get(0).owner() + " " + candidate.label())
                .toList();
    }

    @Test
    void singleChangesLeaveOutTheCurrentValues() {
        List<String> labels = labels(before);

        assertThat(labels)
                .contains(
                        "lines[main] informer.budget 10s",
                        "lines[main] informer.budget 5s",
                        "lines[main] no informer",
                        "lines[main] informer.mode while-ringing (no key: sales)",
                        "lines[main] menu.timeout 3s",
                        "lines[main] menu.retries 1",
                        "lines[main] menu.retries 0",
                        "lines[main] assistants.answerTimeout 5s",
                        "lines[main] assistants.answerTimeout 15s",
                        "departments.sales sales strategy ringall",
                        "departments.sales sales ringTimeout 8s",
                        "departments.sales sales ringTimeout 20s",
                        "departments.service service ringTimeout 8s");
        // service has one seller (no strategy to change) and already rings 20 s
        assertThat(labels)
                .doesNotContain(
                        "departments.service service strategy ringall", "departments.service service ringTimeout 20s");
    }

    @Test
    void aWhileRingingLineIsOfferedTheOldOrderAnotherDefaultDepartmentAndNoRetries() {
        List<String> labels = labels(whileRinging);

        assertThat(labels)
                .contains(
                        "lines[main] informer.mode before (no key: assistants)",
                        "lines[main] defaultDepartment service",
                        "lines[main] menu.timeout 250ms",
                        "departments.sales sales strategy sequential");
        assertThat(labels).noneMatch(label -> label.contains("informer.budget") || label.contains("menu.retries"));
    }

    @Test
    void aLineThatRingsDuringTheGreetingIsOfferedTheGreetingFirstAndBack() {
        Candidate off = greetingCandidate(whileRinging);

        assertThat(off.label()).isEqualTo("no informer.greetingClass (the greeting before sales rings)");
        assertThat(off.apply(whileRinging).lines().get(0).ringingGreetingClass())
                .isNull();
        assertThat(off.apply(whileRinging).lines().get(0).ringingMusicClass()).isEqualTo("callpath-main");
        assertThat(off.yaml()).isEqualTo("""
                lines:
                  - name: main
                    # delete informer.greetingClass
                """);
        assertThat(off.dependsOn()).contains("keys.inMenu", "keys.inPromo");

        CallpathConfig greetingFirst = ShippedConfigs.greetingFirst(Path.of("config/simulate.yaml"));
        Candidate on = greetingCandidate(greetingFirst);

        assertThat(on.label())
                .isEqualTo("informer.greetingClass callpath-main-greeting (sales rings during the greeting)");
        assertThat(on.apply(greetingFirst).lines().get(0).ringingGreetingClass())
                .isEqualTo("callpath-main-greeting");
        assertThat(on.yaml()).isEqualTo("""
                lines:
                  - name: main
                    informer:
                      greetingClass: callpath-main-greeting
                """);
    }

    private static Candidate greetingCandidate(CallpathConfig config) {
        List<Candidate> candidates =
                Candidates.singleChanges(config, config.lines().get(0), Set.of("informer")).stream()
                        .filter(c -> c.label().contains("greetingClass"))
                        .toList();
        assertThat(candidates).hasSize(1);
        return candidates.get(0);
    }

    @Test
    void switchingToWhileRingingWritesEveryKeyItNeeds() {
        Candidate candidate = Candidates.singleChanges(before, before.lines().get(0), Set.of("informer")).stream()
                .filter(c -> c.label().startsWith("informer.mode"))
                .findFirst()
                .orElseThrow();

        CallpathConfig changed = candidate.apply(before);

        assertThat(changed.lines().get(0).promoWhileRinging()).isTrue();
        assertThat(changed.lines().get(0).defaultDepartment()).isEqualTo("sales");
        assertThat(changed.lines().get(0).ringingMusicClass()).isEqualTo("callpath-main");
        assertThat(candidate.yaml()).isEqualTo("""
                lines:
                  - name: main
                    informer:
                      mode: while-ringing
                      musicClass: callpath-main
                    defaultDepartment: sales
                """);
    }

    @Test
    void aCombinedCandidateChangesTheConfigAndWritesItsYaml() {
        CallpathConfig config = before;
        LineConfig line = config.lines().get(0);
        List<ConfigChange> changes = Candidates.singleChanges(config, line, Set.of("menu", "ring")).stream()
                .flatMap(candidate -> candidate.changes().stream())
                .filter(change -> change.label().equals("menu.timeout 3s")
                        || change.label().equals("menu.retries 0")
                        || change.label().equals("strategy ringall"))
                .toList();
        Candidate candidate = new Candidate(changes);

        CallpathConfig changed = candidate.apply(config);

        assertThat(changed.lines().get(0).menu().timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(changed.lines().get(0).menu().retries()).isZero();
        assertThat(changed.departments().get("sales").strategy()).isEqualTo(DialStrategy.RINGALL);
        assertThat(config.departments().get("sales").strategy()).isEqualTo(DialStrategy.SEQUENTIAL);
        assertThat(candidate.yaml()).isEqualTo("""
                lines:
                  - name: main
                    menu:
                      timeout: 3s
                      retries: 0
                departments:
                  sales:
                    strategy: ringall
                """);
    }
}
