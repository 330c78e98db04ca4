package io.callpath.tune;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.config.CallpathConfig;
import io.callpath.config.ConfigLoader;
import io.callpath.config.DialStrategy;
import io.callpath.config.LineConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CandidateTest {

    private final CallpathConfig config = ConfigLoader.load(Path.of("config/simulate.yaml"));
    private final LineConfig line = config.lines().get(0);

    @Test
    void singleChangesLeaveOutTheCurrentValues() {
        List<String> labels = Candidates.singleChanges(config, line, Set.copyOf(Candidates.GROUPS)).stream()
                .map(change -> change.owner() + " " + change.label()).toList();

        assertThat(labels).contains("lines[main] informer.budget 10s", "lines[main] informer.budget 5s",
                "lines[main] no informer", "lines[main] menu.timeout 3s", "lines[main] menu.retries 1",
                "lines[main] menu.retries 0", "lines[main] assistants.answerTimeout 5s",
                "lines[main] assistants.answerTimeout 15s", "departments.sales strategy ringall",
                "departments.sales ringTimeout 8s", "departments.sales ringTimeout 20s",
                "departments.service ringTimeout 8s");
        // service has one seller (no strategy to change) and already rings 20 s
        assertThat(labels).doesNotContain("departments.service strategy ringall", "departments.service ringTimeout 20s");
    }

    @Test
    void aCombinedCandidateChangesTheConfigAndWritesItsYaml() {
        List<ConfigChange> changes = Candidates.singleChanges(config, line, Set.of("menu", "ring")).stream()
                .filter(change -> change.label().equals("menu.timeout 3s") || change.label().equals("menu.retries 0")
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
