package io.callpath.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.callpath.clock.CallSummary;
import io.callpath.config.CallpathConfig;
import io.callpath.config.ConfigLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class SimulationRunTest {

    @Test
    void everySimulatedCallGetsAnOutcome() {
        CallpathConfig config = ConfigLoader.load(Path.of("config/simulate.yaml"));
        CallerModel model = CallerModel.defaults();
        List<CallPlan> plans = CallPlans.draw(model, 7, 20);

        InProcessSimulation.Result result = InProcessSimulation.run(config, model, plans, "5551000",
                SimSettings.scaled(0.002), 10, 3, (done, total, errors) -> { });

        assertThat(result.load().errors()).isEmpty();
        assertThat(result.calls()).hasSize(20);
        assertThat(result.calls()).allSatisfy(call -> assertThat(call.outcome()).isNotNull());
        System.out.println(io.callpath.report.TimeToSellerReport.render("t", result.calls(),
                java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(5)));
        result.calls().forEach(c -> System.out.println(c.outcome() + " " + c.route() + " " + c.timeToSellerMillis() + " " + c.phaseMillis() + " " + c.outcomeReason()));
    }
}
