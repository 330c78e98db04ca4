package io.callpath.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.callpath.e2e.CallpathRig;
import io.callpath.events.SessionClock;
import io.callpath.sim.CallRecord;
import io.callpath.sim.CallerScript;
import io.callpath.sim.Cue;
import io.callpath.sim.FakeAsterisk;
import io.callpath.sim.SimSettings;
import io.callpath.sim.SimulatedTime;
import io.callpath.store.SharedPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The whole server with its HTTP endpoint, calls placed by the FakeAsterisk on simulated time (a Monday 10:00,
 * inside the demo config's hours): /metrics parsed as Prometheus text counts exactly the calls made, /health/ready
 * says ready, /board's numbers are those calls', and a token keeps out a request without it.
 */
class MetricsEndpointTest {

    static final Instant MONDAY_10_00 = Instant.parse("2026-11-23T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void metricsCountTheCallsMadeAndHealthSaysReady() throws Exception {
        SharedPostgres.clean();
        SimulatedTime time = new SimulatedTime(MONDAY_10_00);
        try (LiveOpsRig rig = new LiveOpsRig("", time.clock(), () -> new SessionClock(time.clock(), time::nanoTime))) {
            FakeAsterisk fake = new FakeAsterisk(
                    "127.0.0.1",
                    rig.callpath.port(),
                    CallpathRig.pbxWithTransferringAssistant().build(),
                    SimSettings.scaled(0.001),
                    time);
            CallRecord reached = fake.placeCall(CallerScript.calling("5551000")
                    .from("5550501", "Ann")
                    .cue(Cue.pressInNextGetData('1', Duration.ofSeconds(3)))
                    .build());
            fake.placeCall(CallerScript.calling("5551000")
                    .from("5550502", "Ben")
                    .pressInPrompt("callpath/informer", Duration.ofMillis(4_500), '0')
                    .build());
            fake.placeCall(CallerScript.calling("5551000")
                    .from("5550503", "Cid")
                    .hangUpInPrompt("callpath/informer", Duration.ofSeconds(3))
                    .build());
            fake.placeCall(
                    CallerScript.calling("5559999").from("5550504", "Dee").build());

            PrometheusText metrics = awaitCalls(rig, 4);
            assertThat(metrics.sum("callpath_calls_total", "outcome", "reached_seller"))
                    .isEqualTo(2);
            assertThat(metrics.sum(
                            "callpath_calls_total", "outcome", "reached_seller", "route", "sales", "line", "main"))
                    .isEqualTo(1);
            assertThat(metrics.sum("callpath_calls_total", "outcome", "reached_seller", "route", "assistant"))
                    .isEqualTo(1);
            assertThat(metrics.sum("callpath_calls_total", "outcome", "abandoned"))
                    .isEqualTo(1);
            assertThat(metrics.sum("callpath_calls_total", "outcome", "failed")).isEqualTo(1);
            assertThat(metrics.sum("callpath_abandons_total", "phase", "informer"))
                    .isEqualTo(1);
            // time to seller 19 s and 35 s (FullStackTest's calls): the target's bucket (10 s) is there and empty
            assertThat(metrics.sum("callpath_time_to_seller_seconds_count", "line", "main"))
                    .isEqualTo(2);
            assertThat(metrics.sum("callpath_time_to_seller_seconds_sum", "line", "main"))
                    .isEqualTo(54.0);
            assertThat(metrics.sum("callpath_time_to_seller_seconds_bucket", "line", "main", "le", "10.0"))
                    .isZero();
            assertThat(metrics.sum("callpath_time_to_seller_seconds_bucket", "line", "main", "le", "20.0"))
                    .isEqualTo(1);
            assertThat(metrics.sum("callpath_time_to_seller_seconds_bucket", "line", "main", "le", "45.0"))
                    .isEqualTo(2);
            assertThat(metrics.sum("callpath_phase_seconds_count", "phase", "informer"))
                    .isEqualTo(3);
            assertThat(metrics.sum("callpath_agi_command_seconds_count", "command", "EXEC Dial"))
                    .isGreaterThanOrEqualTo(3);
            assertThat(metrics.sum("callpath_agi_command_seconds_count", "command", "STREAM FILE"))
                    .isPositive();
            assertThat(metrics.sum("callpath_fastagi_sessions_live")).isZero();
            assertThat(metrics.sum("callpath_fastagi_sessions_refused_total")).isZero();
            assertThat(metrics.sum("callpath_fastagi_sessions_overloaded_total"))
                    .isZero();
            assertThat(metrics.sum("callpath_writer_lost_events_total")).isZero();
            assertThat(metrics.sum("callpath_writer_dead_lettered_events_total"))
                    .isZero();
            assertThat(metrics.has("callpath_writer_spooled_events_total")).isTrue();
            assertThat(metrics.has("callpath_writer_queued_events")).isTrue();
            assertThat(metrics.has("callpath_writer_lag_seconds")).isTrue();
            assertThat(metrics.sum("callpath_database_up")).isEqualTo(1);
            assertThat(metrics.sum("hikaricp_connections_max", "pool", "callpath-db"))
                    .isEqualTo(4);
            assertThat(metrics.has("jvm_memory_used_bytes")).isTrue();
            assertThat(metrics.has("jvm_gc_pause_seconds_count") || metrics.has("jvm_gc_memory_allocated_bytes_total"))
                    .isTrue();

            assertThat(metrics.sum("callpath_short_abandons_total"))
                    .as("Cid gave up after 3.5 s")
                    .isEqualTo(1);
            assertDeployFilesNameOnlyMetricsThatExist(metrics);

            HttpResponse<String> ready = rig.get("/health/ready");
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            JsonNode health = JSON.readTree(ready.body());
            assertThat(health.path("status").asText()).isEqualTo("ready");
            assertThat(health.path("fastagi").path("listening").asBoolean()).isTrue();
            assertThat(health.path("database").path("up").asBoolean()).isTrue();
            assertThat(rig.get("/health/live").statusCode()).isEqualTo(200);

            JsonNode today = awaitBoard(rig, 4).path("today");
            assertThat(today.path("offered").asInt()).isEqualTo(4);
            assertThat(today.path("reached").asInt()).isEqualTo(2);
            assertThat(today.path("p50Ms").asLong()).isEqualTo(19_000);
            assertThat(today.path("p90Ms").asLong()).isEqualTo(35_000);
            assertThat(reached.linkedId()).isNotBlank();
        }
    }

    @Test
    void aTokenKeepsOutRequestsWithoutIt() {
        String token = "0123456789abcdef0123";
        try (LiveOpsRig rig = new LiveOpsRig(token, java.time.Clock.systemUTC(), SessionClock::system)) {
            assertThat(rig.get("/metrics").statusCode()).isEqualTo(401);
            assertThat(rig.get("/").statusCode()).isEqualTo(401);
            assertThat(rig.get("/health/ready", "Authorization", "Bearer wrong-token-0123456789")
                            .statusCode())
                    .isEqualTo(401);
            assertThat(rig.get("/health/live").statusCode())
                    .as("liveness needs no token")
                    .isEqualTo(200);
            assertThat(rig.get("/metrics", "Authorization", "Bearer " + token).statusCode())
                    .isEqualTo(200);
            HttpResponse<String> page = rig.get("/?token=" + token);
            assertThat(page.statusCode()).isEqualTo(200);
            String cookie = page.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict");
            assertThat(rig.get("/board", "Cookie", cookie.substring(0, cookie.indexOf(';')))
                            .statusCode())
                    .isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                    .contains("script-src 'self'");
        }
    }

    /** deploy/prometheus/*.yml parse as YAML, and every callpath_ metric an alert reads is in a real scrape. */
    private static void assertDeployFilesNameOnlyMetricsThatExist(PrometheusText metrics) throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode scrape =
                yaml.readTree(Path.of("deploy/prometheus/prometheus.yml").toFile());
        assertThat(scrape.path("rule_files").get(0).asText()).isEqualTo("callpath-alerts.yml");
        assertThat(scrape.path("scrape_configs").get(0).path("metrics_path").asText())
                .isEqualTo("/metrics");
        JsonNode rules = yaml.readTree(
                        Path.of("deploy/prometheus/callpath-alerts.yml").toFile())
                .path("groups")
                .get(0)
                .path("rules");
        Set<String> alerts = new TreeSet<>();
        for (JsonNode rule : rules) {
            alerts.add(rule.path("alert").asText());
            assertThat(rule.path("labels").path("severity").asText())
                    .as(rule.toString())
                    .isIn("warning", "critical");
            Matcher names = Pattern.compile("callpath_[a-z_]+")
                    .matcher(rule.path("expr").asText());
            while (names.find()) {
                assertThat(metrics.has(names.group()))
                        .as("%s in alert %s", names.group(), rule.path("alert"))
                        .isTrue();
            }
        }
        assertThat(alerts)
                .contains("CallpathWriterLosingEvents", "CallpathDatabaseDown", "CallpathServiceLevelUnderTarget");
        assertThat(metrics.matching("callpath_time_to_seller_seconds_bucket", "le", "10.0"))
                .as("the alert's bucket")
                .isNotEmpty();
    }

    /** The board is published at most every 200 ms, so it may trail the meters by that much. */
    private static JsonNode awaitBoard(LiveOpsRig rig, int offered) throws Exception {
        return await("the board counts " + offered + " offered")
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> JSON.readTree(rig.get("/board").body()),
                        board -> board.path("today").path("offered").asInt() >= offered);
    }

    /** The feed counts a call when its outcome is known, a moment after the fake saw it end. */
    private static PrometheusText awaitCalls(LiveOpsRig rig, int calls) {
        PrometheusText metrics = await("callpath_calls_total reaches " + calls)
                .atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> scrape(rig), scraped -> scraped.sum("callpath_calls_total") >= calls);
        assertThat(metrics.sum("callpath_calls_total")).as("calls counted").isEqualTo(calls);
        return metrics;
    }

    private static PrometheusText scrape(LiveOpsRig rig) {
        HttpResponse<String> scrape = rig.get("/metrics");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        return PrometheusText.parse(scrape.body());
    }
}
